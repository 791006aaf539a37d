"""SPARQL for users: saved queries, common prefixes, safe parameter binding, result formats.

Saved queries live in ``policygraph/queries/*.rq``; each starts with comment lines: the first says
what it answers, ``# param: NAME KIND  description, e.g. EXAMPLE`` lines declare parameters.
Parameters are always bound as RDF terms — through pyoxigraph's ``substitutions`` on the
embedded store, or an inline ``VALUES`` block of N-Triples-serialised terms for a remote
endpoint — never pasted into the query text as text.

>>> q = saved_queries()["implementers"]
>>> [(p.name, p.kind) for p in q.params]
[('target', 'docnumber')]
>>> str(bind_value("docnumber", "国发[2013]32号"))
'"国发〔2013〕32号"'
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pyoxigraph as ox

from policygraph.output import display_width, format_table
from policygraph.vocab import PREFIXES, XSD

KINDS = ("docnumber", "text", "label", "iri", "date", "integer")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class SavedQuery:
    name: str
    description: str
    text: str
    params: tuple[Param, ...]


_PARAM_RE = re.compile(r"^#\s*param:\s*(?P<name>\w+)\s+(?P<kind>\w+)\s*(?P<desc>.*)$")


def parse_saved(name: str, text: str) -> SavedQuery:
    """Read the comment header of a saved query."""
    description = ""
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _PARAM_RE.match(line)
        if m:
            if m.group("kind") not in KINDS:
                raise ValueError(f"{name}.rq: unknown parameter kind {m.group('kind')!r}")
            params.append(Param(m.group("name"), m.group("kind"), m.group("desc").strip()))
        elif not description:
            description = line.lstrip("# ").strip()
    return SavedQuery(name, description, text, tuple(params))


@lru_cache(maxsize=1)
def saved_queries() -> dict[str, SavedQuery]:
    """The saved queries shipped with the package, by name."""
    folder = resources.files("policygraph") / "queries"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_saved(name, entry.read_text(encoding="utf-8"))
    return out


def with_prefixes(sparql: str) -> str:
    """Declare the common prefixes (eli, dcterms, org, skos, oa, prov, xsd, pg …) the query uses
    but does not declare itself.

    >>> with_prefixes("SELECT * WHERE { ?d eli:cites ?x }").splitlines()[0]
    'PREFIX eli: <http://data.europa.eu/eli/ontology#>'
    """
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+(\w*):", sparql)}
    body = re.sub(r"#[^\n]*", "", sparql)
    used = {p for p in PREFIXES if re.search(rf"(?<![\w<]){p}:", body)}
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used - declared))
    return head + sparql


def bind_value(kind: str, value: str) -> ox.NamedNode | ox.Literal:
    """An RDF term for a parameter value of the given kind (raises ValueError if malformed)."""
    if kind == "docnumber":
        from policygraph.extractors.docnumber import normalise_doc_number

        return ox.Literal(normalise_doc_number(value) or value.strip())
    if kind == "text":
        return ox.Literal(value)
    if kind == "label":  # a title or name as the store writes it (tagged zh): matched whole, by index
        return ox.Literal(value.strip(), language="zh")
    if kind == "iri":
        if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+", value.strip("<>")):
            raise ValueError(f"not an IRI: {value!r}")
        return ox.NamedNode(value.strip("<>"))
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"not an ISO date (yyyy-mm-dd): {value!r}")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if kind == "integer":
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    raise ValueError(f"unknown parameter kind {kind!r}")


def bindings(params: dict[str, str], saved: SavedQuery | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
    """Terms for ``--param name=value`` pairs: typed by the saved query's declaration, else an
    IRI for ``<…>`` and a plain literal otherwise."""
    declared = {p.name: p.kind for p in saved.params} if saved else {}
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in params.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise ValueError(f"bad parameter name {name!r}")
        if saved and name not in declared:
            raise ValueError(f"query {saved.name!r} has no parameter {name!r} "
                             f"(it takes: {', '.join(declared) or 'none'})")
        kind = declared.get(name) or ("iri" if value.startswith("<") and value.endswith(">") else "text")
        out[name] = bind_value(kind, value)
    if saved:
        missing = [p.name for p in saved.params if p.name not in params]
        if missing:
            raise ValueError(f"query {saved.name!r} needs --param " + ", ".join(f"{m}=…" for m in missing))
    return out


def inline_values(sparql: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with a ``VALUES`` block binding ``terms`` at the start of its outer WHERE
    group (for endpoints that take no bindings).  Terms are N-Triples serialised, so a value
    such as ``} ; DROP ALL`` stays inside a string literal.

    >>> inline_values("SELECT * WHERE { ?s ?p ?x }", {"x": ox.Literal('} ; DROP ALL "')})
    'SELECT * WHERE { VALUES (?x) { ("} ; DROP ALL \\\\"") } ?s ?p ?x }'
    """
    if not terms:
        return sparql
    names = sorted(terms)
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + \
        " ".join(str(terms[n]) for n in names) + ") } "
    m = re.search(r"(?i)\bWHERE\s*\{\s*", sparql)
    if not m:
        raise ValueError("cannot bind parameters: the query has no WHERE group")
    return sparql[:m.end()] + block + sparql[m.end():]


@dataclass
class QueryResult:
    """Rows of a SELECT (``variables`` and ``rows`` of terms), or the answer of an ASK."""

    variables: list[str]
    rows: list[list[Any]]
    boolean: bool | None = None

    @classmethod
    def from_oxigraph(cls, result: Any) -> QueryResult:
        if isinstance(result, ox.QueryBoolean):
            return cls([], [], bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return cls(names, [[sol[n] for n in names] for sol in result])
        raise ValueError("CONSTRUCT and DESCRIBE results are graphs: use `export` for graphs")

    @classmethod
    def from_json(cls, data: bytes) -> QueryResult:
        """Parse SPARQL 1.1 JSON results (from a remote endpoint)."""
        return cls.from_oxigraph(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON))


def run_embedded(store: Any, sparql: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> QueryResult:
    """Run on a :class:`policygraph.store.GraphStore` (union default graph).  Parameters are
    bound with an inline VALUES block of serialised terms (pyoxigraph's substitutions only
    bind projected variables)."""
    return QueryResult.from_oxigraph(store.query(inline_values(with_prefixes(sparql), terms)))


def _cell(term: Any) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


def _json_term(term: Any) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def format_result(result: QueryResult, fmt: str) -> str:
    """``table`` (aligned, Chinese-aware), ``csv``, ``tsv`` or ``json`` (SPARQL 1.1 JSON results)."""
    if fmt == "json":
        if result.boolean is not None:
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        bindings_ = [{v: j for v, t in zip(result.variables, row, strict=True)
                      if (j := _json_term(t)) is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings_}},
                          ensure_ascii=False, indent=1) + "\n"
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(result.variables)
        w.writerows([[_cell(t) for t in row] for row in result.rows])
        return buf.getvalue()
    if fmt == "table":
        table = format_table(result.variables, [[_cell(t) for t in row] for row in result.rows], max_width=60)
        return table + f"\n({len(result.rows)} rows)\n"
    raise ValueError(f"unknown format {fmt!r}")


def list_text() -> str:
    """One line per saved query: name, parameters, description."""
    qs = saved_queries()
    width = max(display_width(n) for n in qs)
    lines = []
    for q in qs.values():
        params = " ".join(f"{p.name}=<{p.kind}>" for p in q.params)
        lines.append(f"{q.name:{width}}  {q.description}" + (f"  [--param {params}]" if params else ""))
    return "\n".join(lines) + "\n"
