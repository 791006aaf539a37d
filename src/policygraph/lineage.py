"""The lineage of one document — what it implements up to national policy, and what implements
it — as a tree for the terminal, JSON or CSV; and network exports for Gephi.

``policygraph lineage --store DIR DOC [--up N] [--down M] [--format tree|json|csv]`` prints the
chain: each line a document with its 文号, title, date and level, and the relation that joins
it to the line above.  DOC is a 文号 in any bracket style, a title (or a unique part of one),
or an IRI.

>>> from policygraph.analysis import example_graph
>>> G = example_graph()
>>> print(format_tree(lineage(G, "深府〔2013〕119号", up=2, relations=("implements",))))
深府〔2013〕119号  深圳市人民政府印发关于进一步促进电子商务发展若干措施的通知  2013-12-27  市级 深圳市
  印发 promulgates: 深圳市关于进一步促进电子商务发展的若干措施
↑ 上位 what it implements or cites (up to 2 steps)
├── implements 贯彻落实  国发〔2013〕32号  国务院关于促进信息消费扩大内需的若干意见  2013-08-08  国家级 全国
└── implements 贯彻落实  粤府〔2013〕100号  广东省促进信息消费实施意见  2013-10-20  省级 广东省
    └── implements 贯彻落实  国发〔2013〕32号  (shown above)
↓ 下位 what implements or cites it (down to 1 step)
    (none in the graph)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import networkx as nx

# networkx and policygraph.analysis are imported where used, so that registering the command
# costs the CLI nothing

__all__ = [
    "NETWORK_FORMATS",
    "LineageNode",
    "LineageTree",
    "export_networkx",
    "format_csv",
    "format_json",
    "format_tree",
    "lineage",
    "lineage_command",
]

LEVEL_ZH = {"national": "国家级", "provincial": "省级", "municipal": "市级", "county": "县级"}
NETWORK_FORMATS = ("gexf", "graphml", "csv-edges")
"""Formats of :func:`export_networkx`."""
_ORDER = {r: i for i, r in enumerate(("implements", "based_on", "forwards", "amends", "repeals", "cites",
                                       "promulgates"))}


@dataclass
class LineageNode:
    """One document in a lineage tree.

    ``relations`` join it to its parent in the tree (``direction`` ``up``: the parent
    implements or cites this document; ``down``: this document implements or cites the
    parent); ``via`` names the 印发 notice or attachment the relation was stated on when that
    is not the document itself; ``repeated`` marks a document already shown (not expanded
    again).
    """

    id: str
    doc_number: str | None
    title: str | None
    date: str | None
    year: int | None
    level: str | None
    jurisdiction: str | None
    kind: str | None
    direction: str = "root"
    depth: int = 0
    relations: list[str] = field(default_factory=list)
    via: str | None = None
    evidence: str | None = None
    repeated: bool = False
    attachments: list[str] = field(default_factory=list)
    promulgated_by: str | None = None
    children: list[LineageNode] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, children nested."""
        out = {k: getattr(self, k) for k in (
            "id", "doc_number", "title", "date", "year", "level", "jurisdiction", "kind", "direction",
            "depth", "relations", "via", "evidence", "repeated", "attachments", "promulgated_by")}
        out["children"] = [c.to_dict() for c in self.children]
        return out


@dataclass
class LineageTree:
    """The lineage of ``root``: its children are the documents it implements or cites
    (direction ``up``, to ``up`` steps) followed by those implementing or citing it
    (direction ``down``, to ``down`` steps)."""

    root: LineageNode
    up: int
    down: int
    relations: list[str]

    def walk(self) -> Iterator[tuple[LineageNode | None, LineageNode]]:
        """(tree parent, node) pairs in preorder, the root first with parent None."""
        stack: list[tuple[LineageNode | None, LineageNode]] = [(None, self.root)]
        while stack:
            parent, node = stack.pop()
            yield parent, node
            stack.extend((node, c) for c in reversed(node.children))

    def ids(self, direction: str | None = None) -> set[str]:
        """Documents in the tree (of one direction when asked), the root excluded."""
        return {n.id for p, n in self.walk() if p is not None and direction in (None, n.direction)}

    def to_dict(self) -> dict[str, Any]:
        return {"up": self.up, "down": self.down, "relations": self.relations,
                "root": self.root.to_dict()}


def _node(G: nx.MultiDiGraph, n: str, **kw: Any) -> LineageNode:
    from policygraph.analysis import label

    d = G.nodes[n]
    atts = [G.nodes[a].get("title") or label(G, a) for a in (d.get("attachments") or ())]
    notice = d.get("promulgated_by")
    return LineageNode(id=n, doc_number=d.get("doc_number"), title=d.get("title"), date=d.get("date"),
                       year=d.get("year"), level=d.get("level"), jurisdiction=d.get("jurisdiction"),
                       kind=d.get("kind"), attachments=atts,
                       promulgated_by=label(G, notice) if notice else None, **kw)


