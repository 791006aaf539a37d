"""``policygraph serve``: a read-only SPARQL 1.1 Protocol endpoint over a store, and a query page.

The HTTP side is a small Starlette (ASGI) application served by uvicorn; SPARQL evaluation and
result serialisation are pyoxigraph's.  ``/sparql`` takes queries by GET (``?query=``) and POST
(url-encoded form or ``application/sparql-query``) and answers SELECT/ASK in SPARQL JSON, XML, CSV
or TSV and CONSTRUCT/DESCRIBE in Turtle, N-Triples, RDF/XML or JSON-LD, by the Accept header.
``/`` is a YASGUI query page (scripts and styles bundled in ``serve_static/``: it needs no
internet) with the saved queries as examples.

Limits, all enforced on the server:

* read-only: the store is opened read-only; update requests (``update=``,
  ``application/sparql-update``) and update operations (``INSERT``, ``DELETE``, ``LOAD``,
  ``DROP`` …) are refused with 403, as is ``SERVICE`` (federated query would make the server
  fetch other URLs);
* a query timeout: each query runs in a worker process that is killed when the time is up
  (pyoxigraph has no timeout of its own), and the client gets 503;
* a row limit: at most ``max_rows`` rows (or triples) are returned; a longer result is cut and
  the ``PolicyGraph-Truncated: true`` header says so (``PolicyGraph-Row-Limit`` gives the limit).

The common prefixes (eli, dcterms, org, skos, oa, prov, xsd, schema, pg …) are predeclared.

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
'SELECT'
>>> check_query("PREFIX x: <http://x/> LOAD <http://example.org/data.ttl>")
Traceback (most recent call last):
...
policygraph.serve.Refused: read-only endpoint: LOAD is refused (no updates, no LOAD)
"""

from __future__ import annotations

import contextlib
import html
import itertools
import json
import multiprocessing
import os
import queue
import re
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_QUERY_BYTES = 1_000_000
STATIC = "serve_static"

# --- what a request may ask ------------------------------------------------------------------

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class Refused(Exception):
    """A request the endpoint will not run: ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


_LEXICAL = re.compile(r'''
      (?P<comment>\#[^\n]*)
    | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
                |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
''', re.VERBOSE | re.DOTALL)


def _skeleton(sparql: str) -> str:
    """The query with comments removed and strings and IRIs emptied: keywords only remain."""
    def repl(m: re.Match[str]) -> str:
        if m.group("comment"):
            return " "
        return '""' if m.group("string") else "<>"

    return _LEXICAL.sub(repl, sparql)


def _has_keyword(skeleton: str, word: str) -> bool:
    # not part of a variable (?service), a prefixed name (x:load, load:x) or a longer word
    return re.search(rf"(?<![\w?$:@.-]){word}(?![\w:-])", skeleton, re.IGNORECASE) is not None


def check_query(sparql: str) -> str:
    """The form of a query (SELECT, ASK, CONSTRUCT or DESCRIBE), or :class:`Refused` for an
    update, LOAD, SERVICE or anything that is not a query."""
    skeleton = _skeleton(sparql)
    m = re.match(r"\s*(?:(?:BASE\s*<>|PREFIX\s+[\w.-]*:\s*<>)\s*)*([A-Za-z]+)", skeleton, re.IGNORECASE)
    first = m.group(1).upper() if m else ""
    if first in UPDATE_KEYWORDS or _has_keyword(skeleton, "LOAD"):
        word = first if first in UPDATE_KEYWORDS else "LOAD"
        raise Refused(f"read-only endpoint: {word} is refused (no updates, no LOAD)")
    if _has_keyword(skeleton, "SERVICE"):
        raise Refused("SERVICE (federated query) is refused: this endpoint queries its own store only")
    if first not in QUERY_FORMS:
        raise Refused("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE"
                      + (f", got {first}" if first else ""), 400)
    return first


# --- content negotiation -----------------------------------------------------------------------

RESULT_TYPES: dict[str, str] = {  # media type → QueryResultsFormat name
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_TYPES: dict[str, str] = {  # media type → RdfFormat name
    "text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD",
}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                "turtle": "text/turtle", "nt": "application/n-triples", "rdfxml": "application/rdf+xml",
                "jsonld": "application/ld+json"}


def negotiate(accept: str | None, form: str) -> tuple[str, str]:
    """(media type, pyoxigraph format name) for an Accept header and a query form; raises
    :class:`Refused` (406) when nothing acceptable is offered.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT")
    ('application/sparql-results+xml', 'XML')
    >>> negotiate(None, "CONSTRUCT")
    ('text/turtle', 'TURTLE')
    """
    offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    default = next(iter(offered))
    if not accept or not accept.strip():
        return default, offered[default]
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        items = [x.strip() for x in part.split(";")]
        media = items[0].lower()
        q = 1.0
        for param in items[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in offered:
            choices.append((q, -i, media))
        elif media in ("*/*", "application/*", "text/*"):
            wild = next((t for t in offered if t.startswith(media[:-1]) or media == "*/*"), None)
            if wild:
                choices.append((q - 0.0001, -i, wild))  # an exact type wins over a wildcard
    if not choices:
        raise Refused(f"cannot answer a {form} query in {accept}; available: {', '.join(offered)}", 406)
    media = max(choices)[2]
    return media, offered[media]


# --- the query processes -----------------------------------------------------------------------

@dataclass
class Job:
    query: str
    form: str
    fmt: str
    max_rows: int
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


@dataclass
class Answer:
    status: int
    body: bytes
    truncated: bool = False
    rows: int = 0


def _prefixes() -> dict[str, str]:
    from policygraph.vocab import PREFIXES

    return dict(PREFIXES)


def _json_term(term: Any) -> dict[str, Any]:
    """A term in SPARQL JSON results (triple terms as in SPARQL 1.2)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
        if getattr(term, "direction", None) is not None:
            out["its:dir"] = str(term.direction.value if hasattr(term.direction, "value") else term.direction)
    else:
        out["datatype"] = term.datatype.value
    return out


