"""Remote SPARQL 1.1 stores: run queries on, and push named graphs to, any SPARQL 1.1 server.

Queries go out as SPARQL 1.1 Protocol requests (GET, or a url-encoded POST when the query is
long) and must come back as SPARQL JSON results; anything else — a non-2xx status, an HTML error
page, a body that does not parse, Virtuoso's partial "anytime" answers — raises
:class:`RemoteError`.  Graphs are written with the Graph Store Protocol (``PUT`` of N-Triples)
when a GSP URL is known, otherwise with SPARQL Update (``DROP SILENT GRAPH`` then ``INSERT DATA``
in chunks).  HTTP is the standard library's ``urllib`` (Basic and Digest authentication).

Server differences handled here (see the README).  For Virtuoso (recognised by its ``Server``
header, or ``dialect="virtuoso"``) :meth:`RemoteStore.prepare` rewrites three constructs that it
gets wrong into forms that give the standard answers:

* an unbounded property path between two variables (``?a eli:cites+ ?b``), which Virtuoso may
  answer with HTTP 500 "transitive temp memory", becomes Virtuoso's own transitive option:

  >>> virtuoso_transitive("{ ?s eli:cites+ ?a . }")
  '{ ?s eli:cites ?a OPTION (TRANSITIVE, t_distinct, t_in(?s), t_out(?a), t_min(1)) . }'

* a one-row ``VALUES`` block over several variables (how parameters are bound), which makes its
  compiler fail ("ssg_print_rvr_fixed_val(): no SPART_VARR_FIXED") next to an OPTIONAL, becomes
  one ``VALUES`` per variable — the same single row:

  >>> virtuoso_values('SELECT * WHERE { VALUES (?a ?b) { ("x" <urn:y>) } ?s ?p ?a }')
  'SELECT * WHERE { VALUES ?a { "x" } VALUES ?b { <urn:y> } ?s ?p ?a }'

* a ``GROUP_CONCAT`` separator with non-ASCII characters, which Virtuoso turns into ``?``, is
  given as an ``xsd:string`` typed literal (the same string; Virtuoso accepts that form):

  >>> virtuoso_separator('GROUP_CONCAT(?n; separator="、")')
  'GROUP_CONCAT(?n; separator="、"^^<http://www.w3.org/2001/XMLSchema#string>)'

Virtuoso also evaluates ``YEAR()``/``MONTH()`` of an unbound variable inside a FILTER as an SQL
error (DT001) where SPARQL makes the filter false; guard such calls with ``IF(BOUND(?x), …, …)``.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from policygraph.query import QueryResult

Triple = tuple[str, str, str]

ENV_UPDATE = "POLICYGRAPH_UPDATE_ENDPOINT"
ENV_GSP = "POLICYGRAPH_GSP_ENDPOINT"
ENV_USER = "POLICYGRAPH_ENDPOINT_USER"
ENV_PASSWORD = "POLICYGRAPH_ENDPOINT_PASSWORD"
ENV_DIALECT = "POLICYGRAPH_ENDPOINT_DIALECT"

RESULTS_JSON = "application/sparql-results+json"
GET_LIMIT = 4000
"""Queries whose URL would be longer than this go as a url-encoded POST."""


class RemoteError(RuntimeError):
    """A remote store failed: unreachable, a non-2xx status, or an answer that is not results."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _snippet(body: bytes, limit: int = 300) -> str:
    text = body.decode("utf-8", "replace")
    text = re.sub(r"<[^>]+>", " ", text) if "<html" in text[:500].lower() else text
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "")


def _hint(body: bytes) -> str:
    if b"transitive start not given" in body:
        return (" [Virtuoso evaluates a p+ or p* path only from a bound end: bind the start or the end "
                "first, e.g. with a parameter or a pattern such as ?a eli:id_local ?n]")
    return ""


# --- Virtuoso's transitive option ------------------------------------------------------------

