"""`policygraph serve`: the SPARQL endpoint and the query page, on an ephemeral 127.0.0.1 port."""

from __future__ import annotations

import csv
import html
import io
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")

from click.testing import CliRunner  # noqa: E402

from policygraph import query as q  # noqa: E402
from policygraph.build import build  # noqa: E402
from policygraph.serve import Refused, check_query, create_app, saved_examples, serve_command  # noqa: E402
from policygraph.store import GraphStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 3.0
MAX_ROWS = 50


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve-store")
    build([ROOT / "corpus"], path)
    return path


@pytest.fixture(scope="module")
def base(store_dir: Path) -> Iterator[str]:
    app = create_app(store_dir, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "the endpoint did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def get(base: str, query: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    return call(f"{base}/sparql?" + urllib.parse.urlencode({"query": query}),
                headers={"Accept": accept} if accept else {})


def post_form(base: str, **fields: str) -> tuple[int, dict[str, str], bytes]:
    return call(f"{base}/sparql", urllib.parse.urlencode(fields).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"})


TITLES = "SELECT ?d ?t WHERE { ?d a pg:PolicyDocument ; dcterms:title ?t ; eli:id_local ?n }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def embedded_rows(store_dir: Path, sparql: str) -> list[list[str]]:
    result = q.run_embedded(GraphStore(store_dir / "oxigraph", read_only=True), sparql, {})
    return sorted([str(t) for t in row] for row in result.rows)


def test_get_answers_json_rows(base: str, store_dir: Path) -> None:
    status, headers, body = get(base, TITLES)
    assert status == 200, body
    assert headers["content-type"].startswith("application/sparql-results+json")
    result = q.QueryResult.from_json(body)
    assert result.variables == ["d", "t"]
    assert sorted([str(t) for t in row] for row in result.rows) == embedded_rows(store_dir, TITLES)
    assert headers["policygraph-truncated"] == "false"
    assert headers["policygraph-row-limit"] == str(MAX_ROWS)


@pytest.mark.parametrize("accept, fmt", [
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/html;q=0.9, application/sparql-results+json", ox.QueryResultsFormat.JSON),
])
def test_result_formats_by_accept(base: str, accept: str, fmt: ox.QueryResultsFormat) -> None:
    status, headers, body = get(base, TITLES, accept)
    assert status == 200, body
    assert headers["content-type"].split(";")[0] == fmt.media_type.split(";")[0]
    expected = len(q.QueryResult.from_json(get(base, TITLES)[2]).rows)
    if fmt == ox.QueryResultsFormat.CSV:  # CSV results are lossy: pyoxigraph does not read them
        lines = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert lines[0] == ["d", "t"] and len(lines) == expected + 1
    else:
        assert len(list(ox.parse_query_results(body, format=fmt))) == expected > 0


def test_unacceptable_accept_is_406(base: str) -> None:
    assert get(base, TITLES, "image/png")[0] == 406


def test_ask_and_construct(base: str) -> None:
    status, _, body = get(base, "ASK { ?d eli:cites ?x }")
    assert status == 200 and bool(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    status, headers, body = get(base, "CONSTRUCT { ?d eli:cites ?x } WHERE { ?d eli:cites ?x } LIMIT 5")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 5
    status, headers, body = get(base, "CONSTRUCT WHERE { ?d eli:cites ?x } LIMIT 3", "application/n-triples")
    assert status == 200 and body.decode().count(" .\n") == 3


def test_post_form_and_direct(base: str, store_dir: Path) -> None:
    status, _, body = post_form(base, query=TITLES)
    assert status == 200
    assert sorted([str(t) for t in r] for r in q.QueryResult.from_json(body).rows) == embedded_rows(store_dir, TITLES)
    status, _, body = call(f"{base}/sparql", TITLES.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and q.QueryResult.from_json(body).rows


def test_saved_query_examples_run(base: str) -> None:
    for example in saved_examples():
        status, _, body = post_form(base, query=example["query"])
        assert status == 200, (example["name"], body)


def count(base: str) -> int:
    status, _, body = get(base, COUNT)
    assert status == 200, body
    return int(q.QueryResult.from_json(body).rows[0][0].value)


@pytest.mark.parametrize("how", ["form update", "sparql-update body", "update as query", "drop as query",
                                 "update in GET"])
def test_updates_refused_and_nothing_changes(base: str, store_dir: Path, how: str) -> None:
    before = count(base)
    insert = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }"
    if how == "form update":
        status, _, body = post_form(base, update=insert)
    elif how == "sparql-update body":
        status, _, body = call(f"{base}/sparql", insert.encode(), {"Content-Type": "application/sparql-update"})
    elif how == "update as query":
        status, _, body = post_form(base, query="PREFIX ex: <https://example.org/>\n" + insert)
    elif how == "drop as query":
        status, _, body = get(base, "DROP ALL")
    else:
        status, _, body = call(f"{base}/sparql?" + urllib.parse.urlencode({"update": insert}))
    assert 400 <= status < 500, body
    assert b"refused" in body
    assert count(base) == before
    assert len(GraphStore(store_dir / "oxigraph", read_only=True)) == before


def test_other_methods_refused(base: str) -> None:
    assert call(f"{base}/sparql", b"<a> <b> <c> .", {"Content-Type": "application/n-triples"}, "PUT")[0] == 405
    assert call(f"{base}/sparql", method="DELETE")[0] == 405


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . service silent ?endpoint { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
    "LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <http://example.org/g>",
])
def test_service_and_load_refused(base: str, query: str) -> None:
    status, _, body = post_form(base, query=query)
    assert status == 403, body
    assert re.search(rb"SERVICE|LOAD", body)


def test_keywords_inside_names_and_strings_are_fine(base: str) -> None:
    query = ('PREFIX load: <https://example.org/load#>\n'
             'SELECT ?service WHERE { BIND("SERVICE <http://x/> { } LOAD" AS ?service) '
             'OPTIONAL { ?service load:drop <https://example.org/SERVICE> } }')
    assert check_query(query) == "SELECT"
    assert post_form(base, query=query)[0] == 200


def test_check_query_forms() -> None:
    assert check_query("# comment: INSERT\nBASE <http://x/>\nPREFIX a: <http://a/>\nconstruct { } where { }") == "CONSTRUCT"
    with pytest.raises(Refused) as err:
        check_query("WITH <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert err.value.status == 403
    with pytest.raises(Refused) as err:
        check_query("hello")
    assert err.value.status == 400


def test_malformed_query_is_400(base: str) -> None:
    status, _, body = get(base, "SELECT ?x WHERE { ?x ")
    assert status == 400 and b"syntax" in body
    assert call(f"{base}/sparql")[0] == 400  # no query at all


def test_row_limit(base: str) -> None:
    status, headers, body = get(base, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(q.QueryResult.from_json(body).rows) == MAX_ROWS
    assert headers["policygraph-truncated"] == "true"
    status, headers, body = get(base, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert status == 200 and headers["policygraph-truncated"] == "true"
    assert body.decode().count(" .\n") == MAX_ROWS
    status, headers, _ = get(base, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert headers["policygraph-truncated"] == "false"


def test_runaway_query_stopped_within_timeout(base: str) -> None:
    """A three-way cross product of the corpus (~3·10^13 rows) would run for hours."""
    started = time.monotonic()
    status, _, body = get(base, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    elapsed = time.monotonic() - started
    assert status == 503, body
    assert b"timed out" in body
    assert elapsed < TIMEOUT + 5
    # the endpoint goes on answering (the stopped query's process is replaced)
    assert get(base, "ASK { ?s ?p ?o }")[0] == 200
    assert get(base, TITLES)[0] == 200


def test_query_page_offline(base: str) -> None:
    status, headers, body = call(base + "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    for example in saved_examples():
        assert example["name"] in page and html.escape(example["description"]) in page
        assert html.escape(example["query"]) in page
    assert "深府〔2013〕119号" in page  # the example value a parameter is bound to
    # nothing is fetched from elsewhere: no absolute or protocol-relative src, href or url()
    refs = re.findall(r'(?:src|href)\s*=\s*["\']?([^"\'\s>]+)', page)
    assert refs and not [r for r in refs if re.match(r"(?i)([a-z][a-z0-9+.-]*:|//)", r)]
    assert not re.search(r"(?i)url\(\s*['\"]?\s*(https?:)?//", page)
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "connect-src 'self'" in headers["content-security-policy"]
    for ref in refs:  # every script and style is served here
        status, _, data = call(f"{base}/{ref}")
        assert status == 200 and data, ref
        if ref.endswith(".css"):
            assert not re.search(rb"(?i)url\(\s*['\"]?\s*(https?:)?//", data), ref
    assert any(r.endswith("yasgui.min.js") for r in refs)


def test_yasgui_licence_bundled() -> None:
    folder = ROOT / "src" / "policygraph" / "serve_static" / "yasgui"
    assert "MIT" in (folder / "LICENSE.txt").read_text(encoding="utf-8")
    assert (folder / "THIRD-PARTY-NOTICES.txt").exists()


def test_command_help_and_bad_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(serve_command, ["--help"])
    assert result.exit_code == 0 and "Examples" in result.output and "--max-rows" in result.output
    assert "127.0.0.1" in result.output
    result = CliRunner().invoke(serve_command, ["--store", str(tmp_path)])
    assert result.exit_code == 2 and "not a store folder" in result.output
