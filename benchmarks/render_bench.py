"""Benchmark of ``policygraph render``: lineage views of about 200 and 2,000 nodes.

For each size a synthetic store is written straight into Oxigraph (documents in ELI terms with
evidence annotations, the same shapes :mod:`policygraph.rdf` produces): a municipal document
that implements national ones, with its measures, their lead units and targets, and two
generations of county documents implementing it.  Reported per view:

* file size of the HTML page,
* render time in Python (SPARQL selection + page), best of three,
* time to a settled layout in headless Chromium (navigation start → the page's own
  ``settled`` flag, set when physics has stopped or, for large views, on the first drawing),
  median of three loads with the network disabled.

Run:  .venv/bin/python benchmarks/render_bench.py [--sizes 200,2000] [--keep DIR]
Chromium is Debian's /usr/bin/chromium (override with --chromium); the browser column is
left out if it is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from policygraph import vocab as v
from policygraph.render.html import render_html
from policygraph.render.views import lineage_view
from policygraph.store import GraphStore
from policygraph.vocab import (
    DCT,
    ELI,
    ID,
    OA,
    ORG,
    PROV,
    RDF,
    RDF_TYPE,
    SCHEMA,
    SKOS,
    XSD,
    iri,
    lit,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FOCUS = "深府〔2015〕1号"


class _Triples:
    def __init__(self) -> None:
        self.out: list[tuple[str, str, str]] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.out.append((s, p, o))

    def edge(self, s: str, p: str, o: str, quote: str, start: int) -> None:
        """A statement with its evidence annotation, as policygraph.rdf writes it (one
        annotation per span; the edges read from one span are its bodies)."""
        self.add(iri(s), iri(p), iri(o))
        source = ID + "text/bench"
        span = f"{start},{start + len(quote)}"
        ann = ID + "ann/" + hashlib.sha1(f"{source}|{span}|0.90|{s}|{o}".encode()).hexdigest()[:20]
        body = ann + "/" + hashlib.sha1(f"{s} {p} {o}".encode()).hexdigest()[:16]
        self.add(iri(ann), RDF_TYPE, iri(OA + "Annotation"))
        self.add(iri(ann), iri(OA + "hasTarget"), iri(f"{source}#char={span}"))
        self.add(iri(ann), iri(v.confidence), lit("0.90", XSD + "decimal"))
        self.add(iri(ann), iri(PROV + "wasDerivedFrom"), iri(source))
        self.add(iri(ann), iri(v.quote), lit(quote))
        self.add(iri(ann), iri(OA + "hasBody"), iri(body))
        self.add(iri(body), iri(RDF + "subject"), iri(s))
        self.add(iri(body), iri(RDF + "predicate"), iri(p))
        self.add(iri(body), iri(RDF + "object"), iri(o))


def synthetic_store(n_nodes: int, path: Path | None = None) -> GraphStore:
    """A store whose lineage view of :data:`FOCUS` (``--up 2 --down 2``) has ``n_nodes`` nodes."""
    t = _Triples()
    level = {k: ID + "level/" + k for k in v.LEVELS}

    def doc(uri: str, number: str, title: str, lvl: str, year: int, issuer: str) -> None:
        s = iri(uri)
        t.add(s, RDF_TYPE, iri(ELI + "LegalResource"))
        t.add(s, RDF_TYPE, iri(v.PolicyDocument))
        t.add(s, iri(DCT + "title"), lit(title, lang="zh"))
        t.add(s, iri(ELI + "id_local"), lit(number))
        t.add(s, iri(ELI + "date_document"), lit(f"{year}-06-01", XSD + "date"))
        t.add(s, iri(v.level), iri(level[lvl]))
        org(issuer)
        t.add(s, iri(ELI + "passed_by"), iri(ID + "org/" + v.slug(issuer)))

    def org(name: str) -> str:
        uri = ID + "org/" + v.slug(name)
        t.add(iri(uri), RDF_TYPE, iri(ORG + "Organization"))
        t.add(iri(uri), iri(SKOS + "prefLabel"), lit(name, lang="zh"))
        return uri

    def implements(a: str, b: str, number: str) -> None:
        t.edge(a, ELI + "cites", b, f"《关于某事项的意见》（{number}）", 120)
        t.edge(a, ELI + "ensures_implementation_of", b, f"《关于某事项的意见》（{number}）", 120)

    n_anc = max(3, round(n_nodes * 0.03))
    n_meas = round(n_nodes * 0.30)
    n_org = max(2, round(n_nodes * 0.12))
    n_tgt = round(n_nodes * 0.05)
    n_desc = n_nodes - 1 - n_anc - n_meas - n_org - n_tgt
    n_d1 = max(1, round(n_desc * 0.4))
    n_d2 = n_desc - n_d1

    focus = ID + "doc/" + v.slug(FOCUS)
    doc(focus, FOCUS, "深圳市人民政府关于推进数字经济高质量发展的若干措施", "municipal", 2015, "深圳市人民政府")
    anc1 = [(ID + f"doc/bench-a{k}", f"国发〔2014〕{k + 1}号") for k in range(max(1, n_anc - n_anc // 3))]
    anc2 = [(ID + f"doc/bench-aa{k}", f"国发〔2010〕{k + 1}号") for k in range(n_anc - len(anc1))]
    for k, (uri, number) in enumerate(anc1):
        doc(uri, number, f"国务院关于促进数字经济发展第{k + 1}项工作的意见", "national", 2014, "国务院")
        implements(focus, uri, number)
    for k, (uri, number) in enumerate(anc2):
        doc(uri, number, f"国务院关于信息化建设第{k + 1}项任务的通知", "national", 2010, "国务院")
        implements(anc1[k % len(anc1)][0], uri, number)
    orgs = [org(f"深圳市第{k + 1}工作局") for k in range(n_org)]
    measures = []
    for k in range(n_meas):
        m = focus + f"/item_{k + 1}"
        measures.append(m)
        t.add(iri(m), RDF_TYPE, iri(ELI + "LegalResourceSubdivision"))
        t.add(iri(m), RDF_TYPE, iri(v.Measure))
        t.add(iri(m), iri(ELI + "number"), lit(f"（{k + 1}）"))
        t.add(iri(m), iri(v.subdivision_kind), lit("item"))
        t.add(iri(m), iri(DCT + "title"), lit(f"推进第{k + 1}项数字化重点任务", lang="zh"))
        t.edge(m, ELI + "is_part_of", focus, f"（{k + 1}）推进第{k + 1}项数字化重点任务", 800 + 60 * k)
        lead = orgs[k % n_org]
        t.edge(m, v.lead_agent, lead, f"牵头单位：深圳市第{k % n_org + 1}工作局", 830 + 60 * k)
        t.edge(m, v.responsible_agent, lead, f"责任单位：深圳市第{k % n_org + 1}工作局", 830 + 60 * k)
    for k in range(n_tgt):
        tg = focus + f"/target_{k + 1}"
        t.add(iri(tg), RDF_TYPE, iri(v.Target))
        t.add(iri(tg), iri(SCHEMA + "value"), lit(str(10 + k), XSD + "decimal"))
        t.add(iri(tg), iri(SCHEMA + "unitText"), lit("%"))
        t.add(iri(tg), iri(v.deadline_year), lit("2020", XSD + "gYear"))
        t.add(iri(tg), iri(v.indicator), lit(f"第{k + 1}项指标", lang="zh"))
        t.edge(measures[k % len(measures)], v.has_target, tg, f"第{k + 1}项指标达到{10 + k}%", 900 + 40 * k)
    d1 = []
    for k in range(n_d1):
        uri, number = ID + f"doc/bench-d{k}", f"深{k % 9 + 1}府〔2016〕{k + 1}号"
        doc(uri, number, f"某区关于贯彻落实数字经济若干措施的实施方案（{k + 1}）", "county", 2016,
            f"深圳市第{k % 9 + 1}区人民政府")
        implements(uri, focus, FOCUS)
        d1.append((uri, number))
    for k in range(n_d2):
        uri, number = ID + f"doc/bench-dd{k}", f"深{k % 9 + 1}办〔2017〕{k + 1}号"
        parent = d1[k % len(d1)]
        doc(uri, number, f"某街道关于落实区实施方案的工作措施（{k + 1}）", "county", 2017,
            f"深圳市第{k % 9 + 1}区人民政府办公室")
        implements(uri, parent[0], parent[1])
    gs = GraphStore(path)
    gs.replace_graph(ID + "graph/bench", sorted(set(t.out)))
    return gs


def _browser_settle(page_path: Path, chromium: str, runs: int = 3) -> tuple[float, float, int]:
    """Median time (s) to a settled layout and to the page's load event, and the drawn node count."""
    from playwright.sync_api import sync_playwright

    settles, loads, drawn = [], [], 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                ctx = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
                page = ctx.new_page()
                page.goto(page_path.as_uri(), wait_until="load", timeout=600_000)
                deadline = time.monotonic() + 600
                while not page.evaluate("() => !!(window.policygraph && window.policygraph.state.settled)"):
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{page_path} did not settle in 600 s")
                    time.sleep(0.02)
                settles.append(page.evaluate("() => window.policygraph.state.settledAt") / 1000)
                loads.append(page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000)
                drawn = page.evaluate("() => window.policygraph.drawnNodeCount()")
                ctx.close()
        finally:
            browser.close()
    return statistics.median(settles), statistics.median(loads), drawn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="200,2000", help="node counts of the lineage views")
    ap.add_argument("--keep", type=Path, default=None, help="keep the pages in this folder")
    ap.add_argument("--chromium", default=CHROMIUM)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    have_browser = Path(args.chromium).exists()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            gs = synthetic_store(n)
            times, page, view = [], "", None
            for _ in range(3):
                t0 = time.perf_counter()
                view = lineage_view(gs, FOCUS, up=2, down=2, max_nodes=None)
                page = render_html(view)
                times.append(time.perf_counter() - t0)
            assert view is not None
            path = out_dir / f"lineage-{n}.html"
            path.write_text(page, encoding="utf-8")
            row = {"nodes": len(view.nodes), "edges": len(view.edges), "bytes": len(page.encode("utf-8")),
                   "render": min(times), "settle": None, "load": None, "drawn": None}
            if have_browser:
                row["settle"], row["load"], row["drawn"] = _browser_settle(path, args.chromium, args.runs)
            rows.append(row)
            print(f"  {n}: done", file=sys.stderr)
    print(f"{'nodes':>6} {'edges':>6} {'file size':>10} {'render (Python)':>16} "
          f"{'page load':>10} {'settled layout':>15} {'drawn':>6}")
    for r in rows:
        browser_cols = (f"{r['load']:>9.2f}s {r['settle']:>14.2f}s {r['drawn']:>6}" if r["settle"] is not None
                        else f"{'-':>10} {'(no chromium)':>15} {'-':>6}")
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['bytes'] / 1e6:>8.2f}MB {r['render']:>15.2f}s {browser_cols}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
