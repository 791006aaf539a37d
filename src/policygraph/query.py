"""SPARQL for users: saved queries, common prefixes, safe parameter binding, result formats.

Saved queries live in ``policygraph/queries/*.rq``; each starts with comment lines: the first says
what it answers, ``# param: NAME KIND  description, e.g. EXAMPLE`` lines declare parameters, and
an ``# index: ?VAR title ?NAME`` line says that ``?VAR`` is a document whose title contains
parameter NAME, so that a store folder's title index (:meth:`policygraph.catalog.Catalog.titled`)
binds ``?VAR`` to those documents before the engine runs (Oxigraph has no text index; testing
every title of 180,000 documents takes seconds).
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

import contextlib
import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pyoxigraph as ox

from policygraph.output import display_width, format_table
from policygraph.vocab import PREFIXES, XSD

KINDS = ("docnumber", "text", "label", "iri", "date", "integer")
NARROW_MAX = 5_000  # documents a title-index lookup may bind a variable to (see narrowing)
NARROW_CHUNK = 256  # documents given to the engine at a time (see run_embedded)


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    description: str

    @property
    def example(self) -> str | None:
        """The example value its description gives, if any.

        >>> Param("name", "label", "the law's name, whole, e.g. 电子签名法").example
        '电子签名法'
        """
        m = _EXAMPLE_RE.search(self.description)
        return m.group(1).rstrip("，,;；。") if m else None


_EXAMPLE_RE = re.compile(r"e\.g\.\s*(\S+)")


@dataclass(frozen=True)
class SavedQuery:
    name: str
    description: str
    text: str
    params: tuple[Param, ...]
    # (variable, parameter): the variable is a document whose title contains the parameter's
    # text, so a store with a title index binds it to those documents first (see narrowing)
    title_index: tuple[tuple[str, str], ...] = ()


_PARAM_RE = re.compile(r"^#\s*param:\s*(?P<name>\w+)\s+(?P<kind>\w+)\s*(?P<desc>.*)$")
_INDEX_RE = re.compile(r"^#\s*index:\s*\?(?P<var>\w+)\s+title\s+\?(?P<param>\w+)\s*$")


def parse_saved(name: str, text: str) -> SavedQuery:
    """Read the comment header of a saved query."""
    description = ""
    params: list[Param] = []
    index: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _PARAM_RE.match(line)
        i = _INDEX_RE.match(line)
        if i:
            index.append((i.group("var"), i.group("param")))
        elif m:
            if m.group("kind") not in KINDS:
                raise ValueError(f"{name}.rq: unknown parameter kind {m.group('kind')!r}")
            params.append(Param(m.group("name"), m.group("kind"), m.group("desc").strip()))
        elif not description:
            description = line.lstrip("# ").strip()
    for _, param in index:
        if param not in {p.name for p in params}:
            raise ValueError(f"{name}.rq: index line names no declared parameter ?{param}")
    return SavedQuery(name, description, text, tuple(params), tuple(index))


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
    return _at_where(sparql, "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" +
                     " ".join(str(terms[n]) for n in names) + ") } ")


def _at_where(sparql: str, block: str) -> str:
    """``block`` inserted at the start of the query's outer WHERE group."""
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


def narrowing(saved: SavedQuery | None, terms: dict[str, ox.NamedNode | ox.Literal],
              titled: Callable[[str], set[str] | None]) -> dict[str, list[str]]:
    """{variable: document IRIs} for a saved query's ``# index: ?VAR title ?PARAM`` lines:
    ``titled`` (such as :meth:`policygraph.catalog.Catalog.titled`) looks the documents up in
    a title index, so the engine starts from them instead of testing every title.  A lookup
    that cannot answer (None), an empty part, or a part so common that more than
    :data:`NARROW_MAX` documents have it (the list would be longer than the scan it saves)
    narrows nothing; the query's own FILTER still decides.

    >>> saved = parse_saved("t", "# Targets.\\n# param: title text  part of a title\\n"
    ...                     "# index: ?d title ?title\\nSELECT * WHERE { ?d ?p ?o }")
    >>> narrowing(saved, {"title": ox.Literal("电子商务")}, lambda part: {"https://x/a"})
    {'d': ['https://x/a']}
    >>> narrowing(saved, {"title": ox.Literal("关于")}, lambda part: {f"https://x/{i}" for i in range(NARROW_MAX + 1)})
    {}
    """
    out: dict[str, list[str]] = {}
    for var, param in saved.title_index if saved else ():
        term = terms.get(param)
        found = titled(term.value) if term is not None and term.value else None
        if found is not None and len(found) <= NARROW_MAX:
            out[var] = sorted(found)
    return out


