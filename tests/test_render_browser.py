"""Rendered pages in a real browser: Debian's Chromium, headless, driven by Playwright, with the
network switched off.  The pages must load with no failed or external request and no console
error, draw every node, find and focus what the search box is given, show an edge's evidence in
the side panel, and run none of the script a hostile document carries — on hover and click too.

The lineage view of 深府〔2013〕119号 is photographed into docs/lineage.png (and the test's tmp
folder).  These tests are skipped, with the reason, where /usr/bin/chromium is missing; CI
installs it (.ci/run).
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from policygraph.build import StoreFolder, build
from policygraph.render import add_context, lineage_view, render_html, source_texts, whole_view
from policygraph.render.views import View
from policygraph.resolve import doc_iri_for_number

CHROMIUM = os.environ.get("POLICYGRAPH_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("POLICYGRAPH_REQUIRE_BROWSER") == "1"  # set by .ci/run: never skip there
if not Path(CHROMIUM).exists():
    why = f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium fonts-wqy-microhei; .ci/run does)"
    if REQUIRED:
        raise RuntimeError(why)
    pytest.skip(why, allow_module_level=True)
try:
    from playwright import sync_api
except ImportError as exc:  # pragma: no cover - depends on the environment
    if REQUIRED:
        raise
    pytest.skip(f"playwright (Python package, a dev dependency) is not installed: {exc}", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SZ = "深府〔2013〕119号"
PAYLOADS = ("<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">',
            "<img/src=x/onerror=window.__pwned=1>", '"/onmouseover="window.__pwned=1"/x="',
            "javascript:window.__pwned=1", "'><svg/onload=window.__pwned=1>")
HOSTILE_TEXT = """关于<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">"试点"的通知

深府〔2099〕1号

各区人民政府，市政府直属各单位：
为贯彻落实《国务院关于<img src=x onerror="window.__pwned=1">促进发展的意见》（国发〔2098〕7号），结合我市实际，现就有关事项通知如下：
一、<script>window.__pwned=1</script>主要任务
（一）支持"平台"'试点'<img/src=x/onerror=window.__pwned=1>建设。加快建设一批平台。（牵头单位：市商务局）
（二）完善'服务'</script><script>window.__pwned=1</script>体系。到2099年，服务覆盖率达到90%。（责任单位：市科技创新委）
（三）推进"/onmouseover="window.__pwned=1"/x="改革'><svg/onload=window.__pwned=1>。参照《javascript:window.__pwned=1》执行。（牵头单位：市发展改革委）
二、保障措施
（四）加强组织领导。各区要高度重视。