def _sort_key(G: nx.MultiDiGraph, n: str) -> tuple[str, str, str]:
    from policygraph.analysis import label

    d = G.nodes[n]
    return (d.get("date") or str(d.get("year") or "9999"), label(G, n), n)


def lineage(G: nx.MultiDiGraph, doc: str, up: int = 3, down: int = 1,
            relations: str | Iterable[str] | None = None, *, merge_promulgated: bool = True) -> LineageTree:
    """The lineage tree of ``doc`` (a node, 文号, title or IRI — see
    :func:`~policygraph.analysis.find_document`): ``up`` steps of what it implements or cites,
    ``down`` steps of what implements or cites it, along ``relations``.

    Every document within reach appears expanded once, at its shortest distance; other
    occurrences are marked ``repeated``.  Siblings are ordered by date, then 文号 or title.
    ``relations`` defaults to every reference relation
    (:data:`~policygraph.analysis.REFERENCES`).

    >>> from policygraph.analysis import example_graph, label
    >>> G = example_graph()
    >>> t = lineage(G, "国发〔2013〕32号", up=0, down=2)
    >>> for _, n in list(t.walk())[1:]:
    ...     print(n.direction, n.depth, n.relations, label(G, n.id) + (" (repeated)" if n.repeated else ""))
    down 1 ['implements'] 粤府〔2013〕100号
    down 2 ['implements'] 深府〔2013〕119号 (repeated)
    down 1 ['implements'] 深府〔2013〕119号
    """
    from policygraph.analysis import (
        DOCUMENT_KINDS,
        REFERENCES,
        _issuance,
        _relations,
        _step,
        _walk,
        find_document,
    )

    root_id = doc if doc in G and G.nodes[doc].get("kind") in DOCUMENT_KINDS else find_document(G, doc)
    rels = _relations(REFERENCES if relations is None else relations)
    root = _node(G, root_id)
    mates = set(_issuance(G._node, root_id)) if merge_promulgated else {root_id}
    for direction, limit in (("up", up), ("down", down)):
        if limit <= 0:
            continue
        going_up = direction == "up"
        dist = _walk(G, root_id, limit, rels, merge_promulgated, up=going_up)
        expanded: set[str] = set()

        def grow(parent: LineageNode, n: str, depth: int, path: frozenset[str],
                 direction: str = direction, going_up: bool = going_up,
                 dist: dict[str, int] = dist, expanded: set[str] = expanded, limit: int = limit) -> None:
            if depth > limit:
                return
            found = _step(G, n, rels, merge_promulgated, going_up)
            for w in sorted(found, key=lambda x: _sort_key(G, x)):
                if w in mates or w in path:
                    continue
                member = found[w]
                keys: set[str] = set()
                evidence = None
                for m in (_issuance(G._node, n) if merge_promulgated else (n,)):
                    kd = (G._succ[m].get(w) if going_up else G._pred[m].get(w)) or {}
                    for k, data in kd.items():
                        if k in rels:
                            keys.add(k)
                            evidence = evidence or data.get("evidence")
                repeated = w in expanded or dist.get(w) != depth
                child = _node(G, w, direction=direction, depth=depth,
                              relations=sorted(keys, key=lambda k: _ORDER.get(k, 99)),
                              via=member if member != n else None, evidence=evidence, repeated=repeated)
                parent.children.append(child)
                if not repeated:
                    expanded.add(w)
                    grow(child, w, depth + 1, path | {w})

        grow(root, root_id, 1, frozenset({root_id}))
    return LineageTree(root=root, up=up, down=down,
                       relations=sorted(rels, key=lambda k: _ORDER.get(k, 99)))


def _line(n: LineageNode) -> str:
    parts = [n.doc_number or ""]
    if n.title and n.title != n.doc_number:
        parts.append(n.title)
    elif not n.title and n.evidence:
        parts.append(f"(cited as {n.evidence})")
    elif not n.title:
        parts.append("(title unknown)")
    parts.append(n.date or (f"{n.year}年" if n.year else "date unknown"))
    place = " ".join(x for x in (LEVEL_ZH.get(n.level or "", n.level or ""), n.jurisdiction or "") if x)
    if place:
        parts.append(place)
    if n.kind == "referenced":
        parts.append("[not in corpus]")
    return "  ".join(p for p in parts if p)


