"""Remote SPARQL stores: pushing graphs, running the saved queries, and errors as errors.

The integration tests need the two servers that `.ci/services.sh` starts on 127.0.0.1 (the
Oxigraph server and Virtuoso); they are found through POLICYGRAPH_TEST_OXIGRAPH and
POLICYGRAPH_TEST_VIRTUOSO (base URLs) or the file `.ci/services.env` the script writes, and are
skipped, with the reason, when absent.  They replace every graph under
https://w3id.org/policygraph/id/ on those servers: point the variables at throw-away servers
only.  Each builds the corpus, pushes it into the server
(Oxigraph through the Graph Store Protocol, Virtuoso through SPARQL Update) and compares the
answer of every saved query with the embedded store's, as sets of rows.  The rest of the file
(HTTP behaviour, error handling, Virtuoso rewrites, incremental pushing) runs everywhere against
a small stand-in HTTP server.
"""

from __future__ import annotations

import base64
import http.server
import json
import os
import re
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
import pytest

from policygraph import query as q
from policygraph.build import build
from policygraph.remote import (
    RemoteError,
    RemoteStore,
    build_remote,
    push_store,
    store_graph_triples,
    virtuoso_prepare,
    virtuoso_separator,
    virtuoso_transitive,
    virtuoso_values,
)
from policygraph.store import GraphStore
from policygraph.vocab import ID, XSD

ROOT = Path(__file__).resolve().parents[1]
SERVERS = {"oxigraph": "POLICYGRAPH_TEST_OXIGRAPH", "virtuoso": "POLICYGRAPH_TEST_VIRTUOSO"}


# --- finding the servers -----------------------------------------------------------------------

def server_url(kind: str) -> str | None:
    var = SERVERS[kind]
    if os.environ.get(var):
        return os.environ[var]
    env_file = ROOT / ".ci" / "services.env"
    if env_file.exists():
        for line in env_file.read_text(encoding="utf-8").splitlines():
            if line.startswith(var + "="):
                return line.split("=", 1)[1].strip() or None
    return None


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store_dir = tmp_path_factory.mktemp("corpus-store")
    summary = build([ROOT / "corpus"], store_dir)
    assert summary.failed == 0
    return store_dir


@pytest.fixture(scope="module", params=sorted(SERVERS))
def server(request: pytest.FixtureRequest, corpus_store: Path) -> RemoteStore:
    """A server holding exactly the corpus's graphs (other policygraph graphs are dropped)."""
    kind = request.param
    url = server_url(kind)
    if not url:
        pytest.skip(f"no {kind} server: set {SERVERS[kind]} (a base URL such as "
                    f"http://127.0.0.1:{7878 if kind == 'oxigraph' else 8890}) or run .ci/services.sh")
    remote = RemoteStore.for_server(kind, url, timeout=120)
    why = remote.unreachable()
    if why:
        pytest.skip(f"{kind} server at {url} does not answer ({why}); start it with .ci/services.sh")
    if kind == "virtuoso":  # one server through SPARQL Update, the other through the GSP
        remote.gsp_endpoint = None
    for g in remote.graphs():
        if g.startswith(ID):
            remote.drop_graph(g)
    _, pushed, _ = build_remote([ROOT / "corpus"], corpus_store, remote, force=True)
    assert pushed
    return remote


# --- comparing answers -------------------------------------------------------------------------

NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong")}
PLAIN = {"", XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def concat_separators(text: str) -> dict[str, str]:
    """Variables made by GROUP_CONCAT, with their separators."""
    return {m.group(2): m.group(1) for m in re.finditer(
        r'GROUP_CONCAT\([^;]*;\s*separator\s*=\s*"([^"]*)"\)\s*AS\s*\?(\w+)', text, re.IGNORECASE)}


def norm_term(term: Any, separator: str | None) -> Any:
    """A comparable form of a term.  Normalised, because servers differ within the standard:

    * numbers by value (Virtuoso keeps an integer-valued xsd:decimal as xsd:integer);
    * booleans by value (Virtuoso gives "1"^^xsd:boolean for true);
    * GROUP_CONCAT values as the sorted list of their parts (the order is unspecified), with
      "" the same as no value (Oxigraph leaves the aggregate of no values unbound, Virtuoso "");
    * language tags case-insensitively, xsd:string as a plain literal.
    """
    if separator is not None:
        value = term.value if isinstance(term, ox.Literal) else ""
        return ("concat", tuple(sorted(value.split(separator)))) if value else ("concat", ())
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt in NUMERIC:
            try:
                return ("number", Decimal(term.value).normalize())
            except InvalidOperation:
                pass
        if dt == XSD + "boolean":
            return ("boolean", term.value in ("true", "1"))
        return ("literal", term.value, (term.language or "").lower(), "" if dt in PLAIN else dt)
    return (type(term).__name__, term.value)


def comparable(result: q.QueryResult, text: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    seps = concat_separators(text)
    rows = [tuple(norm_term(t, seps.get(v)) for v, t in zip(result.variables, row, strict=True))
            for row in result.rows]
    return result.variables, sorted(rows, key=repr)


def example_terms(saved: q.SavedQuery) -> dict[str, Any]:
    values = {p.name: p.example for p in saved.params}
    return q.bindings(values, saved)


KNOWN = {
    ("virtuoso", "in_force_on"): (
        "DT001", "Virtuoso raises SQL error DT001 for YEAR()/MONTH() of an unbound ?from inside the "
        "validity FILTER, where SPARQL makes the filter false; writing that FILTER as "
        "IF(BOUND(?years) && BOUND(?from), …, true) gives the same answers on every store"),
}


def server_kind(remote: RemoteStore) -> str:
    return "virtuoso" if remote.dialect == "virtuoso" else "oxigraph"


# --- integration: every saved query on both stores ---------------------------------------------

@pytest.mark.parametrize("name", sorted(q.saved_queries()))
def test_saved_query_same_answers(server: RemoteStore, corpus_store: Path, name: str) -> None:
    saved = q.saved_queries()[name]
    terms = example_terms(saved)
    embedded = q.run_embedded(GraphStore(corpus_store / "oxigraph", read_only=True), saved.text, terms)
    known = KNOWN.get((server_kind(server), name))
    try:
        remote = server.select(q.inline_values(q.with_prefixes(saved.text), terms))
    except RemoteError as exc:
        if known and known[0] in str(exc):
            pytest.xfail(known[1])
        raise
    assert embedded.rows, f"{name}: the example finds nothing on the embedded store"
    assert comparable(remote, saved.text) == comparable(embedded, saved.text)


def test_push_copies_every_graph(server: RemoteStore, corpus_store: Path) -> None:
    gs = GraphStore(corpus_store / "oxigraph", read_only=True)
    local = gs.graphs()
    assert set(local) <= set(server.graphs())
    for g in local:
        assert server.count(g) == len(store_graph_triples(gs, g)), g


def test_long_query_goes_by_post(server: RemoteStore) -> None:
    """A query longer than a URL may be is POSTed (url-encoded) and answered, not hung."""
    short = q.with_prefixes("SELECT ?d WHERE { ?d eli:cites ?x }")
    long = "# " + "长" * 3000 + "\n" + short
    started = time.monotonic()
    assert comparable(server.select(long), long) == comparable(server.select(short), short)
    assert time.monotonic() - started < 30


def test_malformed_query_is_an_error(server: RemoteStore) -> None:
    with pytest.raises(RemoteError) as err:
        server.select("SELEC ?x WHERE { ?x ?y ?z }")
    assert err.value.status is not None and 400 <= err.value.status < 600


def test_replace_and_drop_graph(server: RemoteStore) -> None:
    g = ID + "graph/test/remote"
    try:
        server.replace_graph(g, [(f"<{ID}t/a>", f"<{ID}t/p>", '"一"@zh'), (f"<{ID}t/a>", f"<{ID}t/p>", '"2"')])
        assert server.count(g) == 2
        server.replace_graph(g, [(f"<{ID}t/a>", f"<{ID}t/p>", '"三"')])
        rows = server.select(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows
        assert [r[0].value for r in rows] == ["三"]
    finally:
        server.drop_graph(g)
    assert server.count(g) == 0
    server.drop_graph(g)  # dropping a missing graph is no error


# --- without servers: answers and errors -------------------------------------------------------

def test_json_results_round_trip(corpus_store: Path) -> None:
    """`query --format json` output is SPARQL JSON results that parse back to the same rows."""
    gs = GraphStore(corpus_store / "oxigraph", read_only=True)
    for name, saved in q.saved_queries().items():
        result = q.run_embedded(gs, saved.text, example_terms(saved))
        again = q.QueryResult.from_json(q.format_result(result, "json").encode("utf-8"))
        assert again.variables == result.variables, name
        assert [[str(t) for t in r] for r in again.rows] == [[str(t) for t in r] for r in result.rows], name


class Stub(http.server.BaseHTTPRequestHandler):
    """A stand-in SPARQL server: answers by the ``reply`` the test sets, records requests."""

    requests: ClassVar[list[dict[str, Any]]] = []
    reply: ClassVar[dict[str, Any]] = {}

    def log_message(self, *args: Any) -> None:
        pass

    def version_string(self) -> str:  # the Server header
        return Stub.reply.get("server", "Stub/1.0")

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        Stub.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers),
                              "body": body})
        reply = Stub.reply
        if reply.get("auth") and self.headers.get("Authorization") != reply["auth"]:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if reply.get("sleep"):
            time.sleep(reply["sleep"])
        data = reply.get("body", b"")
        self.send_response(reply.get("status", 200))
        self.send_header("Content-Type", reply.get("type", "application/sparql-results+json"))
        for k, v in reply.get("headers", {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _handle


@pytest.fixture
def stub() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Stub.requests = []
    Stub.reply = {}
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


ROWS = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
    {"x": {"type": "literal", "value": "国发〔2013〕32号"}}]}}, ensure_ascii=False).encode("utf-8")