_TERM = r"(?:<[^<>\s]*>|[A-Za-z][\w.-]*:[\w.-]*|a)"
_PATH_PLUS = re.compile(rf"(?P<s>[?$]\w+)\s+(?P<p>\^?{_TERM})(?P<op>[+*])\s+(?P<o>[?$]\w+)\s*(?P<end>[.;}}])")


def virtuoso_transitive(sparql: str) -> str:
    """Rewrite ``?s p+ ?o`` / ``?s p* ?o`` (one predicate, two variables) into Virtuoso's
    ``OPTION (TRANSITIVE …)`` form; other text is left as it is.  A pattern followed by ``;``
    (a predicate list continuing on the same subject) is split so the option ends its triple."""

    def repl(m: re.Match[str]) -> str:
        s, p, o = m.group("s"), m.group("p"), m.group("o")
        if p.startswith("^"):
            s, o, p = o, s, p[1:]
        t_min = 1 if m.group("op") == "+" else 0
        end = m.group("end")
        option = f"{s} {p} {o} OPTION (TRANSITIVE, t_distinct, t_in({s}), t_out({o}), t_min({t_min}))"
        if end == ";":
            return f"{option} . {m.group('s')}"
        return f"{option} {end}"

    return _PATH_PLUS.sub(repl, sparql)


_VTERM = r'<[^<>"\s]*>|"(?:[^"\\\n]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^<>"\s]*>)?|[^\s(){}"<>]+'
_VALUES_ROW = re.compile(
    rf"VALUES\s*\((?P<vars>(?:\s*[?$]\w+)+)\s*\)\s*\{{\s*\((?P<terms>(?:\s*(?:{_VTERM}))+)\s*\)\s*\}}",
    re.IGNORECASE)


def virtuoso_values(sparql: str) -> str:
    """Split one-row, several-variable ``VALUES`` blocks into one block per variable."""

    def repl(m: re.Match[str]) -> str:
        names = m.group("vars").split()
        terms = re.findall(_VTERM, m.group("terms"))
        if len(names) != len(terms) or len(names) < 2:
            return m.group(0)
        return " ".join(f"VALUES {n} {{ {t} }}" for n, t in zip(names, terms, strict=True))

    return _VALUES_ROW.sub(repl, sparql)


_SEPARATOR = re.compile(r'(separator\s*=\s*)("(?:[^"\\\n]|\\.)*")(?!\^\^|@)', re.IGNORECASE)


def virtuoso_separator(sparql: str) -> str:
    """Give non-ASCII ``GROUP_CONCAT`` separators as ``xsd:string`` typed literals."""

    def repl(m: re.Match[str]) -> str:
        if m.group(2).isascii():
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}^^<http://www.w3.org/2001/XMLSchema#string>"

    return _SEPARATOR.sub(repl, sparql)


def virtuoso_prepare(sparql: str) -> str:
    """All of Virtuoso's rewrites (the text is unchanged when none applies)."""
    return virtuoso_separator(virtuoso_values(virtuoso_transitive(sparql)))


# --- the store -------------------------------------------------------------------------------