def format_tree(tree: LineageTree) -> str:
    """The tree as indented text: the document, then ``↑`` what it implements or cites and
    ``↓`` what implements or cites it, each line with relation, 文号, title, date and level."""
    from policygraph.analysis import RELATION_ZH

    root = tree.root
    out = [_line(root)]
    out.extend(f"  印发 promulgates: {a}" for a in root.attachments)
    if root.promulgated_by:
        out.append(f"  印发 by: {root.promulgated_by}")
    def steps(k: int) -> str:
        return f"{k} step" if k == 1 else f"{k} steps"

    heads = {"up": f"↑ 上位 what it implements or cites (up to {steps(tree.up)})",
             "down": f"↓ 下位 what implements or cites it (down to {steps(tree.down)})"}

    def lines(n: LineageNode, prefix: str, last: bool) -> None:
        rel = " ".join(f"{r} {RELATION_ZH.get(r, '')}".strip() for r in n.relations)
        via = f"  (via {n.via.rsplit('/', 1)[-1]})" if n.via else ""
        name = n.doc_number or n.title or n.id
        text = f"{rel}  {name}  (shown above)" if n.repeated else f"{rel}  {_line(n)}{via}"
        out.append(f"{prefix}{'└── ' if last else '├── '}{text}")
        for i, c in enumerate(n.children):
            lines(c, prefix + ("    " if last else "│   "), i == len(n.children) - 1)

    for direction in ("up", "down"):
        kids = [c for c in root.children if c.direction == direction]
        limit = tree.up if direction == "up" else tree.down
        if limit <= 0:
            continue
        out.append(heads[direction])
        if not kids:
            out.append("    (none in the graph)")
        for i, c in enumerate(kids):
            lines(c, "", i == len(kids) - 1)
    return "\n".join(out)