def _solutions_bytes(variables: list[str], rows: list[Any], fmt: str) -> bytes:
    """Serialise a list of solutions: written as SPARQL JSON, and read back by pyoxigraph, which
    serialises them in the format asked for (it has no way to take a cut-off iterator)."""
    bindings = [{v: _json_term(sol[v]) for v in variables if sol[v] is not None} for sol in rows]
    data = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=getattr(ox.QueryResultsFormat, fmt)) or b""


def execute(store: Any, job: Job) -> Answer:
    """Run one job on a pyoxigraph store (in a worker process)."""
    kwargs: dict[str, Any] = {"prefixes": _prefixes()}
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    result = store.query(job.query, **kwargs)
    if isinstance(result, ox.QueryBoolean):
        return Answer(200, result.serialize(format=getattr(ox.QueryResultsFormat, job.fmt)) or b"", rows=1)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = list(itertools.islice(result, job.max_rows + 1))
        truncated = len(rows) > job.max_rows
        rows = rows[:job.max_rows]
        return Answer(200, _solutions_bytes(variables, rows, job.fmt), truncated, len(rows))
    triples = list(itertools.islice(result, job.max_rows + 1))
    truncated = len(triples) > job.max_rows
    triples = triples[:job.max_rows]
    fmt = getattr(ox.RdfFormat, job.fmt)
    # no prefix for minted IRIs: their percent-encoded local names would need escaping
    kw = {"prefixes": {k: v for k, v in _prefixes().items() if k != "pgid"}} if job.fmt == "TURTLE" else {}
    return Answer(200, ox.serialize(triples, format=fmt, **kw) or b"", truncated, len(triples))


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _worker_main(conn: Any, store_path: str, stamp_path: str) -> None:  # pragma: no cover - child
    """A query process: opens the store read-only (again when ``stamp_path`` changes, i.e.
    after a build) and answers jobs until its pipe closes."""
    store = None
    stamp = -1.0
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            current = _mtime(stamp_path)
            if store is None or current != stamp:
                store = None
                store = ox.Store.read_only(store_path)
                stamp = current
            answer = execute(store, job)
        except SyntaxError as exc:
            answer = Answer(400, f"query syntax error: {exc}".encode())
        except Exception as exc:  # a failing query is answered, the process goes on
            answer = Answer(500, f"query failed: {type(exc).__name__}: {exc}".encode())
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, ctx: Any, store_path: str, stamp_path: str) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, store_path, stamp_path),
                                name="policygraph-query", daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
        self.proc.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class QueryPool:
    """Worker processes that run queries, each killed and replaced when its query overruns."""

    def __init__(self, store_path: str | Path, *, workers: int = 2, timeout: float = DEFAULT_TIMEOUT,
                 stamp_path: str | Path | None = None) -> None:
        self.store_path = str(store_path)
        self.stamp_path = str(stamp_path or Path(store_path) / "CURRENT")
        self.timeout = timeout
        self.size = workers
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._ctx, self.store_path, self.stamp_path)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        if not self._closed:
            threading.Thread(target=self._add, daemon=True).start()

    def run(self, job: Job) -> Answer:
        """Run ``job`` in a free worker (blocking; call it from a thread)."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, f"busy: no query process became free within {self.timeout:g} s".encode())
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                answer = worker.conn.recv()
            else:
                self._replace(worker)
                return Answer(503, f"query timed out after {self.timeout:g} s and was stopped "
                                   "(the limit is set with --timeout)".encode())
        except (EOFError, OSError) as exc:
            self._replace(worker)
            return Answer(500, f"query process failed ({type(exc).__name__}); it has been restarted".encode())
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            worker.proc.join(1)
            worker.kill()


# --- the query page ----------------------------------------------------------------------------

def saved_examples() -> list[dict[str, str]]:
    """The saved queries as runnable examples: common prefixes declared, parameters bound (in a
    VALUES block) to the example given in their description."""
    from policygraph.query import bindings, inline_values, saved_queries, with_prefixes

    out = []
    for name, saved in saved_queries().items():
        examples = {p.name: ex for p in saved.params if (ex := p.example)}
        text = with_prefixes(saved.text)
        try:
            if len(examples) == len(saved.params):
                text = inline_values(text, bindings(examples, saved))
        except ValueError:
            pass
        out.append({"name": name, "description": saved.description, "query": text})
    return out


CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


def query_page(timeout: float, max_rows: int) -> str:
    """The HTML of ``/``: every script and style is served from this server."""
    examples = saved_examples()
    esc = html.escape
    options = "\n".join(f'<option value="{esc(e["name"])}">{esc(e["name"])} — {esc(e["description"])}</option>'
                        for e in examples)
    listing = "\n".join(f'<details><summary><b>{esc(e["name"])}</b> — {esc(e["description"])}</summary>'
                        f'<pre>{esc(e["query"])}</pre></details>' for e in examples)
    data = json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>policygraph — SPARQL</title>
<link rel="stylesheet" href="static/yasgui/yasgui.min.css">
<link rel="stylesheet" href="static/page.css">
</head>
<body>
<header>
<h1>policygraph SPARQL</h1>
<p>Endpoint <code>sparql</code> (SPARQL 1.1 Protocol, read-only; queries stop after {timeout:g} s;
at most {max_rows} rows). Common prefixes (eli, dcterms, org, skos, oa, prov, xsd, schema, pg) are
predeclared.</p>
<label>Saved queries: <select id="examples"><option value="">choose an example…</option>
{options}
</select></label>
</header>
<main><div id="yasgui"></div></main>
<noscript><p>The editor needs JavaScript; the endpoint works without it:
<code>curl 'sparql?query=…'</code>.</p></noscript>
<section id="saved"><h2>Saved queries</h2>
{listing}
</section>
<script type="application/json" id="saved-queries">{data}</script>
<script src="static/yasgui/yasgui.min.js"></script>
<script src="static/page.js"></script>
</body>
</html>
"""