class RemoteStore:
    """A SPARQL 1.1 server: ``endpoint`` answers queries; updates go to ``update_endpoint``
    (default: the query endpoint); ``gsp_endpoint`` is a Graph Store Protocol URL (graphs
    addressed as ``?graph=IRI``), used for writing graphs when given.

    ``dialect`` is ``"virtuoso"`` or ``"standard"``; when None it is read from the server's
    ``Server`` header on first use.
    """

    def __init__(self, endpoint: str, update_endpoint: str | None = None, gsp_endpoint: str | None = None,
                 user: str | None = None, password: str | None = None, *, timeout: float = 600.0,
                 dialect: str | None = None, chunk_size: int | None = None) -> None:
        for url in (endpoint, update_endpoint, gsp_endpoint):
            if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise ValueError(f"not an http(s) URL: {url!r}")
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.gsp_endpoint = gsp_endpoint
        self.timeout = timeout
        self.chunk_size = chunk_size
        self.dialect = dialect
        self.server: str | None = None
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (endpoint, self.update_endpoint, gsp_endpoint):
                if url:
                    mgr.add_password(None, url, user, password or "")
            handlers += [urllib.request.HTTPBasicAuthHandler(mgr), urllib.request.HTTPDigestAuthHandler(mgr)]
        self._opener = urllib.request.build_opener(*handlers)

    @classmethod
    def from_env(cls, endpoint: str) -> RemoteStore:
        """The store at ``endpoint`` with update URL, GSP URL, credentials and dialect from
        POLICYGRAPH_UPDATE_ENDPOINT, POLICYGRAPH_GSP_ENDPOINT, POLICYGRAPH_ENDPOINT_USER,
        POLICYGRAPH_ENDPOINT_PASSWORD and POLICYGRAPH_ENDPOINT_DIALECT."""
        env = os.environ
        return cls(endpoint, env.get(ENV_UPDATE) or None, env.get(ENV_GSP) or None,
                   env.get(ENV_USER) or None, env.get(ENV_PASSWORD), dialect=env.get(ENV_DIALECT) or None)

    @classmethod
    def for_server(cls, kind: str, base: str, **kwargs: Any) -> RemoteStore:
        """The usual URLs of a server product at ``base`` (e.g. ``http://127.0.0.1:7878``):
        ``oxigraph`` (``/query``, ``/update``, GSP ``/store``) or ``virtuoso`` (``/sparql`` for
        both, GSP ``/sparql-graph-crud``; with credentials use ``/sparql-auth`` and
        ``/sparql-graph-crud-auth``)."""
        base = base.rstrip("/")
        if kind == "oxigraph":
            return cls(f"{base}/query", f"{base}/update", f"{base}/store", **kwargs)
        if kind == "virtuoso":
            auth = "-auth" if kwargs.get("user") else ""
            kwargs.setdefault("dialect", "virtuoso")
            return cls(f"{base}/sparql{auth}", f"{base}/sparql{auth}", f"{base}/sparql-graph-crud{auth}", **kwargs)
        raise ValueError(f"unknown server kind {kind!r} (oxigraph or virtuoso)")

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    # -- HTTP ---------------------------------------------------------------------------------

    def _request(self, method: str, url: str, data: bytes | None = None,
                 headers: dict[str, str] | None = None, ok_statuses: tuple[int, ...] = ()) -> tuple[int, Any, bytes]:
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        where = f"{method} {url if len(url) < 120 else url[:117] + '…'}"
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                self._saw(resp.headers)
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as exc:
            self._saw(exc.headers)
            body = exc.read() if exc.fp is not None else b""
            if exc.code in ok_statuses:
                return exc.code, exc.headers, body
            raise RemoteError(f"{where}: HTTP {exc.code} {exc.reason}: {_snippet(body)}{_hint(body)}",
                              exc.code) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise RemoteError(f"{where}: {type(exc).__name__}: {reason}") from None

    def _saw(self, headers: Any) -> None:
        if headers is not None and self.server is None:
            self.server = headers.get("Server") or ""
            if self.dialect is None:
                self.dialect = "virtuoso" if "virtuoso" in self.server.lower() else "standard"

    def _dialect(self) -> str:
        if self.dialect is None:
            self._request("GET", self._query_url("ASK {}"), headers={"Accept": RESULTS_JSON})
        return self.dialect or "standard"

    def unreachable(self, timeout: float = 3.0) -> str | None:
        """None when the query endpoint answers ``ASK {}``; else why not (for skips and checks)."""
        req = urllib.request.Request(self._query_url("ASK {}"),
                                     headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                resp.read()
        except OSError as exc:
            return f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
        return None

    def _query_url(self, sparql: str) -> str:
        sep = "&" if "?" in self.endpoint else "?"
        return self.endpoint + sep + urllib.parse.urlencode({"query": sparql})

    # -- queries ------------------------------------------------------------------------------

    def prepare(self, sparql: str) -> str:
        """The query as it is sent to this server (dialect rewrites applied)."""
        rewritten = virtuoso_prepare(sparql)
        if rewritten != sparql and self._dialect() == "virtuoso":
            return rewritten
        return sparql

    def select(self, sparql: str) -> QueryResult:
        """Run a SELECT or ASK query; raise :class:`RemoteError` unless the answer is SPARQL
        JSON results."""
        sparql = self.prepare(sparql)
        url = self._query_url(sparql)
        headers = {"Accept": f"{RESULTS_JSON}, application/json;q=0.9"}
        if len(url) <= GET_LIMIT:
            status, resp_headers, body = self._request("GET", url, headers=headers)
        else:
            data = urllib.parse.urlencode({"query": sparql}).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            status, resp_headers, body = self._request("POST", self.endpoint, data, headers)
        return self._results(status, resp_headers, body)

    def ask(self, sparql: str) -> bool:
        result = self.select(sparql)
        if result.boolean is None:
            raise RemoteError("expected the answer of an ASK query, got rows")
        return result.boolean

    def _results(self, status: int, headers: Any, body: bytes) -> QueryResult:
        sql_state = headers.get("X-SQL-State") if headers is not None else None
        if sql_state:  # Virtuoso's "anytime" partial answer after its execution time limit
            raise RemoteError(f"{self.endpoint}: partial result (Virtuoso {sql_state}: "
                              f"{headers.get('X-SQL-Message', '')})", status)
        ctype = (headers.get("Content-Type") or "") if headers is not None else ""
        if "json" not in ctype.lower():
            raise RemoteError(f"{self.endpoint}: expected SPARQL JSON results, got "
                              f"{ctype or 'no content type'} (HTTP {status}): {_snippet(body)}", status)
        try:
            return QueryResult.from_json(body)
        except (SyntaxError, ValueError) as exc:
            raise RemoteError(f"{self.endpoint}: not SPARQL JSON results ({exc}): {_snippet(body)}",
                              status) from None

    # -- updates ------------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (POSTed as ``application/sparql-update``)."""
        self._request("POST", self.update_endpoint, sparql.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8", "Accept": "*/*"})

    def _gsp_url(self, graph: str) -> str:
        assert self.gsp_endpoint
        sep = "&" if "?" in self.gsp_endpoint else "?"
        return self.gsp_endpoint + sep + urllib.parse.urlencode({"graph": graph})

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Make the named graph ``graph`` hold exactly ``triples`` (N-Triples term strings).

        With a GSP URL this is one ``PUT`` (atomic on servers that make it so); with SPARQL
        Update it is ``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks of ``chunk_size``
        triples (default 10000, 500 for Virtuoso; readers may see a partly written graph
        meanwhile)."""
        _check_iri(graph)
        triples = list(triples)
        if self.gsp_endpoint:
            if not triples:
                self.drop_graph(graph)
                return
            data = "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")
            self._request("PUT", self._gsp_url(graph), data,
                          {"Content-Type": "application/n-triples; charset=utf-8", "Accept": "*/*"})
            return
        # Virtuoso compiles INSERT DATA to SQL and refuses more than 10000 lines of it
        # (about 1000 triples): it gets small chunks
        size = self.chunk_size or (500 if self._dialect() == "virtuoso" else 10_000)
        first = True
        for chunk in _chunks(triples, size):
            body = "".join(f"{s} {p} {o} .\n" for s, p, o in chunk)
            insert = f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"
            self.update(f"DROP SILENT GRAPH <{graph}> ;\n{insert}" if first else insert)
            first = False
        if first:
            self.drop_graph(graph)

    def drop_graph(self, graph: str) -> None:
        """Remove the named graph ``graph`` (no error when it does not exist)."""
        _check_iri(graph)
        if self.gsp_endpoint:
            self._request("DELETE", self._gsp_url(graph), headers={"Accept": "*/*"}, ok_statuses=(404,))
        else:
            self.update(f"DROP SILENT GRAPH <{graph}>")

    def graphs(self) -> list[str]:
        """Names of the non-empty named graphs, sorted."""
        # GROUP BY, not DISTINCT: Virtuoso 7.2 over HTTP can take minutes for the DISTINCT form
        # on a large store (ending in "SR171: Transaction timed out"), GROUP BY takes milliseconds
        result = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sorted(row[0].value for row in result.rows if isinstance(row[0], ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        """Number of triples in one named graph (or in all of them)."""
        _check_iri(graph or "urn:x")
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        result = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(result.rows[0][0].value)


def _check_iri(iri: str) -> None:
    if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*", iri):
        raise ValueError(f"not an IRI: {iri!r}")


def _chunks(items: list[Triple], size: int) -> Iterator[list[Triple]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# --- pushing an embedded store ---------------------------------------------------------------

def store_graph_triples(gs: Any, graph: str) -> list[Triple]:
    """The triples of one named graph of a :class:`policygraph.store.GraphStore` as N-Triples
    term strings, sorted."""
    g = ox.NamedNode(graph)
    return sorted({(str(q.subject), str(q.predicate), str(q.object))
                   for q in gs.store.quads_for_pattern(None, None, None, g)})


def push_store(gs: Any, remote: RemoteStore, graphs: Iterable[str] | None = None,
               progress: Callable[[str], None] | None = None) -> list[str]:
    """Copy named graphs of an embedded store (all of them unless ``graphs`` is given) to
    ``remote``, each replacing the remote graph of the same name.  Returns the graphs pushed."""
    pushed = []
    for graph in sorted(graphs) if graphs is not None else gs.graphs():
        remote.replace_graph(graph, store_graph_triples(gs, graph))
        pushed.append(graph)
        if progress:
            progress(graph)
    return pushed


def _push_state_path(store_dir: str | Path, remote: RemoteStore) -> Path:
    key = hashlib.sha256((remote.gsp_endpoint or remote.update_endpoint).encode()).hexdigest()[:16]
    return Path(store_dir) / "pushed" / f"{key}.json"


def build_remote(paths: Iterable[str | Path], store_dir: str | Path, remote: RemoteStore, *,
                 prune: bool = False, force: bool = False, progress: Callable[[str], None] | None = None,
                 **build_options: Any) -> tuple[Any, list[str], list[str]]:
    """Build into the embedded store at ``store_dir`` (:func:`policygraph.build.build`), then
    bring ``remote`` up to date: push every named graph whose triples differ from what was last
    pushed to this remote, and drop the graphs pushed earlier that the store no longer has.

    What each remote holds is remembered per remote in ``store_dir/pushed/<hash>.json`` (graph →
    triples hash, as in the build catalogue), written after each graph, so a failed push resumes
    where it stopped; ``force`` pushes everything.  Other keyword arguments (``jobs``) go to
    ``build``.  Returns (build summary, pushed, dropped).
    """
    from policygraph.build import StoreFolder, build
    from policygraph.output import write_atomic

    summary = build(paths, store_dir, prune=prune, progress=progress, **build_options)
    folder = StoreFolder(store_dir)
    wanted = folder.graph_hashes()
    path = _push_state_path(store_dir, remote)
    done: dict[str, str] = {}
    if path.exists() and not force:
        try:
            done = json.loads(path.read_text(encoding="utf-8")).get("graphs", {})
        except (OSError, ValueError):
            done = {}

    def save() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"endpoint": remote.gsp_endpoint or remote.update_endpoint,
                                       "graphs": done}, indent=1, sort_keys=True) + "\n")

    gs = folder.store(read_only=True)
    pushed, dropped = [], []
    for graph in sorted(wanted):
        if done.get(graph) != wanted[graph]:
            remote.replace_graph(graph, store_graph_triples(gs, graph))
            done[graph] = wanted[graph]
            pushed.append(graph)
            save()
    for graph in sorted(set(done) - set(wanted)):
        remote.drop_graph(graph)
        del done[graph]
        dropped.append(graph)
        save()
    if not path.exists():
        save()
    return summary, pushed, dropped