def format_json(tree: LineageTree) -> str:
    """The tree as JSON (children nested), UTF-8 text, keys in a fixed order."""
    return json.dumps(tree.to_dict(), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ("direction", "depth", "relations", "parent", "id", "doc_number", "title", "date",
               "year", "level", "jurisdiction", "kind", "via", "repeated", "evidence")


def format_csv(tree: LineageTree) -> str:
    """The tree as CSV, one row per line of the tree in order, ``parent`` naming the row
    above it in the tree.

    >>> from policygraph.analysis import example_graph
    >>> text = format_csv(lineage(example_graph(), "深府〔2013〕119号", up=1, down=0, relations="implements"))
    >>> [row.split(",")[:5] for row in text.splitlines()][:2]
    [['direction', 'depth', 'relations', 'parent', 'id'], ['root', '0', '', '', 'https://w3id.org/policygraph/id/doc/%E6%B7%B1%E5%BA%9C%E3%80%942013%E3%80%95119%E5%8F%B7']]
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for parent, n in tree.walk():
        w.writerow([n.direction, n.depth, "; ".join(n.relations), parent.id if parent else "", n.id,
                    n.doc_number or "", n.title or "", n.date or "", n.year or "", n.level or "",
                    n.jurisdiction or "", n.kind or "", n.via or "", "true" if n.repeated else "",
                    n.evidence or ""])
    return buf.getvalue()


# ------------------------------------------------------------------------------- exports

def _safe(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return "; ".join("" if x is None else str(x) for x in items)
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def _writer_safe(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attribute dicts every networkx writer accepts: None → "", lists → "; "-joined; a column
    keeps a numeric or boolean type only when every record holding it has a value of that one
    type, otherwise all its values become strings (GEXF and GraphML declare one type per
    column).  A record lacking an attribute altogether (a measure has no 文号) stays without it."""
    safe = [{k: _safe(x) for k, x in r.items()} for r in records]
    kinds: dict[str, set[type]] = defaultdict(set)
    for r in safe:
        for k, x in r.items():
            kinds[k].add(type(x))
    mixed = {k for k, types in kinds.items() if len(types) > 1}
    if mixed:
        for r in safe:
            for k in mixed & r.keys():
                x = r[k]
                r[k] = str(x).lower() if isinstance(x, bool) else str(x)
    return [dict(sorted(r.items())) for r in safe]


_RESERVED = {"id", "label", "start", "end", "type", "weight", "pid", "key"}


def export_networkx(graph: nx.MultiDiGraph, fmt: str, *, kinds: Iterable[str] | None = None) -> bytes:
    """The graph as ``gexf`` (Gephi), ``graphml`` or ``csv-edges`` bytes (UTF-8).

    Attributes are made writer-safe (None → "", lists → "; "-joined, mixed columns as
    strings), every node gets a ``label`` (文号, title or name) and every edge an id
    ``e<n>``, its ``relation`` and ``label``; nodes and edges are written sorted, so the same
    graph always gives the same bytes.  ``kinds`` keeps only nodes of those kinds (e.g.
    ``["document", "referenced"]`` for the citation network).

    >>> import networkx as nx
    >>> from policygraph.analysis import example_graph
    >>> G = example_graph()
    >>> text = export_networkx(G, "csv-edges").decode()
    >>> text.splitlines()[0]
    'source,relation,target,source_label,target_label,evidence,confidence'
    >>> H = nx.read_graphml(io.BytesIO(export_networkx(G, "graphml")))
    >>> H.number_of_nodes(), H.number_of_edges() == G.number_of_edges()
    (13, True)
    >>> export_networkx(G, "gexf") == export_networkx(G, "gexf")
    True
    """
    import networkx as nx

    from policygraph.analysis import label

    if fmt not in NETWORK_FORMATS:
        raise ValueError(f"format must be one of {', '.join(NETWORK_FORMATS)}")
    keep = None if kinds is None else frozenset(kinds)
    node_ids = sorted(n for n, d in graph.nodes(data=True) if keep is None or d.get("kind") in keep)
    kept = set(node_ids)
    edges = sorted((u, w, k) for u, w, k in graph.edges(keys=True) if u in kept and w in kept)

    if fmt == "csv-edges":
        buf = io.StringIO()
        wr = csv.writer(buf, lineterminator="\n")
        wr.writerow(["source", "relation", "target", "source_label", "target_label", "evidence",
                     "confidence"])
        for u, w, k in edges:
            data = graph.edges[u, w, k]
            conf = data.get("confidence")
            wr.writerow([u, k, w, label(graph, u), label(graph, w), data.get("evidence") or "",
                         "" if conf is None else conf])
        return buf.getvalue().encode("utf-8")

    node_records = []
    for n in node_ids:
        attrs = {k: x for k, x in graph.nodes[n].items() if k not in _RESERVED}
        attrs["label"] = label(graph, n)
        node_records.append(attrs)
    edge_records = []
    for i, (u, w, k) in enumerate(edges):
        attrs = {a: x for a, x in graph.edges[u, w, k].items() if a not in _RESERVED}
        attrs.update(relation=k, label=k)
        attrs["id"] = f"e{i}"
        edge_records.append(attrs)
    H = nx.MultiDiGraph()
    for n, attrs in zip(node_ids, _writer_safe(node_records), strict=True):
        H.add_node(n, **attrs)
    for (u, w, k), attrs in zip(edges, _writer_safe(edge_records), strict=True):
        H.add_edge(u, w, key=k, **attrs)
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(H, buf, encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")
        return buf.getvalue()
    nx.write_gexf(H, buf, encoding="utf-8", prettyprint=True)
    # networkx stamps today's date into <meta>; the bytes must not depend on the day
    return re.sub(rb' lastmodifieddate="[0-9-]+"', b"", buf.getvalue(), count=1)


# ------------------------------------------------------------------------------- command

@click.command("lineage")
@click.option("--store", "store_dir", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Store folder made by `policygraph build`.")
@click.argument("doc")
@click.option("--up", type=click.IntRange(min=0), default=3, show_default=True,
              help="Steps up: what DOC implements or cites, and so on up to national policy.")
@click.option("--down", type=click.IntRange(min=0), default=1, show_default=True,
              help="Steps down: documents implementing or citing DOC.")
@click.option("--format", "fmt", type=click.Choice(["tree", "json", "csv"]), default="tree",
              show_default=True, help="An indented tree, nested JSON, or CSV rows.")
def lineage_command(store_dir: Path, doc: str, up: int, down: int, fmt: str) -> None:
    """Show the lineage of DOC: what it implements, based on, cites, amends or repeals (up to
    national policy) and what implements or cites it, with 文号, title, date and relation.

    DOC is a 文号 in any bracket style (深府[2013]119号), a title or a unique part of one, or
    an IRI.  A 印发 notice and its attachment count as one document.

    \b
    Examples:
      policygraph lineage --store out/store 深府〔2013〕119号
      policygraph lineage --store out/store "深府[2013]119号" --up 2 --down 0 --format json
      policygraph lineage --store out/store 政府网站集约化试点工作方案 --format csv
    """
    from policygraph.analysis import load_graph

    G = load_graph(store_dir, measures=False)
    try:
        tree = lineage(G, doc, up=up, down=down)
    except LookupError as exc:
        raise click.ClickException(str(exc).strip("'\"")) from exc
    text = {"tree": lambda t: format_tree(t) + "\n", "json": format_json, "csv": format_csv}[fmt](tree)
    click.echo(text, nl=False)
