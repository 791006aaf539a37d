"""Benchmark of policygraph.analysis on a synthetic lineage graph of realistic shape.

    python benchmarks/analysis_bench.py --docs 100000            # analysis functions
    python benchmarks/analysis_bench.py --docs 100000 --load     # also RDF store → load_graph
    python benchmarks/analysis_bench.py --docs 100000 --export   # also gexf / graphml / csv-edges

The graph follows how Chinese policy travels down: 3 % national documents (a third of them
known only from citations, as in a real corpus), 12 % provincial, 35 % municipal, 50 % county,
over 31 provinces × 11 cities × 8 counties.  Each provincial document implements one or two
national ones (popular documents attract more, Zipf), each municipal one a provincial document
of its province (and often the national one too), each county one a municipal document of its
city; some are based on or repeal earlier documents of their own area; 30 % cite one of 30 hub
laws (Zipf: the first is cited by thousands).  40 % are 印发 notices with an attachment holding
the measures (``--measures`` per document on average), each measure with a lead, one to three
responsible bodies and up to two supporting ones from the document's own area.  Dates run from
2000, each implementation some weeks to months after its parent.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx

from policygraph import analysis as a
from policygraph.lineage import export_networkx, lineage

LEVEL_SHARE = (("national", 0.03), ("provincial", 0.12), ("municipal", 0.35), ("county", 0.50))
PROVINCES, CITIES, COUNTIES = 31, 11, 8
LAWS = 30
FIRST, LAST = date(2000, 1, 1), date(2024, 12, 31)
BASE = "https://w3id.org/policygraph/id/"


def _zipf_pick(rng: random.Random, items: list[Any], s: float = 1.1) -> Any:
    """An item, the first ones much more often (rank^-s)."""
    n = len(items)
    # inverse-CDF sampling on a continuous approximation: fast and good enough for a benchmark
    u = rng.random()
    k = int(((n ** (1 - s) - 1) * u + 1) ** (1 / (1 - s))) - 1  # s != 1
    return items[min(max(k, 0), n - 1)]


def synthetic_graph(docs: int, measures: float = 3.0, seed: int = 7) -> nx.MultiDiGraph:
    """A lineage graph with ``docs`` documents (see the module documentation)."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    nodes: list[tuple[str, dict[str, Any]]] = []
    edges: list[tuple[str, str, str, dict[str, str]]] = []
    orgs: dict[str, str] = {}

    def org(name: str, level: str, place: str) -> str:
        iri = orgs.get(name)
        if iri is None:
            iri = orgs[name] = BASE + "org/" + name
            nodes.append((iri, {"kind": "organisation", "title": name, "level": level,
                                "jurisdiction": place, "aliases": []}))
        return iri

    def edge(u: str, w: str, rel: str) -> None:
        edges.append((u, w, rel, {"relation": rel}))

    laws = []
    for i in range(LAWS):
        iri = BASE + f"doc/t/law{i}"
        laws.append(iri)
        nodes.append((iri, {**a._DOC_ATTRS, "kind": "referenced", "title": f"法律{i}", "level": "national",
                            "level_inferred": True, "jurisdiction": "全国", "issuers": [],
                            "attachments": []}))

    by_level: dict[str, list[str]] = {lvl: [] for lvl, _ in LEVEL_SHARE}
    by_place: dict[str, list[str]] = {}
    dates: dict[str, date] = {}
    parents_of: dict[str, list[str]] = {}
    serial: dict[tuple[str, int], int] = {}
    counts = {lvl: max(1, round(docs * share)) for lvl, share in LEVEL_SHARE}
    counts["county"] = docs - sum(c for lvl, c in counts.items() if lvl != "county")

    def place_of(level: str) -> tuple[str, str, str | None]:
        p = rng.randrange(PROVINCES)
        c = rng.randrange(CITIES)
        k = rng.randrange(COUNTIES)
        prov, city, county = f"P{p}", f"P{p}C{c}", f"P{p}C{c}K{k}"
        return {"national": ("全国", "全国", None), "provincial": (prov, prov, None),
                "municipal": (city, prov, prov), "county": (county, city, prov)}[level]

    for level in ("national", "provincial", "municipal", "county"):
        for _ in range(counts[level]):
            place, up_place, province = place_of(level)
            parents: list[str] = []
            if level == "provincial":
                parents = [_zipf_pick(rng, by_level["national"]) for _ in range(rng.choice((1, 1, 2)))]
            elif level == "municipal":
                pool = by_place.get(up_place) or by_level["provincial"]
                parents = [_zipf_pick(rng, pool)]
            elif level == "county":
                pool = by_place.get(up_place) or by_place.get(province or "") or by_level["municipal"]
                parents = [_zipf_pick(rng, pool)]
            start = max((dates[p] for p in parents if p in dates), default=FIRST)
            if level == "national":
                d = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days))
            else:
                d = min(LAST, start + timedelta(days=int(rng.expovariate(1 / 75)) + 7))
            code = {"national": "国发", "provincial": f"{place}府", "municipal": f"{place}府",
                    "county": f"{place}政"}[level]
            serial[(code, d.year)] = serial.get((code, d.year), 0) + 1
            number = f"{code}〔{d.year}〕{serial[(code, d.year)]}号"
            iri = BASE + "doc/" + number
            referenced = level == "national" and rng.random() < 1 / 3
            body = org(f"{place}人民政府" if level != "national" else "国务院", level, place)
            attrs = {**a._DOC_ATTRS, "kind": "referenced" if referenced else "document",
                     "doc_number": number, "title": f"{place}关于政策{len(dates)}的通知", "level": level,
                     "jurisdiction": place, "issuers": [body.rsplit("/", 1)[-1]], "attachments": []}
            if not referenced:
                attrs.update(date=d.isoformat(), date_published=(d + timedelta(days=rng.randrange(30))).isoformat())
                if rng.random() < 0.2:
                    attrs["valid_years"] = rng.choice((3, 5))
            nodes.append((iri, attrs))
            dates[iri] = d
            edge(iri, body, "issued_by")
            for p in dict.fromkeys(parents):
                edge(iri, p, "implements")
                grand = parents_of.get(p, [])
                if grand and rng.random() < (0.4 if level == "municipal" else 0.2):
                    edge(iri, grand[0], "implements")
            same = by_place.get(place, [])
            if same and rng.random() < 0.10:
                edge(iri, rng.choice(same), "based_on")
            if same and rng.random() < 0.03:
                edge(iri, rng.choice(same), "repeals")
            if same and rng.random() < 0.01:
                edge(iri, rng.choice(same), "amends")
            if rng.random() < 0.30:
                edge(iri, _zipf_pick(rng, laws), "cites")
            parents_of[iri] = parents
            by_level[level].append(iri)
            by_place.setdefault(place, []).append(iri)
            if referenced:
                continue
            owner = iri
            if rng.random() < 0.4:
                owner = BASE + "doc/t/" + number + "附件"
                nodes.append((owner, {**a._DOC_ATTRS, "kind": "document", "title": f"{place}政策{len(dates)}",
                                      "jurisdiction": place, "issuers": [], "attachments": []}))
                edge(iri, owner, "promulgates")
            bodies = [org(f"{place}部门{j}", level, place) for j in range(8 if level == "county" else 15)]
            for m in range(int(rng.random() * 2 * measures + 0.5)):
                mi = f"{owner}/item_{m + 1}"
                nodes.append((mi, {"kind": "measure", "title": f"措施{m + 1}", "number": str(m + 1),
                                   "subdivision_kind": "item", "document": None}))
                edge(mi, owner, "part_of")
                chosen = rng.sample(bodies, rng.randint(1, 3))
                edge(mi, chosen[0], "lead")
                for b in chosen:
                    edge(mi, b, "responsible")
                for b in rng.sample(bodies, rng.randint(0, 2)):
                    if b not in chosen:
                        edge(mi, b, "supporting")
    G.add_nodes_from(nodes)
    G.add_edges_from(edges)
    return a.derive_attributes(G)


