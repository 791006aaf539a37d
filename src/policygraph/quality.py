"""``policygraph report``: data-quality findings over a built store.

* references that resolve to no ingested document, ranked by how often they are cited;
* documents whose title (or a place label before it) and body name different jurisdictions;
* documents without a signature date or without an issuer;
* body names that stand for several organisations (市商务局 in Chengdu and in Shenzhen), and
  local abbreviations that could not be placed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from policygraph.model import Record


@dataclass
class QualityReport:
    unresolved: list[tuple[str, str, int]] = field(default_factory=list)  # iri, label, citing docs
    jurisdiction_conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    missing_date: list[str] = field(default_factory=list)
    missing_issuer: list[str] = field(default_factory=list)
    ambiguous_names: list[tuple[str, int]] = field(default_factory=list)
    unplaced_bodies: list[tuple[str, str]] = field(default_factory=list)

    def text(self) -> str:
        out = [f"unresolved references: {len(self.unresolved)} documents known only from citations"]
        for _, label, n in self.unresolved[:30]:
            out.append(f"  {n:4}  {label}")
        out.append(f"jurisdiction conflicts: {len(self.jurisdiction_conflicts)}")
        for src, said, body in self.jurisdiction_conflicts:
            out.append(f"  {src}: title/label says {said}, body says {body}")
        out.append(f"documents without 成文日期: {len(self.missing_date)}")
        out.extend(f"  {s}" for s in self.missing_date)
        out.append(f"documents without an issuer: {len(self.missing_issuer)}")
        out.extend(f"  {s}" for s in self.missing_issuer)
        out.append(f"body names standing for several organisations: {len(self.ambiguous_names)}")
        out.extend(f"  {name} ({n} organisations)" for name, n in self.ambiguous_names)
        out.append(f"local names with no known place: {len(self.unplaced_bodies)}")
        out.extend(f"  {src}: {name}" for src, name in self.unplaced_bodies)
        return "\n".join(out)


UNRESOLVED = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX pg: <https://w3id.org/policygraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?n) AS ?number) (COUNT(DISTINCT ?citing) AS ?cited) WHERE {
  ?doc pg:referenced_only true .
  ?citing eli:cites ?doc .
  OPTIONAL { ?doc dcterms:title ?t } OPTIONAL { ?doc eli:id_local ?n }
} GROUP BY ?doc ORDER BY DESC(?cited) ?doc
"""

ALT_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?label (COUNT(DISTINCT ?o) AS ?n) WHERE {
  ?o a org:Organization ; skos:altLabel|skos:prefLabel ?label .
} GROUP BY ?label HAVING (COUNT(DISTINCT ?o) > 1) ORDER BY DESC(?n) ?label
"""


def _body_places(text: str) -> Counter[str]:
    from policygraph.registry import jurisdictions

    counts: Counter[str] = Counter()
    for j in jurisdictions():
        if j.level in ("provincial", "municipal") and len(j.short) >= 2:
            n = len(re.findall(re.escape(j.short), text))
            if n:
                counts[j.name] += n
    return counts


def quality_report(store, records: list[tuple[Record, str]]) -> QualityReport:  # type: ignore[no-untyped-def]
    """Findings over a store (SPARQL) and the records and texts it was built from."""
    from policygraph.registry import find_jurisdiction_in

    rep = QualityReport()
    for sol in store.query(UNRESOLVED):
        label = (sol["title"].value if sol["title"] is not None else "") or \
            (sol["number"].value if sol["number"] is not None else sol["doc"].value)
        if sol["number"] is not None and sol["title"] is not None:
            label = f"《{sol['title'].value}》（{sol['number'].value}）"
        elif sol["title"] is not None:
            label = f"《{label}》"
        rep.unresolved.append((sol["doc"].value, label, int(sol["cited"].value)))
    for sol in store.query(ALT_LABELS):
        rep.ambiguous_names.append((sol["label"].value, int(sol["n"].value)))
    for rec, text in sorted(records, key=lambda x: x[0].source):
        if not rec.date_signed:
            rep.missing_date.append(rec.source)
        if not rec.issuers:
            rep.missing_issuer.append(rec.source)
        said = rec.jurisdiction
        if rec.title:
            j = find_jurisdiction_in(rec.title)
            said = j.name if j is not None else said
        if said and said != "全国":
            body = _body_places(text.split("\n", 1)[-1])
            if body:
                top, n = body.most_common(1)[0]
                if top != said and n >= 2 and body.get(said, 0) == 0:
                    rep.jurisdiction_conflicts.append((rec.source, said, top))
        for m in rec.measures:
            for name in m.responsible + m.supporting:
                if name[:1] in "市省区县" and not rec.jurisdiction:
                    rep.unplaced_bodies.append((rec.source, name))
    rep.unplaced_bodies = sorted(set(rep.unplaced_bodies))
    return rep