# --- the application ---------------------------------------------------------------------------

def store_paths(store_dir: str | Path) -> tuple[Path, Path]:
    """(Oxigraph database, file whose change means "reopen") of a store folder; a bare Oxigraph
    folder is accepted too."""
    root = Path(store_dir)
    if (root / "oxigraph").is_dir():
        return root / "oxigraph", root / "state.json"
    if (root / "CURRENT").exists():
        return root, root / "CURRENT"
    raise FileNotFoundError(f"{root} is not a store folder (made by `policygraph build`)")


def create_app(store_dir: str | Path, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
               workers: int = 2) -> Any:
    """The Starlette application of ``policygraph serve``."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    db, stamp = store_paths(store_dir)
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state["pool"] = await run_in_threadpool(QueryPool, db, workers=workers, timeout=timeout, stamp_path=stamp)
        try:
            yield
        finally:
            await run_in_threadpool(state["pool"].close)

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status)

    async def page(request: Request) -> Response:
        return HTMLResponse(query_page(timeout, max_rows), headers={"Content-Security-Policy": CSP})

    async def sparql(request: Request) -> Response:
        started = time.perf_counter()
        try:
            query, default_graphs, named_graphs = await _read_request(request)
            form = check_query(query)
            wanted = FORMAT_PARAM.get(request.query_params.get("format", ""), request.headers.get("accept"))
            media, fmt = negotiate(wanted, form)
        except Refused as exc:
            return error(exc.status, str(exc))
        job = Job(query, form, fmt, max_rows, default_graphs, named_graphs)
        answer: Answer = await run_in_threadpool(state["pool"].run, job)
        if answer.status != 200:
            return error(answer.status, answer.body.decode("utf-8", "replace"))
        headers = {"PolicyGraph-Row-Limit": str(max_rows),
                   "PolicyGraph-Truncated": "true" if answer.truncated else "false",
                   "PolicyGraph-Rows": str(answer.rows),
                   "Server-Timing": f"query;dur={(time.perf_counter() - started) * 1000:.1f}",
                   "Vary": "Accept"}
        if media.startswith("text/") or media.endswith(("json", "xml")):
            media += "; charset=utf-8"
        return Response(answer.body, headers=headers, media_type=media)

    async def _read_request(request: Request) -> tuple[str, list[str], list[str]]:
        params = request.query_params
        if "update" in params:
            raise Refused("read-only endpoint: SPARQL Update is refused")
        default_graphs = params.getlist("default-graph-uri")
        named_graphs = params.getlist("named-graph-uri")
        query = params.get("query")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                raise Refused("read-only endpoint: SPARQL Update is refused")
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > MAX_QUERY_BYTES:
                raise Refused(f"request body larger than {MAX_QUERY_BYTES} bytes", 413)
            body = await request.body()
            if len(body) > MAX_QUERY_BYTES:
                raise Refused(f"request body larger than {MAX_QUERY_BYTES} bytes", 413)
            if ctype == "application/x-www-form-urlencoded":
                from urllib.parse import parse_qs

                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form:
                    raise Refused("read-only endpoint: SPARQL Update is refused")
                query = (form.get("query") or [None])[0]
                default_graphs += form.get("default-graph-uri", [])
                named_graphs += form.get("named-graph-uri", [])
            elif ctype == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            else:
                raise Refused("POST a query as application/x-www-form-urlencoded (query=…) or as "
                              "application/sparql-query", 415)
        if not query or not query.strip():
            raise Refused("no query: give ?query=… (the query page is at /)", 400)
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            raise Refused(f"query longer than {MAX_QUERY_BYTES} bytes", 413)
        for g in default_graphs + named_graphs:
            if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*", g):
                raise Refused(f"not an IRI: {g!r}", 400)
        return query, default_graphs, named_graphs

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Mount("/static", app=StaticFiles(packages=[("policygraph", STATIC)]), name="static"),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


# --- the command -------------------------------------------------------------------------------

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@click.option("--store", "store_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Store folder made by `policygraph build`.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (loopback unless told otherwise; there is no authentication).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run; it is then stopped and the client gets HTTP 503.")
@click.option("--max-rows", default=DEFAULT_MAX_ROWS, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) returned at most; a longer result is cut, with the header "
                   "PolicyGraph-Truncated: true.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Query processes, i.e. queries run at the same time.")
def serve_command(store_dir: Path, host: str, port: int, timeout: float, max_rows: int, workers: int) -> None:
    """Serve a store as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/).

    Queries by GET or POST; results as SPARQL JSON, XML, CSV or TSV (graphs as Turtle,
    N-Triples, RDF/XML, JSON-LD) by the Accept header. Updates, LOAD and SERVICE are refused.
    The page (YASGUI, bundled) works without internet and lists the saved queries.

    \b
    Examples:
      policygraph serve --store out/store
      policygraph serve --store out/store --port 8080 --timeout 10 --max-rows 1000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?d eli:cites ?x } LIMIT 5' \\
           http://127.0.0.1:8000/sparql
    """
    import uvicorn

    try:
        app = create_app(store_dir, timeout=timeout, max_rows=max_rows, workers=workers)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from exc
    if host not in LOOPBACK:
        click.echo(f"warning: listening on {host}: anyone who can reach it can query the store "
                   "(there is no authentication)", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"policygraph: SPARQL endpoint http://{shown}:{port}/sparql, query page http://{shown}:{port}/ "
               f"(timeout {timeout:g} s, at most {max_rows} rows)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True)