def write_nquads(G: nx.MultiDiGraph, path: Path) -> None:
    """The synthetic graph in the store's terms (documents, references with evidence
    annotations, measures, responsibility, organisations), as N-Quads in one named graph."""
    from policygraph import vocab as v
    from policygraph.refdata import level_iri

    ELI, g = v.ELI, f" <{BASE}graph/bench> .\n"
    fh = path.open("w", encoding="utf-8")
    out = _Sink(fh)
    places: set[str] = set()
    rdf_type = f"<{v.RDF}type>"

    def t(s: str, p: str, o: str) -> None:
        out.append(f"<{s}> <{p}> {o}{g}")

    for n, d in G.nodes(data=True):
        kind = d["kind"]
        if kind in a.DOCUMENT_KINDS:
            out.append(f"<{n}> {rdf_type} <{ELI}LegalResource>{g}")
            out.append(f"<{n}> {rdf_type} <{v.PolicyDocument}>{g}")
            if kind == "referenced":
                out.append(f"<{n}> {rdf_type} <{v.ReferencedDocument}>{g}")
            if d.get("title"):
                t(n, v.DCT + "title", v.lit(d["title"], lang="zh"))
            if d.get("doc_number"):
                t(n, ELI + "id_local", v.lit(d["doc_number"]))
            for attr, pred in (("date", "date_document"), ("date_published", "date_publication")):
                if d.get(attr) and not d.get("promulgated_by"):
                    t(n, ELI + pred, v.lit(d[attr], v.XSD + "date"))
            if d.get("level") and kind == "document" and not d.get("promulgated_by"):
                t(n, v.level, f"<{level_iri(d['level'])}>")
            if d.get("jurisdiction") and kind == "document":
                t(n, ELI + "jurisdiction", f"<{BASE}jurisdiction/{d['jurisdiction']}>")
                places.add(d["jurisdiction"])
        elif kind == "measure":
            out.append(f"<{n}> {rdf_type} <{ELI}LegalResourceSubdivision>{g}")
            out.append(f"<{n}> {rdf_type} <{v.Measure}>{g}")
            t(n, ELI + "number", v.lit(d["number"]))
            t(n, v.subdivision_kind, v.lit("item"))
            t(n, v.DCT + "title", v.lit(d["title"], lang="zh"))
        else:
            out.append(f"<{n}> {rdf_type} <{v.ORG}Organization>{g}")
            t(n, v.SKOS + "prefLabel", v.lit(d["title"], lang="zh"))
            t(n, v.ORG + "classification", f"<{level_iri(d['level'])}>")
    for p in places:
        t(f"{BASE}jurisdiction/{p}", v.SKOS + "prefLabel", v.lit(p, lang="zh"))
    preds = {**{k: v.RELATION_PROPERTY[k] for k in a.REFERENCES}, "promulgates": v.promulgates,
             "part_of": ELI + "is_part_of", "responsible": v.responsible_agent, "lead": v.lead_agent,
             "supporting": v.supporting_agent, "issued_by": ELI + "passed_by"}
    for k, (u, w, rel) in enumerate(G.edges(keys=True)):
        t(u, preds[rel], f"<{w}>")
        if rel in a.REFERENCES and rel != "cites":
            t(u, ELI + "cites", f"<{w}>")
        if rel in a.REFERENCES:
            ann = f"{BASE}ann/{k}"
            quote = f"《{G.nodes[w].get('title')}》"
            t(ann, v.OA + "hasBody", f"<{ann}/statement>")
            t(ann, v.OA + "hasTarget", f"<{BASE}text/{k}#char=0,{len(quote)}>")
            t(ann, v.PG + "confidence", v.lit("0.90", v.XSD + "decimal"))
            t(ann, v.quote, v.lit(quote))
            t(f"{ann}/statement", v.RDF + "subject", f"<{u}>")
            t(f"{ann}/statement", v.RDF + "predicate", f"<{preds[rel]}>")
            t(f"{ann}/statement", v.RDF + "object", f"<{w}>")
    fh.close()