def values_lists(sparql: str, narrow: dict[str, list[str]]) -> str:
    """The query with one ``VALUES ?var { <iri> … }`` block per entry of ``narrow`` at the
    start of its outer WHERE group (IRIs N-Triples serialised).

    >>> values_lists("SELECT * WHERE { ?d ?p ?o }", {"d": ["https://x/a", "https://x/b"]})
    'SELECT * WHERE { VALUES ?d { <https://x/a> <https://x/b> } ?d ?p ?o }'
    """
    if not narrow:
        return sparql
    return _at_where(sparql, "".join(f"VALUES ?{var} {{ " + "".join(str(ox.NamedNode(i)) + " " for i in iris) + "} "
                                     for var, iris in sorted(narrow.items())))


def run_embedded(store: Any, sparql: str, terms: dict[str, ox.NamedNode | ox.Literal],
                 narrow: dict[str, list[str]] | None = None) -> QueryResult:
    """Run on a :class:`policygraph.store.GraphStore` (union default graph).  Parameters are
    bound with an inline VALUES block of serialised terms (pyoxigraph's substitutions only
    bind projected variables); ``narrow`` adds the document lists of :func:`narrowing`.

    A query ordered by plain variables it returns (see :func:`chunk_plan`) runs without its
    ORDER BY and its rows are ordered here: Oxigraph reads both strings from the store at each
    comparison (``citing_law``, 1,757 rows at 180,000 documents: 62 ms unordered, 130 ms
    ordered).  Rows whose sort keys Python would not order as SPARQL does (see
    :func:`_orderable`) go back to the engine with their ORDER BY.

    A list longer than :data:`NARROW_CHUNK` is also given a part at a time: with a longer
    VALUES list Oxigraph stops looking each document up and joins whole indexes instead
    (1,240 documents: 34 s in one query, 0.6 s in parts of 256)."""
    text = inline_values(with_prefixes(sparql), terms)
    narrow = narrow or {}
    plan = chunk_plan(text)
    long = len(narrow) == 1 and len(next(iter(narrow.values()))) > NARROW_CHUNK

    def whole() -> QueryResult:  # the query as given, in one go
        return QueryResult.from_oxigraph(store.query(values_lists(text, narrow)))

    if plan is None or not (long or plan[2]):
        return whole()
    body, distinct, order = plan
    if long:
        (var, iris), = narrow.items()
        parts = [{var: iris[i:i + NARROW_CHUNK]} for i in range(0, len(iris), NARROW_CHUNK)]
    else:
        parts = [narrow]
    first = QueryResult.from_oxigraph(store.query(values_lists(body, parts[0])))
    names = first.variables
    if any(v not in names for v, _ in order):  # ordered by what it does not return: in one go
        return whole()
    rows = first.rows + [row for lists in parts[1:]
                         for row in QueryResult.from_oxigraph(store.query(values_lists(body, lists))).rows]
    if distinct and len(parts) > 1:  # the first of equal rows, in place ("" is no serialised term)
        unique: dict[tuple[str, ...], list[Any]] = {}
        for row in rows:
            unique.setdefault(tuple("" if t is None else str(t) for t in row), row)
        rows = list(unique.values())
    columns = [names.index(v) for v, _ in order]
    if not all(_orderable(row[i] for row in rows) for i in columns):
        return whole()
    for i, (_, descending) in reversed(list(zip(columns, order, strict=True))):  # stable sorts, last key first
        rows.sort(key=lambda row: _order_key(row[i]), reverse=descending)
    return QueryResult(names, rows)


_ORDER_BY = re.compile(r"(?is)\bORDER\s+BY\s+((?:(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+)(?:\s+|$))+)$")
_NOT_IN_PARTS = re.compile(r"(?i)(?<![?$:\w])(?:LIMIT|OFFSET|GROUP\s+BY|HAVING\b"
                           r"|(?:COUNT|SUM|AVG|MIN|MAX|SAMPLE|GROUP_CONCAT)\s*\()")


