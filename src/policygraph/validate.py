"""``policygraph validate``: SHACL validation of a store with pySHACL.

The data graph is the union of the store's graphs; the shapes are ``ontology/shapes.ttl`` and the
ontology ``ontology/policygraph.ttl`` (RDFS inference, so sub-classes count).  Violations make
the graph non-conforming; warnings (heuristics such as an unusual 文号) are reported only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from policygraph.cues import ontology_dir
from policygraph.store import GraphStore


@dataclass
class ValidationResult:
    conforms: bool
    counts: Counter[str] = field(default_factory=Counter)
    messages: list[tuple[str, str, str, str]] = field(default_factory=list)  # severity, focus, path, message

    def text(self, limit: int = 50) -> str:
        lines = [f"conforms: {self.conforms}; " + ", ".join(
            f"{k.lower()}s: {v}" for k, v in sorted(self.counts.items())) if self.counts
            else f"conforms: {self.conforms}; no results"]
        for sev, focus, path, msg in self.messages[:limit]:
            lines.append(f"  {sev:9} {focus}  {path}  {msg}")
        if len(self.messages) > limit:
            lines.append(f"  … {len(self.messages) - limit} more")
        return "\n".join(lines)


def validate_store(gs: GraphStore) -> ValidationResult:
    """Validate the union of the store's graphs against the project's shapes."""
    import rdflib
    from pyshacl import validate

    data = rdflib.Graph()
    data.parse(data=gs.export("nt").decode("utf-8"), format="nt")
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ontology = rdflib.Graph().parse(ontology_dir() / "policygraph.ttl", format="turtle")
    conforms, results, _ = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
                                    allow_warnings=True, allow_infos=True, advanced=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    out = ValidationResult(conforms=bool(conforms))
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = str(results.value(r, sh.resultSeverity)).rsplit("#", 1)[-1]
        out.counts[severity] += 1
        out.messages.append((severity, str(results.value(r, sh.focusNode)),
                             str(results.value(r, sh.resultPath) or ""),
                             str(results.value(r, sh.resultMessage) or "")))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    out.messages.sort(key=lambda m: (order.get(m[0], 3), m[1], m[2], m[3]))
    return out