深圳市人民政府
2099年1月1日
"""


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def corpus_pages(tmp_path_factory):  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("browser")
    build([CORPUS], d / "store")
    gs = StoreFolder(d / "store").store(read_only=True)
    out = {}
    for name, view in (("lineage", lineage_view(gs, SZ)), ("overview", whole_view(gs))):
        path = d / f"{name}.html"
        add_context(view, source_texts(d / "store"))  # as `policygraph render` does
        path.write_text(render_html(view), encoding="utf-8")
        out[name] = (path, view)
    return out


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory):  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("hostile")
    (d / "corpus").mkdir()
    (d / "corpus" / "evil.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    summary = build([d / "corpus"], d / "store")
    assert summary.failed == 0, summary.errors
    gs = StoreFolder(d / "store").store(read_only=True)
    lineage = lineage_view(gs, "深府〔2099〕1号")
    labels = " ".join(n.label for n in lineage.nodes)
    for payload in PAYLOADS:  # the payloads did reach the graph: titles, measures, a cited title
        assert payload in labels, payload
    out = {}
    for name, view in (("lineage", lineage), ("overview", whole_view(gs))):
        path = d / f"{name}.html"
        add_context(view, source_texts(d / "store"))  # the words around each quote go in too
        path.write_text(render_html(view), encoding="utf-8")
        out[name] = (path, view)
    return out


class Page:
    """A page opened offline, with every request, failure and console error recorded."""

    def __init__(self, browser, path: Path, *, bypass_csp: bool = False,  # type: ignore[no-untyped-def]
                 viewport: dict[str, int] | None = None) -> None:
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.ctx = browser.new_context(viewport=viewport or {"width": 1400, "height": 900}, offline=True,
                                       bypass_csp=bypass_csp, device_scale_factor=1)
        self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.goto(self.url)
        self.wait("() => !!(window.policygraph && window.policygraph.state.settled)", timeout=60)

    def _route(self, route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expr: str, arg: object = None) -> object:
        return self.page.evaluate(expr, arg)

    def wait(self, expr: str, timeout: float = 10) -> None:
        """Poll ``expr`` (page.wait_for_function would need eval, which the page's CSP forbids)."""
        end = time.monotonic() + timeout
        while not self.js(expr):
            assert not [e for e in self.errors if e.startswith("pageerror")], self.errors
            assert time.monotonic() < end, f"timed out waiting for {expr}; errors: {self.errors}"
            time.sleep(0.05)

    def close_panel(self) -> None:
        if self.js("() => !document.getElementById('pg-panel').hidden"):
            self.page.click("#pg-close")

    def point(self, kind: str, vis_id: str) -> tuple[float, float]:
        """Page coordinates of a node (its centre) or an edge (the middle of its curve)."""
        return tuple(self.js("""([kind, id]) => {
            const n = window.policygraph.network;
            const p = kind === 'node' ? n.getPositions([id])[id] : n.body.edges[id].edgeType.getPoint(0.5);
            const d = n.canvasToDOM(p), r = document.getElementById('pg-network').getBoundingClientRect();
            return [d.x + r.left, d.y + r.top]; }""", [kind, vis_id]))  # type: ignore[return-value]

    def on_canvas(self, x: float, y: float) -> bool:
        return bool(self.js("([x, y]) => { const e = document.elementFromPoint(x, y); "
                            "return !!e && e.tagName === 'CANVAS'; }", [x, y]))

    def vis_id(self, iri: str) -> str:
        return str(self.js("(iri) => window.policygraph.idOf(iri)", iri))

    def close(self) -> None:
        self.ctx.close()


def edge_id(view: View, relation: str, target_number: str) -> str:
    for k, e in enumerate(view.edges):
        node = view.node(e.target)
        if e.relation == relation and node is not None and node.meta.get("doc_number") == target_number:
            return f"e{k}"
    raise AssertionError(f"no {relation} edge to {target_number}")


def click_edge(pg: Page, eid: str) -> None:
    pg.close_panel()
    pg.js("() => window.policygraph.network.fit({animation: false})")
    x, y = pg.point("edge", eid)
    assert pg.on_canvas(x, y), "edge midpoint not on the canvas"
    pg.page.mouse.click(x, y)
    pg.wait("() => !document.getElementById('pg-panel').hidden")
    assert pg.js("() => window.policygraph.network.getSelectedEdges()") == [eid]


# --- tests -------------------------------------------------------------------------------------

def test_harness_sees_external_requests(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The checks below mean something: a page that reaches out is caught."""
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><meta charset="utf-8"><img src="https://example.org/x.png">'
                    '<script>window.policygraph = {state: {settled: true}}; console.error("boom")</script>',
                    encoding="utf-8")
    pg = Page(browser, page)
    try:
        time.sleep(0.3)
        assert "https://example.org/x.png" in pg.requests and pg.failed and "boom" in pg.errors
    finally:
        pg.close()


@pytest.mark.parametrize("name", ["lineage", "overview"])
def test_page_loads_offline_and_draws_every_node(browser, corpus_pages, name: str) -> None:  # type: ignore[no-untyped-def]
    path, view = corpus_pages[name]
    pg = Page(browser, path)
    try:
        assert pg.errors == []
        assert pg.failed == [] and pg.blocked == []
        assert pg.requests == [pg.url]
        assert pg.js("() => performance.getEntriesByType('resource').length") == 0
        assert pg.js("() => window.policygraph.drawnNodeCount()") == len(view.nodes)
        assert pg.js("() => window.policygraph.nodes.length") == len(view.nodes)
        assert pg.js("() => window.policygraph.edges.length") == len(view.edges)
        assert pg.js("() => document.characterSet") == "UTF-8"
        assert pg.js("() => document.getElementById('pg-title').textContent") == view.title
        # filters hide and show: unticking measures removes exactly the measures
        measures = sum(1 for n in view.nodes if n.kind == "measure")
        pg.page.uncheck("input[data-kind=measure]")
        assert pg.js("() => window.policygraph.drawnNodeCount()") <= len(view.nodes) - measures
        pg.page.click("#pg-reset")
        assert pg.js("() => window.policygraph.drawnNodeCount()") == len(view.nodes)
        assert pg.errors == []
    finally:
        pg.close()


def test_search_focuses_the_right_node(browser, corpus_pages) -> None:  # type: ignore[no-untyped-def]
    path, _ = corpus_pages["lineage"]
    pg = Page(browser, path)
    try:
        pg.page.fill("#pg-search", "粤府办[2012]131号")  # other brackets than the graph's 〔〕
        assert "广东省人民政府办公厅关于加快发展电子商务的意见" in pg.page.inner_text("#pg-results")
        pg.page.press("#pg-search", "Enter")
        want = pg.vis_id(doc_iri_for_number("粤府办〔2012〕131号"))
        assert pg.js("() => window.policygraph.network.getSelectedNodes()") == [want]
        assert pg.page.inner_text("#pg-panel h2") == "广东省人民政府办公厅关于加快发展电子商务的意见"
        time.sleep(0.6)  # the camera glides to the node: the middle of what the side panel leaves visible
        x, y = pg.point("node", want)
        box = pg.page.locator("#pg-network").bounding_box()
        panel = pg.page.locator("#pg-panel").bounding_box()
        assert box and panel
        assert abs(x - (box["x"] + panel["x"]) / 2) < 3 and abs(y - (box["y"] + box["height"] / 2)) < 3
        assert pg.js("([x, y]) => window.policygraph.network.getNodeAt({x: x, y: y})",
                     [x - box["x"], y - box["y"]]) == want
        pg.page.fill("#pg-search", "信息消费扩大内需")  # a part of a title; click the result
        pg.page.click("#pg-results li:first-child button")
        want = pg.vis_id(doc_iri_for_number("国发〔2013〕32号"))
        assert pg.js("() => window.policygraph.network.getSelectedNodes()") == [want]
        assert pg.errors == []
    finally:
        pg.close()
    path, _ = corpus_pages["overview"]
    pg = Page(browser, path)
    try:
        pg.page.fill("#pg-search", "成都市商务局")  # a body name
        pg.page.press("#pg-search", "Enter")
        (selected,) = pg.js("() => window.policygraph.network.getSelectedNodes()")  # type: ignore[misc]
        assert pg.js("(id) => window.policygraph.info.nodes[id].label", selected) == "成都市商务局"
        assert "机构" in pg.page.inner_text("#pg-panel .pg-kind")
        assert pg.errors == []
    finally:
        pg.close()


def test_side_panel_shows_the_evidence_of_an_edge(browser, corpus_pages) -> None:  # type: ignore[no-untyped-def]
    path, view = corpus_pages["lineage"]
    eid = edge_id(view, "implements", "国发〔2013〕32号")
    ev = view.edges[int(eid[1:])].evidence[0]
    pg = Page(browser, path)
    try:
        click_edge(pg, eid)
        panel = pg.page.inner_text("#pg-panel")
        assert "贯彻落实" in panel and "implements" in panel
        assert pg.page.inner_text("#pg-panel mark.pg-exact") == ev.exact and "国发〔2013〕32号" in ev.exact
        context = pg.page.locator("#pg-panel .pg-ctx").all_inner_texts()
        assert ev.prefix and ev.suffix and len(context) == 2
        assert context[0].endswith(ev.prefix.strip()) and context[1].startswith(ev.suffix.strip())
        assert f"{ev.start}–{ev.end}" in pg.page.inner_text("#pg-panel .pg-pos")
        assert Path(ev.file or "").name in panel
        assert pg.errors == []
    finally:
        pg.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "without-csp"])
@pytest.mark.parametrize("name", ["lineage", "overview"])
def test_hostile_document_runs_nothing(browser, hostile_pages, name: str, bypass_csp: bool) -> None:  # type: ignore[no-untyped-def]
    """Without the CSP too: the page must not rely on it, text goes in as text."""
    path, view = hostile_pages[name]
    pg = Page(browser, path, bypass_csp=bypass_csp, viewport={"width": 1600, "height": 1000})
    try:
        pg.js("() => window.policygraph.network.fit({animation: false})")
        ids = pg.js("() => window.policygraph.nodes.getIds()")
        tooltips: list[object] = []
        edges_clicked = 0
        for vid in ids:  # type: ignore[union-attr]
            pg.close_panel()
            x, y = pg.point("node", vid)
            if not pg.on_canvas(x, y):
                continue
            pg.page.mouse.move(x, y)
            time.sleep(0.2)
            tooltips.append(pg.js("() => { const t = document.querySelector('div.vis-tooltip'); "
                                  "return t ? t.textContent : ''; }"))
            pg.page.mouse.click(x, y)
        for k in range(len(view.edges)):
            pg.close_panel()
            x, y = pg.point("edge", f"e{k}")
            if pg.on_canvas(x, y):
                pg.page.mouse.move(x, y)
                time.sleep(0.15)
                pg.page.mouse.click(x, y)
                edges_clicked += 1
        assert len(tooltips) == len(ids) and edges_clicked >= len(view.edges) // 2  # type: ignore[arg-type]
        for payload in PAYLOADS:
            pg.page.fill("#pg-search", payload)
            for button in pg.page.query_selector_all("#pg-results button"):
                button.click()
        assert pg.js("() => window.__pwned") is None
        assert pg.js("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
        # every payload was shown, as text
        doc = next(n for n in view.nodes if n.kind.startswith("doc-") and n.meta.get("doc_number") == "深府〔2099〕1号")
        pg.page.fill("#pg-search", "深府〔2099〕1号")
        pg.page.press("#pg-search", "Enter")
        assert pg.page.inner_text("#pg-panel h2") == doc.label and PAYLOADS[0] in doc.label
        assert any(PAYLOADS[1] in t for t in tooltips)  # type: ignore[operator]
        pg.page.fill("#pg-search", "pwned")
        assert PAYLOADS[0] in pg.page.inner_text("#pg-results")
        assert pg.js("() => window.__pwned") is None
        assert pg.js("() => document.querySelectorAll('img, iframe, object, embed, svg[onload]').length") == 0
        # no link or attribute the page builds from data carries a javascript: URL or a handler
        assert pg.js("""() => [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a =>
                        /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value))).length""") == 0
        assert pg.js("() => document.scripts.length") == 3
        assert pg.errors == [] and pg.failed == [] and pg.requests == [pg.url]
    finally:
        pg.close()


def test_lineage_screenshot(browser, corpus_pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A screenshot of the lineage view among the test's artifacts; with
    POLICYGRAPH_UPDATE_SCREENSHOT=1 it also replaces docs/lineage.png (the README's picture)."""
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
        assert fonts.strip(), "no CJK font: Chromium would draw Chinese as boxes (apt-get install fonts-wqy-microhei)"
    path, view = corpus_pages["lineage"]
    pg = Page(browser, path, viewport={"width": 1600, "height": 1000})
    try:
        click_edge(pg, edge_id(view, "implements", "粤府办〔2012〕131号"))
        # the whole lineage in the part of the graph the side panel leaves visible
        pg.js("""() => { const n = window.policygraph.network, W = document.getElementById('pg-network').clientWidth,
                          w = W - document.getElementById('pg-panel').offsetWidth;
                   n.fit({animation: false});
                   n.moveTo({position: n.getViewPosition(), scale: n.getScale() * w / W * 0.96,
                             offset: {x: (w - W) / 2, y: 0}, animation: false}); }""")
        box = pg.page.locator("#pg-network").bounding_box()
        assert box
        pg.page.mouse.move(box["x"] + 8, box["y"] + box["height"] - 8)  # off the graph: no tooltip
        time.sleep(0.5)
        shot = tmp_path / "lineage.png"
        pg.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 30_000
        print(f"screenshot: {shot}")
        if os.environ.get("POLICYGRAPH_UPDATE_SCREENSHOT"):  # refresh the README's picture
            (ROOT / "docs").mkdir(exist_ok=True)
            shutil.copyfile(shot, ROOT / "docs" / "lineage.png")
        assert pg.errors == []
    finally:
        pg.close()