class _Sink:
    """A list-like writer: ``append`` goes straight to the file."""

    def __init__(self, fh: Any) -> None:
        self.append = fh.write


def timed(label: str, fn: Callable[[], Any], calls: int = 1) -> tuple[str, int, float, Any]:
    started = time.perf_counter()
    result = fn()
    return label, calls, time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000, help="number of documents (default 100000)")
    ap.add_argument("--measures", type=float, default=3.0, help="measures per document on average")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sample", type=int, default=1000, help="documents per per-document function")
    ap.add_argument("--load", action="store_true", help="also time load_graph on an RDF store of the graph")
    ap.add_argument("--export", action="store_true", help="also time gexf / graphml / csv-edges exports")
    args = ap.parse_args(argv)

    rows: list[tuple[str, int, float, Any]] = []
    rows.append(timed("build synthetic graph", lambda: synthetic_graph(args.docs, args.measures, args.seed)))
    G = rows[-1][3]
    kinds: dict[str, int] = {}
    for _, d in G.nodes(data=True):
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    rels: dict[str, int] = {}
    for _, _, k in G.edges(keys=True):
        rels[k] = rels.get(k, 0) + 1
    print(f"graph: {G.number_of_nodes():,} nodes ({', '.join(f'{k} {n:,}' for k, n in sorted(kinds.items()))}); "
          f"{G.number_of_edges():,} edges ({', '.join(f'{k} {n:,}' for k, n in sorted(rels.items()))})")

    rng = random.Random(args.seed)
    docs = a.documents(G, ["document"], attachments=False)
    sample = rng.sample(docs, min(args.sample, len(docs)))
    county = [n for n in docs if G.nodes[n]["level"] == "county"]
    national = [n for n in a.documents(G) if G.nodes[n]["level"] == "national"
                and not n.startswith(BASE + "doc/t/law")]
    hubs = [n for n in a.documents(G, ["referenced"]) if n.startswith(BASE + "doc/t/law")]
    csample = rng.sample(county, min(200, len(county)))
    nsample = rng.sample(national, min(100, len(national)))

    rows.append(timed(f"ancestors (depth None) × {len(sample)}",
                      lambda: [a.ancestors(G, n) for n in sample], len(sample)))
    rows.append(timed(f"descendants (depth 3) × {len(nsample)} national",
                      lambda: [a.descendants(G, n, 3) for n in nsample], len(nsample)))
    rows.append(timed(f"descendants (depth None) × {len(nsample)} national",
                      lambda: [a.descendants(G, n) for n in nsample], len(nsample)))
    rows.append(timed(f"chains_to_roots × {len(csample)} county",
                      lambda: [a.chains_to_roots(G, n, a.LINEAGE) for n in csample], len(csample)))
    rows.append(timed("longest_chains (k=10)", lambda: a.longest_chains(G, 10)))
    rows.append(timed("implementation_lag", lambda: a.implementation_lag(G)))
    rows.append(timed("citation_in_degree", lambda: a.citation_in_degree(G)))
    rows.append(timed("citation_pagerank", lambda: a.citation_pagerank(G)))
    rows.append(timed("citation_pagerank (hubs down-weighted)",
                      lambda: a.citation_pagerank(G, downweight_hubs=True, hubs=hubs[:3])))
    rows.append(timed("responsibility_load", lambda: a.responsibility_load(G)))
    rows.append(timed("responsibility_load by document, year",
                      lambda: a.responsibility_load(G, by=("document", "year"))))
    rows.append(timed("diffusion_by_level (all)", lambda: a.diffusion_by_level(G)))
    rows.append(timed(f"diffusion_by_level (root) × {len(nsample)}",
                      lambda: [a.diffusion_by_level(G, n) for n in nsample], len(nsample)))
    rows.append(timed("in_force_on", lambda: a.in_force_on(G, "2015-06-30")))
    rows.append(timed("reach (every national document)", lambda: a.reach(G, "national", a.LINEAGE)))
    rows.append(timed(f"lineage (up 3, down 1) × {len(sample)}",
                      lambda: [lineage(G, n, 3, 1) for n in sample], len(sample)))
    if args.export:
        for fmt in ("csv-edges", "graphml", "gexf"):
            rows.append(timed(f"export_networkx {fmt}", lambda fmt=fmt: len(export_networkx(G, fmt))))
    if args.load:
        import tempfile

        import pyoxigraph as ox

        from policygraph.store import GraphStore

        def store() -> GraphStore:
            gs = GraphStore()
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "bench.nq"
                write_nquads(G, path)
                gs.store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            return gs

        rows.append(timed("write + bulk-load RDF store (in memory)", store))
        gs = rows[-1][3]
        rows.append(timed(f"load_graph ({len(gs):,} quads)", lambda: a.load_graph(gs)))
        H = rows[-1][3]
        print(f"loaded: {H.number_of_nodes():,} nodes, {H.number_of_edges():,} edges")
        del H
        rows.append(timed("load_graph (measures=False, as `lineage`)",
                          lambda: a.load_graph(gs, measures=False)))

    chains = rows[4][3]
    lags = [r["days"] for r in rows[6][3]]
    print(f"chain depth (county sample): max {max((len(c) - 1 for cs in chains for c in cs), default=0)}; "
          f"longest chain {len(rows[5][3][0]) - 1 if rows[5][3] else 0} steps; "
          f"median lag {statistics.median(lags) if lags else 0:.0f} days over {len(lags):,} pairs")
    width = max(len(r[0]) for r in rows)
    print(f"\n{'function':<{width}}  {'calls':>6}  {'total s':>8}  {'per call ms':>11}")
    print(f"{'-' * width}  {'-' * 6}  {'-' * 8}  {'-' * 11}")
    for name, calls, secs, _ in rows:
        print(f"{name:<{width}}  {calls:>6}  {secs:>8.2f}  {1000 * secs / calls:>11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