def test_select_by_get_and_post(stub: str) -> None:
    Stub.reply = {"body": ROWS}
    remote = RemoteStore(stub + "/sparql", dialect="standard")
    assert [r[0].value for r in remote.select("SELECT ?x WHERE { ?x ?p ?o }").rows] == ["国发〔2013〕32号"]
    first = Stub.requests[-1]
    assert first["method"] == "GET" and "query=SELECT" in first["path"]
    assert "application/sparql-results+json" in first["headers"]["Accept"]
    remote.select("SELECT ?x WHERE { ?x ?p ?o }" + " " * 5000)
    post = Stub.requests[-1]
    assert post["method"] == "POST"
    assert post["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert urllib.parse.parse_qs(post["body"].decode())["query"][0].startswith("SELECT ?x")


@pytest.mark.parametrize("reply, message", [
    ({"status": 500, "type": "text/plain", "body": b"Virtuoso 37000 Error SP030: syntax error"}, "HTTP 500"),
    ({"status": 400, "type": "text/html", "body": b"<html><body>Parse error</body></html>"}, "Parse error"),
    ({"status": 200, "type": "text/html", "body": b"<html><body>Welcome</body></html>"},
     "expected SPARQL JSON results"),
    ({"status": 200, "body": b"(500, 'Internal Server Error', b'')"}, "not SPARQL JSON results"),
    ({"status": 200, "type": "application/json", "body": b'{"error": "nope"}'}, "not SPARQL JSON results"),
    ({"status": 200, "body": ROWS, "headers": {"X-SQL-State": "S1TAT",
                                                "X-SQL-Message": "RC...: Returning incomplete results"}},
     "partial result"),
])
def test_errors_surface_as_errors(stub: str, reply: dict[str, Any], message: str) -> None:
    Stub.reply = reply
    with pytest.raises(RemoteError, match=re.escape(message)):
        RemoteStore(stub + "/sparql", dialect="standard").select("SELECT * WHERE { ?s ?p ?o }")


def test_unreachable_and_slow_servers_are_errors(stub: str) -> None:
    Stub.reply = {"body": ROWS, "sleep": 2}
    with pytest.raises(RemoteError, match="timed out"):
        RemoteStore(stub + "/sparql", dialect="standard", timeout=0.5).select("ASK {}")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(RemoteError, match="refused"):
        RemoteStore(f"http://127.0.0.1:{port}/sparql", dialect="standard").select("ASK {}")


def test_credentials(stub: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Stub.reply = {"body": json.dumps({"head": {}, "boolean": True}).encode(),
                  "auth": "Basic " + base64.b64encode("pg:秘密".encode()).decode()}
    with pytest.raises(RemoteError, match="401"):
        RemoteStore(stub + "/sparql", dialect="standard").ask("ASK {}")
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_USER", "pg")
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_PASSWORD", "秘密")
    monkeypatch.setenv("POLICYGRAPH_UPDATE_ENDPOINT", stub + "/update")
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_DIALECT", "standard")
    remote = RemoteStore.from_env(stub + "/sparql")
    assert remote.update_endpoint == stub + "/update" and remote.gsp_endpoint is None
    assert remote.ask("ASK {}") is True


def test_graph_writes_by_gsp_and_by_update(stub: str) -> None:
    g = "https://example.org/graph/a%2Fb"
    triples = [(f"<https://example.org/s{i}>", "<https://example.org/p>", f'"文{i}"@zh') for i in range(5)]
    Stub.reply = {"status": 204}
    RemoteStore(stub + "/query", gsp_endpoint=stub + "/store", dialect="standard").replace_graph(g, triples)
    put = Stub.requests[-1]
    assert put["method"] == "PUT"
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(put["path"]).query)["graph"] == [g]
    assert put["headers"]["Content-Type"].startswith("application/n-triples")
    assert put["body"].decode().count(" .\n") == 5

    Stub.requests = []
    RemoteStore(stub + "/query", stub + "/update", dialect="standard", chunk_size=2).replace_graph(g, triples)
    bodies = [r["body"].decode() for r in Stub.requests]
    assert [r["path"] for r in Stub.requests] == ["/update"] * 3
    assert all(r["headers"]["Content-Type"].startswith("application/sparql-update") for r in Stub.requests)
    assert bodies[0].startswith(f"DROP SILENT GRAPH <{g}> ;") and "DROP" not in bodies[1] + bodies[2]
    assert all(f"INSERT DATA {{ GRAPH <{g}> {{" in b for b in bodies)
    assert sum(b.count(" .\n") for b in bodies) == 5

    with pytest.raises(ValueError):
        RemoteStore(stub + "/query", dialect="standard").replace_graph("x> } ; DROP ALL ; <y", [])


def test_virtuoso_recognised_by_server_header(stub: str) -> None:
    Stub.reply = {"body": ROWS, "server": "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu"}
    remote = RemoteStore(stub + "/sparql")
    remote.select('SELECT ?x WHERE { VALUES (?a ?b) { ("1" "2") } ?x ?a ?b }')
    sent = urllib.parse.parse_qs(urllib.parse.urlsplit(Stub.requests[-1]["path"]).query)["query"][0]
    assert remote.dialect == "virtuoso"
    assert 'VALUES ?a { "1" } VALUES ?b { "2" }' in sent


# --- Virtuoso rewrites --------------------------------------------------------------------------

def test_virtuoso_rewrites() -> None:
    assert virtuoso_transitive("{ ?m ^eli:has_part+ ?d . }") == \
        "{ ?d eli:has_part ?m OPTION (TRANSITIVE, t_distinct, t_in(?d), t_out(?m), t_min(1)) . }"
    assert virtuoso_transitive("{ ?a <urn:p>* ?b ; eli:x ?y }") == \
        "{ ?a <urn:p> ?b OPTION (TRANSITIVE, t_distinct, t_in(?a), t_out(?b), t_min(0)) . ?a eli:x ?y }"
    assert virtuoso_transitive("{ ?a eli:x/eli:y+ ?b }") == "{ ?a eli:x/eli:y+ ?b }"  # left alone
    assert virtuoso_transitive("FILTER(YEAR(?from) + ?years > 3)") == "FILTER(YEAR(?from) + ?years > 3)"
    values = 'VALUES (?a ?b ?c) { ("x \\" ) }"@zh <urn:a> "2"^^<http://www.w3.org/2001/XMLSchema#date>) }'
    assert virtuoso_values(values) == ('VALUES ?a { "x \\" ) }"@zh } VALUES ?b { <urn:a> } '
                                       'VALUES ?c { "2"^^<http://www.w3.org/2001/XMLSchema#date> }')
    two_rows = 'VALUES (?a ?b) { ("1" "2") ("3" "4") }'
    assert virtuoso_values(two_rows) == two_rows
    assert virtuoso_separator('GROUP_CONCAT(?x; separator=" | ")') == 'GROUP_CONCAT(?x; separator=" | ")'
    for saved in q.saved_queries().values():  # every rewritten saved query still parses
        text = virtuoso_prepare(q.inline_values(q.with_prefixes(saved.text), example_terms(saved)))
        assert text.count("{") == text.count("}")


# --- pushing only what changed ------------------------------------------------------------------

class Recorder(RemoteStore):
    """A remote that records graph writes instead of sending them."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9/sparql", dialect="standard")
        self.graphs_held: dict[str, int] = {}
        self.log: list[tuple[str, str]] = []

    def replace_graph(self, graph: str, triples: Any) -> None:
        self.graphs_held[graph] = len(list(triples))
        self.log.append(("put", graph))

    def drop_graph(self, graph: str) -> None:
        self.graphs_held.pop(graph, None)
        self.log.append(("drop", graph))


def test_build_remote_pushes_only_changed_graphs(tmp_path: Path) -> None:
    src = tmp_path / "docs"
    src.mkdir()
    files = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))[:3]
    for f in files:
        (src / f.name).write_bytes(f.read_bytes())
    store_dir = tmp_path / "store"
    remote = Recorder()
    _, pushed, dropped = build_remote([src], store_dir, remote)
    gs = GraphStore(store_dir / "oxigraph", read_only=True)
    assert sorted(pushed) == gs.graphs() and not dropped
    assert remote.graphs_held == {g: len(store_graph_triples(gs, g)) for g in gs.graphs()}
    del gs

    remote.log = []
    _, pushed, dropped = build_remote([src], store_dir, remote)
    assert pushed == [] and dropped == [] and remote.log == []

    (src / files[0].name).write_text(files[0].read_text(encoding="utf-8") + "\n附件：测试\n", encoding="utf-8")
    _, pushed, _ = build_remote([src], store_dir, remote)
    source_graphs = [g for g in pushed if "/graph/source/" in g]
    assert len(source_graphs) == 1 and source_graphs[0].endswith(files[0].name)

    (src / files[1].name).unlink()
    _, pushed, dropped = build_remote([src], store_dir, remote, prune=True)
    assert len(dropped) == 1 and dropped[0].endswith(files[1].name)
    assert dropped[0] not in remote.graphs_held

    other = Recorder()
    other.update_endpoint = "http://127.0.0.1:9/other"
    _, pushed, _ = build_remote([src], store_dir, other)  # a new remote gets everything
    gs = GraphStore(store_dir / "oxigraph", read_only=True)
    assert sorted(pushed) == gs.graphs()


def test_push_store_copies_all(corpus_store: Path) -> None:
    remote = Recorder()
    gs = GraphStore(corpus_store / "oxigraph", read_only=True)
    assert push_store(gs, remote) == gs.graphs()
    assert sum(remote.graphs_held.values()) == len(gs)