def chunk_plan(sparql: str) -> tuple[str, bool, list[tuple[str, bool]]] | None:
    """(the query without its ORDER BY, whether it is DISTINCT, [(variable, descending)]) when
    its answer is the union of its answers over parts of a VALUES list: a SELECT without
    aggregates, LIMIT or OFFSET, ordered (if at all) by plain variables; else None.

    >>> chunk_plan("SELECT DISTINCT ?a ?b WHERE { ?a ?p ?b } ORDER BY DESC(?b) ?a")
    ('SELECT DISTINCT ?a ?b WHERE { ?a ?p ?b } ', True, [('b', True), ('a', False)])
    >>> chunk_plan("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a") is None
    True
    """
    code = "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#")).rstrip()
    if not re.search(r"(?i)\bSELECT\b", code) or _NOT_IN_PARTS.search(code):
        return None
    distinct = re.search(r"(?i)\bSELECT\s+(?:DISTINCT|REDUCED)\b", code) is not None
    found = _ORDER_BY.search(code)
    if found is None:
        return (code, distinct, []) if "ORDER" not in code.upper().split("}")[-1] else None
    keys = re.findall(r"(?i)(ASC|DESC)?\s*\(?\s*\?(\w+)", found.group(1))
    return code[:found.start()], distinct, [(name, how.upper() == "DESC") for how, name in keys]


def _order_key(term: Any) -> tuple[int, int, Any, str]:
    """SPARQL's ORDER BY for one term: unbound, blank nodes, IRIs, then literals; numbers by
    value, other literals by their text (dates and years in ISO form sort so too)."""
    if term is None:
        return (0, 0, 0, "")
    if isinstance(term, ox.BlankNode):
        return (1, 0, 0, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, 0, 0, term.value)
    if term.datatype is not None and term.datatype.value in _NUMERIC:
        with contextlib.suppress(ValueError):
            return (3, 0, float(term.value), "")
    return (3, 1, 0, term.value)


def _orderable(terms: Iterable[Any]) -> bool:
    """Whether :func:`_order_key` orders these terms (one column) as SPARQL does: unbound
    values with terms of one kind only, IRIs, blank nodes, numbers, plain strings, strings of
    one language, or dates and years without a time zone (in ISO form their text sorts so).
    Other mixes (numbers with strings, dates with time zones …) are left to the engine.

    >>> _orderable([None, ox.Literal("b"), ox.Literal("a")])
    True
    >>> _orderable([ox.Literal("2"), ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))])
    False
    """
    kinds: set[str] = set()
    for term in terms:
        if term is None:
            continue
        if isinstance(term, ox.NamedNode):
            kinds.add("iri")
        elif isinstance(term, ox.BlankNode):
            kinds.add("blank")
        elif term.language:
            kinds.add("@" + term.language)
        elif term.datatype.value in _NUMERIC:
            kinds.add("number")
        elif term.datatype.value == XSD + "string":
            kinds.add("string")
        elif term.datatype.value in _ISO and _ISO[term.datatype.value].fullmatch(term.value):
            kinds.add(term.datatype.value)
        else:
            return False
        if len(kinds) > 1:
            return False
    return True


_ISO = {XSD + "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
        XSD + "gYear": re.compile(r"[0-9]{4}"),
        XSD + "dateTime": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")}
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                              "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                              "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def run_in_folder(store_dir: Any, sparql: str, terms: dict[str, ox.NamedNode | ox.Literal],
                  saved: SavedQuery | None = None) -> QueryResult:
    """Run on the store in a build's folder, with its catalogue's title index for the saved
    query's ``# index:`` lines: what ``policygraph query --store DIR`` does."""
    from policygraph.build import StoreFolder

    folder = StoreFolder(store_dir)
    narrow: dict[str, list[str]] = {}
    if saved is not None and saved.title_index and folder.catalog_path.exists():
        cat = folder.catalog(read_only=True)
        try:
            narrow = narrowing(saved, terms, cat.titled)
        finally:
            cat.close()
    return run_embedded(folder.store(read_only=True), sparql, terms, narrow)


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
