"""The build catalogue: an SQLite file in the store folder that says, for every source file,
what was extracted from it, which titles it makes known, which references it makes, and the
hash of the named graph last written for it.

It is the corpus-wide resolution index.  A citation by title resolves through the ``title``
table (a B-tree lookup on the normalised title), then, when that finds nothing, through the
``alias`` table (the titles of ingested documents by their core from 关于 on: the short-name
fallback) and the ``tband`` table (their MinHash LSH band hashes: the fuzzy fallback; see
:func:`policygraph.resolve.resolve_key`), never by comparing records pairwise or holding them
all in memory.  A change to one file touches only its own rows, plus the graphs of documents
that cite, by title alone, one of the titles it adds or removes: by the same title, by its core
(``ref.ckey``) or through a shared LSH band (``cband``, the bands of cited titles).

>>> cat = Catalog(":memory:")
>>> cat.affected_keys({"电子签名法"})
set()
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from policygraph.extractors.references import norm_key
from policygraph.model import Record, Reference
from policygraph.rdf import REFERENCES_GRAPH, STATISTICS_GRAPH, OrgMention, place_year_row
from policygraph.resolve import (
    Index,
    attachment_iri,
    doc_title_rows,
    issuer_split,
    own_doc_iri,
    own_title_rows,
    resolve_key,
    title_bands,
    title_rows,
)

SCHEMA_VERSION = "8"
UPGRADED_FROM = ("5", "6", "7")  # older catalogues kept (and completed) on opening; others are dropped

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS source(
    key TEXT PRIMARY KEY,        -- the file, relative to the working folder when inside it
    id TEXT NOT NULL,            -- content id of the decoded text (records/<id>.json)
    stamp TEXT NOT NULL,         -- size, mtime and manifest hints when last read
    own TEXT NOT NULL,           -- IRI of the document
    att TEXT,                    -- IRI of its promulgated attachment
    measures INTEGER NOT NULL,
    graph TEXT,                  -- hash of the named graph last written (NULL: to be written)
    triples INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS source_id ON source(id);
CREATE INDEX IF NOT EXISTS source_own ON source(own);
CREATE INDEX IF NOT EXISTS source_att ON source(att);
CREATE TABLE IF NOT EXISTS title(tkey TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS title_tkey ON title(tkey);
CREATE INDEX IF NOT EXISTS title_key ON title(key);
CREATE TABLE IF NOT EXISTS ref(
    key TEXT NOT NULL, n INTEGER NOT NULL,
    tkey TEXT,                   -- normalised title of a citation without 文号 (resolved by title)
    target TEXT,                 -- IRI it resolved to when the graph was last written
    title TEXT, number TEXT, printed TEXT, issuers TEXT NOT NULL,
    ckey TEXT,                   -- core of tkey from 关于 on, when what precedes reads as issuers
    PRIMARY KEY (key, n)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ref_tkey ON ref(tkey);
CREATE INDEX IF NOT EXISTS ref_ckey ON ref(ckey);
CREATE INDEX IF NOT EXISTS ref_target ON ref(target);
CREATE TABLE IF NOT EXISTS alias(   -- titles of ingested documents, for the fallbacks
    tkey TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL,
    core TEXT, prefix TEXT);        -- see resolve.issuer_split
CREATE INDEX IF NOT EXISTS alias_tkey ON alias(tkey);
CREATE INDEX IF NOT EXISTS alias_core ON alias(core);
CREATE INDEX IF NOT EXISTS alias_key ON alias(key);
-- MinHash LSH band hashes (resolve.title_bands) of alias titles and of cited titles
CREATE TABLE IF NOT EXISTS tband(band INTEGER NOT NULL, tkey TEXT NOT NULL, PRIMARY KEY (band, tkey)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cband(band INTEGER NOT NULL, tkey TEXT NOT NULL, PRIMARY KEY (band, tkey)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS org(key TEXT NOT NULL, iri TEXT NOT NULL, label TEXT NOT NULL, name TEXT NOT NULL,
    place TEXT);              -- organisations a source's graph names (see rdf.OrgMention)
CREATE INDEX IF NOT EXISTS org_key ON org(key);
CREATE INDEX IF NOT EXISTS org_iri ON org(iri);
CREATE TABLE IF NOT EXISTS orgdesc(iri TEXT PRIMARY KEY, hash TEXT NOT NULL, triples INTEGER NOT NULL);
-- the references graph a subject at a time (referenced documents, the bodies they name), as orgdesc
CREATE TABLE IF NOT EXISTS refdesc(iri TEXT PRIMARY KEY, hash TEXT NOT NULL, triples INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS derived(graph TEXT PRIMARY KEY, hash TEXT NOT NULL, triples INTEGER NOT NULL);
-- titles of ingested documents as the graph writes them (dcterms:title), searched by part
CREATE TABLE IF NOT EXISTS doctitle(id INTEGER PRIMARY KEY, key TEXT NOT NULL, iri TEXT NOT NULL, title TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS doctitle_key ON doctitle(key);
-- jurisdiction ("": none) and year signed of ingested documents: the statistics graph's counts
CREATE TABLE IF NOT EXISTS docyear(key TEXT NOT NULL, iri TEXT NOT NULL, place TEXT NOT NULL, year INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS docyear_key ON docyear(key);
CREATE INDEX IF NOT EXISTS docyear_place ON docyear(place, year, iri);
CREATE TABLE IF NOT EXISTS statdesc(iri TEXT PRIMARY KEY, hash TEXT NOT NULL, triples INTEGER NOT NULL);
"""

# a trigram full-text index over doctitle, kept in step by triggers (where SQLite has FTS5;
# without it, Catalog.titled scans the titles instead)
_TITLE_INDEX = """
CREATE VIRTUAL TABLE IF NOT EXISTS doctitle_fts USING fts5(title, content='doctitle', content_rowid='id',
    tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS doctitle_ai AFTER INSERT ON doctitle BEGIN
    INSERT INTO doctitle_fts(rowid, title) VALUES (new.id, new.title); END;
CREATE TRIGGER IF NOT EXISTS doctitle_ad AFTER DELETE ON doctitle BEGIN
    INSERT INTO doctitle_fts(doctitle_fts, rowid, title) VALUES ('delete', old.id, old.title); END;
"""


@dataclass(frozen=True)
class SourceRow:
    key: str
    id: str
    stamp: str
    graph: str | None


def ref_rows(rec: Record) -> list[tuple[int, str | None, str | None, str | None, str | None, str]]:
    """(position, title key, title, 文号, 文号 as printed, issuers) of the citations of a record
    that become edges (a 印发 notice's attachment is not a citation)."""
    rows = []
    for n, ref in enumerate(rec.references):
        if ref.relation == "promulgates":
            continue
        tkey = norm_key(ref.title) if ref.title and not ref.doc_number else None
        rows.append((n, tkey, ref.title, ref.doc_number, ref.doc_number_printed,
                     json.dumps(sorted(ref.issuers), ensure_ascii=False)))
    return rows


@dataclass(frozen=True)
class CatalogRows:
    """What the catalogue keeps of one record (made where the record is, sent as plain data)."""

    content_id: str
    own: str
    att: str | None
    measures: int
    titles: list[tuple[str, str]]
    refs: list[tuple[int, str | None, str | None, str | None, str | None, str]]
    aliases: list[tuple[str, str]] = field(default_factory=list)
    bands: dict[str, tuple[int, ...]] = field(default_factory=dict)  # of aliases and cited titles
    doc_titles: list[tuple[str, str]] = field(default_factory=list)  # (title as written, IRI)
    doc_years: list[tuple[str, str, int]] = field(default_factory=list)  # (IRI, jurisdiction, year)


def catalog_rows(rec: Record) -> CatalogRows:
    """The catalogue rows of a record: its IRIs, measure count, titles and citations, and the
    LSH bands of its own and cited titles (hashed here, in the worker that extracted it)."""
    refs = ref_rows(rec)
    aliases = own_title_rows(rec)
    keys = {t for t, _ in aliases} | {r[1] for r in refs if r[1]}
    return CatalogRows(rec.id, own_doc_iri(rec), attachment_iri(rec),
                       sum(1 for m in rec.measures if m.kind == "item"), title_rows(rec), refs,
                       aliases, {k: title_bands(k) for k in sorted(keys)}, doc_title_rows(rec),
                       [row] if (row := place_year_row(rec)) else [])


def _core(tkey: str | None) -> str | None:
    split = issuer_split(tkey) if tkey else None
    return split[1] if split else None


class Catalog:
    """The SQLite catalogue at ``path`` (``":memory:"`` for a throw-away one)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            version = self._version()
            if version == "5":  # 6 adds refdesc and ref(target): write the references graph anew, once
                self.db.execute("DELETE FROM derived WHERE graph=?", (REFERENCES_GRAPH,))
            if version in ("5", "6"):  # 7 adds doctitle: filled from the store by the next build
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('doctitle_pending', '1')")
            if version in ("5", "6", "7"):  # 8 adds docyear: filled from the store by the next build
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('docyear_pending', '1')")
            if version not in (None, SCHEMA_VERSION, *UPGRADED_FROM):  # too old: start afresh
                self.db.executescript("DROP TABLE IF EXISTS source; DROP TABLE IF EXISTS title; "
                                      "DROP TABLE IF EXISTS ref; DROP TABLE IF EXISTS derived; "
                                      "DROP TABLE IF EXISTS org; DROP TABLE IF EXISTS orgdesc; "
                                      "DROP TABLE IF EXISTS alias; DROP TABLE IF EXISTS tband; "
                                      "DROP TABLE IF EXISTS cband; DROP TABLE IF EXISTS refdesc; "
                                      "DROP TABLE IF EXISTS doctitle_fts; DROP TABLE IF EXISTS doctitle; "
                                      "DROP TABLE IF EXISTS docyear; DROP TABLE IF EXISTS statdesc;")
            self.db.executescript(_SCHEMA)
            with contextlib.suppress(sqlite3.OperationalError):  # no FTS5 here: titles are scanned
                self.db.executescript(_TITLE_INDEX)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
            self.db.commit()
        self.orgs_touched: set[str] = set()  # organisations whose mentions changed in this build
        self.refs_changed = False  # set when a citation, its target or an ingested document changes
        self.targets_touched: set[str] = set()  # documents whose referenced-only description may change
        self.years_touched: set[tuple[str, int]] = set()  # (jurisdiction, year) whose count may change

    def _refs_changed(self) -> None:
        self.refs_changed = True
        self.db.execute("DELETE FROM meta WHERE name='reference_counts'")  # in the same transaction

    def _version(self) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE name='version'").fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    # --- sources --------------------------------------------------------------------------

    def stamps(self) -> dict[str, str]:
        """The stamp (size, mtime) of every source when last read, by key: all a build needs to
        find what changed (a dictionary made in C from 180,000 rows in ~0.1 s)."""
        return dict(self.db.execute("SELECT key, stamp FROM source"))

    def source(self, key: str) -> SourceRow | None:
        """One source's row, or None."""
        row = self.db.execute("SELECT key, id, stamp, graph FROM source WHERE key=?", (key,)).fetchone()
        return SourceRow(*row) if row else None

    def graph_digests(self, keys: Iterable[str] | None = None) -> dict[str, str | None]:
        """Hash of the graph last written for each source (of ``keys``), by key."""
        if keys is None:
            return dict(self.db.execute("SELECT key, graph FROM source"))
        found = (self.db.execute("SELECT key, graph FROM source WHERE key=?", (k,)).fetchone() for k in keys)
        return dict(row for row in found if row)

    def meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM meta WHERE name=?", (name,))
        else:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (name, value))

    def ids(self, keys: Iterable[str] | None = None) -> dict[str, str]:
        """Content id of every source (of those of ``keys`` that are sources), by key, sorted."""
        if keys is None:
            return dict(self.db.execute("SELECT key, id FROM source ORDER BY key"))
        found = (self.db.execute("SELECT key, id FROM source WHERE key=?", (k,)).fetchone() for k in keys)
        return dict(sorted(row for row in found if row))

    def count(self) -> int:
        """Number of sources."""
        return self.db.execute("SELECT COUNT(*) FROM source").fetchone()[0]

    def id_in_use(self, content_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM source WHERE id=? LIMIT 1", (content_id,)).fetchone() is not None

    def set_stamp(self, key: str, stamp: str) -> None:
        self.db.execute("UPDATE source SET stamp=? WHERE key=?", (stamp, key))

    def put(self, key: str, rows: CatalogRows, stamp: str) -> set[str]:
        """Record what a record extracted from ``key`` says (see :func:`catalog_rows`); its
        graph is marked to be written.  Returns the title keys whose resolution may have
        changed: those it no longer holds or now holds, or holds for another target (its
        unchanged titles change no other document's resolution)."""
        old_titles = set(self.db.execute("SELECT tkey, target FROM title WHERE key=?", (key,)))
        old_aliases = set(self.db.execute("SELECT tkey, target FROM alias WHERE key=?", (key,)))
        old_refs = self.db.execute("SELECT n, tkey, title, number, printed, issuers, target FROM ref "
                                   "WHERE key=? ORDER BY n", (key,)).fetchall()
        before = (self.db.execute("SELECT own, att FROM source WHERE key=?", (key,)).fetchone(),
                  [tuple(r[:6]) for r in old_refs])
        same = before == ((rows.own, rows.att), [tuple(r) for r in rows.refs])
        if not same:
            self._refs_changed()
            self.targets_touched.update(r[6] for r in old_refs if r[6])
            self.targets_touched.update(t for t in (*(before[0] or ()), rows.own, rows.att) if t)
        targets = {r[0]: r[6] for r in old_refs} if same else {}  # still where they pointed
        self._forget(key)
        self.db.execute("INSERT INTO source(key, id, stamp, own, att, measures, graph) VALUES (?,?,?,?,?,?,NULL)",
                        (key, rows.content_id, stamp, rows.own, rows.att, rows.measures))
        self.db.executemany("INSERT INTO title VALUES (?,?,?)", [(t, target, key) for t, target in rows.titles])
        self.db.executemany("INSERT INTO ref(key, n, tkey, title, number, printed, issuers, target, ckey) "
                            "VALUES (?,?,?,?,?,?,?,?,?)",
                            [(key, *row, targets.get(row[0]), _core(row[1])) for row in rows.refs])
        self.db.executemany("INSERT INTO alias VALUES (?,?,?,?,?)",
                            [(t, target, key, *(_split_row(t))) for t, target in rows.aliases])
        self.db.executemany("INSERT INTO doctitle(key, iri, title) VALUES (?,?,?)",
                            [(key, target, t) for t, target in rows.doc_titles])
        self.db.executemany("INSERT INTO docyear VALUES (?,?,?,?)", [(key, *row) for row in rows.doc_years])
        self.years_touched.update((place, year) for _, place, year in rows.doc_years)
        bands = rows.bands or {}
        self.db.executemany("INSERT OR IGNORE INTO tband VALUES (?,?)",
                            [(b, t) for t in {t for t, _ in rows.aliases} for b in bands.get(t) or title_bands(t)])
        self.db.executemany("INSERT OR IGNORE INTO cband VALUES (?,?)",
                            [(b, t) for t in {r[1] for r in rows.refs if r[1]} for b in bands.get(t) or title_bands(t)])
        changed = (old_titles ^ set(rows.titles)) | (old_aliases ^ set(rows.aliases))
        return {t for t, _ in changed}

    def remove(self, key: str) -> set[str]:
        """Forget a source; returns the title keys it made known."""
        self.orgs_touched.update(r[0] for r in self.db.execute("SELECT iri FROM org WHERE key=?", (key,)))
        self.db.execute("DELETE FROM org WHERE key=?", (key,))
        self._refs_changed()
        self.targets_touched.update(r[0] for r in self.db.execute(
            "SELECT target FROM ref WHERE key=? AND target IS NOT NULL "
            "UNION SELECT own FROM source WHERE key=? UNION SELECT att FROM source WHERE key=? AND att IS NOT NULL",
            (key, key, key)))
        return self._forget(key)

    def _forget(self, key: str) -> set[str]:
        touched = {r[0] for r in self.db.execute("SELECT tkey FROM title WHERE key=?", (key,))}
        aliases = {r[0] for r in self.db.execute("SELECT tkey FROM alias WHERE key=?", (key,))}
        cited = set(self.title_keys_of(key))
        self.years_touched.update(self.db.execute("SELECT place, year FROM docyear WHERE key=?", (key,)))
        for table in ("source", "title", "ref", "alias", "doctitle", "docyear"):
            self.db.execute(f"DELETE FROM {table} WHERE key=?", (key,))
        # band rows are a function of the title: drop those no remaining row needs
        for table, keys, sql in (("tband", aliases, "SELECT 1 FROM alias WHERE tkey=? LIMIT 1"),
                                 ("cband", cited, "SELECT 1 FROM ref WHERE tkey=? LIMIT 1")):
            for t in sorted(keys):
                if self.db.execute(sql, (t,)).fetchone() is None:
                    self.db.executemany(f"DELETE FROM {table} WHERE band=? AND tkey=?",
                                        [(b, t) for b in title_bands(t)])
        return touched

    def titled(self, part: str) -> set[str] | None:
        """IRIs of the ingested documents whose title contains ``part`` — through the trigram
        index for three characters or more — or None when this catalogue cannot say (one of an
        older schema not yet brought up to date by a build).  Matching ignores letter case, so
        the answer may hold a few documents more than a case-sensitive test would keep."""
        try:
            if self.titles_pending():
                return None
            if len(part) >= 3:
                try:
                    return {r[0] for r in self.db.execute(
                        "SELECT d.iri FROM doctitle_fts JOIN doctitle d ON d.id = doctitle_fts.rowid "
                        "WHERE doctitle_fts MATCH ?", ('"' + part.replace('"', '""') + '"',))}
                except sqlite3.OperationalError:  # no FTS5 table here: scan below
                    pass
            return {r[0] for r in self.db.execute("SELECT iri FROM doctitle WHERE instr(title, ?) > 0", (part,))}
        except sqlite3.OperationalError:  # no doctitle table (an older catalogue, opened read-only)
            return None

    def titles_pending(self) -> bool:
        """True when the title index is still to be filled from the store (see :meth:`fill_titles`)."""
        return bool(self.meta("doctitle_pending"))

    def fill_titles(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Fill the title index with (source key, document IRI, title) rows read from the store
        (once, after an upgrade from a catalogue without it)."""
        self.db.execute("DELETE FROM doctitle")
        self.db.executemany("INSERT INTO doctitle(key, iri, title) VALUES (?,?,?)", rows)
        self.set_meta("doctitle_pending", None)

    def years_pending(self) -> bool:
        """True when the jurisdiction and year of the ingested documents are still to be read
        from the store (see :meth:`fill_years`)."""
        return bool(self.meta("docyear_pending"))

    def fill_years(self, rows: Iterable[tuple[str, str, str, int]]) -> None:
        """Fill ``docyear`` with (source key, document IRI, jurisdiction or "", year) rows read
        from the store (once, after an upgrade from a catalogue without it); the statistics
        graph is then written anew."""
        self.db.execute("DELETE FROM docyear")
        self.db.executemany("INSERT INTO docyear VALUES (?,?,?,?)", rows)
        self.db.execute("DELETE FROM derived WHERE graph=?", (STATISTICS_GRAPH,))
        self.set_meta("docyear_pending", None)

    def place_years(self, pairs: Iterable[tuple[str, int]] | None = None) -> Iterator[tuple[str, int, int]]:
        """(jurisdiction or "", year, ingested documents) for every pair in the corpus, sorted,
        or for each of ``pairs`` (0 for a pair no document has any more); a document is counted
        once however many files state it.

        >>> cat = Catalog(":memory:")
        >>> list(cat.place_years([("", 2013)]))
        [('', 2013, 0)]
        """
        if pairs is None:
            yield from self.db.execute("SELECT place, year, COUNT(DISTINCT iri) FROM docyear "
                                       "GROUP BY place, year ORDER BY place, year")
            return
        for place, year in sorted(pairs):
            (n,) = self.db.execute("SELECT COUNT(DISTINCT iri) FROM docyear WHERE place=? AND year=?",
                                   (place, year)).fetchone()
            yield place, year, n

    def affected_keys(self, title_keys: Iterable[str]) -> set[str]:
        """Sources citing, by title alone, a title whose resolution may change when one of
        ``title_keys`` is added or removed: the same title, one with the same core (short
        name), or one sharing an LSH band with it (fuzzy)."""
        out: set[str] = set()
        for t in title_keys:
            out.update(r[0] for r in self.db.execute("SELECT key FROM ref WHERE tkey=?", (t,)))
            core = _core(t)
            if core:
                out.update(r[0] for r in self.db.execute("SELECT key FROM ref WHERE ckey=?", (core,)))
            bands = title_bands(t)
            if bands:
                marks = ",".join("?" * len(bands))
                out.update(r[0] for r in self.db.execute(
                    f"SELECT key FROM ref WHERE tkey IN (SELECT tkey FROM cband WHERE band IN ({marks}))",
                    bands))
        return out

    def unwritten(self) -> list[str]:
        """Sources whose graph is still to be written, sorted."""
        return [r[0] for r in self.db.execute("SELECT key FROM source WHERE graph IS NULL ORDER BY key")]

    def title_keys_of(self, key: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT tkey FROM ref WHERE key=? AND tkey IS NOT NULL", (key,))]

    def graph_written(self, key: str, digest: str, triples: int, targets: list[tuple[int, str]],
                      orgs: Iterable[OrgMention]) -> None:
        """The graph of ``key`` is in the store: its hash, size, where its citations point and
        the organisations it names."""
        self.db.execute("UPDATE source SET graph=?, triples=? WHERE key=?", (digest, triples, key))
        stored = self.db.execute("SELECT n, target FROM ref WHERE key=? ORDER BY n", (key,)).fetchall()
        if [tuple(r) for r in stored] != sorted(targets):
            self._refs_changed()
            self.targets_touched.update(t for _, t in stored if t)
            self.targets_touched.update(t for _, t in targets if t)
            self.db.executemany("UPDATE ref SET target=? WHERE key=? AND n=?", [(t, key, n) for n, t in targets])
        new = sorted(set(orgs))
        old = sorted(OrgMention(*r) for r in self.db.execute(
            "SELECT iri, label, name, place FROM org WHERE key=?", (key,)))
        if new != old:
            self.db.execute("DELETE FROM org WHERE key=?", (key,))
            self.db.executemany("INSERT INTO org VALUES (?,?,?,?,?)", [(key, *m) for m in new])
            self.orgs_touched.update(m.iri for m in set(new) ^ set(old))

    def org_mentions(self, iri: str | None = None) -> Iterator[OrgMention]:
        """Every distinct organisation mention in the corpus (of one organisation)."""
        rows = (self.db.execute("SELECT DISTINCT iri, label, name, place FROM org") if iri is None else
                self.db.execute("SELECT DISTINCT iri, label, name, place FROM org WHERE iri=?", (iri,)))
        for row in rows:
            yield OrgMention(*row)

    def org_groups(self) -> Iterator[tuple[str, list[OrgMention]]]:
        """(organisation, its mentions) for every organisation in the corpus, ordered by IRI
        and read one organisation at a time (the index on ``iri`` gives the order)."""
        rows = self.db.execute("SELECT iri, label, name, place FROM org ORDER BY iri")
        for org, group in groupby(rows, key=lambda r: r[0]):
            yield org, [OrgMention(*r) for r in group]

    def part_hash(self, table: str, iri: str) -> tuple[str, int] | None:
        """(hash, triples) of one subject's part of a derived graph as last written (``table``:
        ``orgdesc`` for the organisations graph, ``refdesc`` for the references graph,
        ``statdesc`` for the statistics graph)."""
        row = self.db.execute(f"SELECT hash, triples FROM {_PART_TABLES[table]} WHERE iri=?", (iri,)).fetchone()
        return (row[0], row[1]) if row else None

    def set_part_hashes(self, table: str, hashes: dict[str, tuple[str, int] | None], *,
                        replace_all: bool = False) -> None:
        table = _PART_TABLES[table]
        if replace_all:
            self.db.execute(f"DELETE FROM {table}")
        for iri, value in hashes.items():
            if value is None:
                self.db.execute(f"DELETE FROM {table} WHERE iri=?", (iri,))
            else:
                self.db.execute(f"INSERT OR REPLACE INTO {table} VALUES (?,?,?)", (iri, *value))

    def forget_graphs(self) -> None:
        """Mark every graph as not written (the database was replaced or emptied)."""
        self.db.execute("UPDATE source SET graph=NULL")
        self.db.execute("DELETE FROM derived")
        self.db.execute("DELETE FROM orgdesc")
        self.db.execute("DELETE FROM refdesc")
        self.db.execute("DELETE FROM statdesc")

    def graph_hashes(self) -> dict[str, str]:
        """Hash of the last written graph of every source, by key, and of every derived graph."""
        out = dict(self.db.execute("SELECT key, graph FROM source WHERE graph IS NOT NULL"))
        out.update(dict(self.db.execute("SELECT graph, hash FROM derived")))
        return out

    # --- resolution -----------------------------------------------------------------------

    def targets(self, title_key: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT target FROM title WHERE tkey=?", (title_key,))}

    def core_rows(self, core: str) -> set[tuple[str, str]]:
        """(issuer prefix, IRI) of ingested documents whose title has this core."""
        return {(r[0], r[1]) for r in self.db.execute("SELECT prefix, target FROM alias WHERE core=?", (core,))}

    def band_rows(self, bands: tuple[int, ...]) -> set[tuple[str, str]]:
        """(title, IRI) of ingested documents sharing an LSH band with ``bands``."""
        if not bands:
            return set()
        marks = ",".join("?" * len(bands))
        return {(r[0], r[1]) for r in self.db.execute(
            f"SELECT tkey, target FROM alias WHERE tkey IN (SELECT tkey FROM tband WHERE band IN ({marks}))",
            bands)}

    def is_ingested(self, target: str) -> bool:
        return self.db.execute("SELECT 1 FROM source WHERE own=? OR att=? LIMIT 1",
                               (target, target)).fetchone() is not None

    def resolutions(self, key: str) -> dict[str, tuple[str | None, str]]:
        """Where each title that ``key`` cites by title alone resolves to, and by which method
        (see :func:`policygraph.resolve.resolve_key`): the part of the index its graph depends on."""
        return {t: resolve_key(t, self) for t in self.title_keys_of(key)}

    # --- derived --------------------------------------------------------------------------

    def referenced_only(self) -> Iterator[tuple[str, Reference]]:
        """(target, citation) for every citation whose target is no ingested document."""
        rows = self.db.execute(
            "SELECT target, title, number, printed, issuers FROM ref WHERE target IS NOT NULL "
            "AND target NOT IN (SELECT own FROM source) "
            "AND target NOT IN (SELECT att FROM source WHERE att IS NOT NULL) ORDER BY target")
        for target, title, number, printed, issuers in rows:
            yield target, Reference(title=title, doc_number=number, doc_number_printed=printed,
                                    relation="cites", span=(0, 0), issuers=json.loads(issuers))

    def referenced_doc(self, target: str) -> list[Reference]:
        """The citations that resolve to ``target`` when it is no ingested document (else none)."""
        if self.is_ingested(target):
            return []
        return [Reference(title=title, doc_number=number, doc_number_printed=printed, relation="cites",
                          span=(0, 0), issuers=json.loads(issuers))
                for title, number, printed, issuers in self.db.execute(
                    "SELECT title, number, printed, issuers FROM ref WHERE target=?", (target,))]

    def reference_counts(self) -> tuple[int, int]:
        """(citations, citations resolved to an ingested document); remembered between builds
        and counted again only when a citation, its target or an ingested document changed."""
        if not self.refs_changed:
            row = self.db.execute("SELECT value FROM meta WHERE name='reference_counts'").fetchone()
            if row:
                total, known = json.loads(row[0])
                return total, known
        total = self.db.execute("SELECT COUNT(*) FROM ref").fetchone()[0]
        known = self.db.execute(  # over the ref_target index, not the rows
            "SELECT COUNT(*) FROM ref WHERE target IN "
            "(SELECT own FROM source UNION SELECT att FROM source WHERE att IS NOT NULL)").fetchone()[0]
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('reference_counts', ?)", (json.dumps([total, known]),))
        self.db.commit()
        return total, known

    def measures(self) -> int:
        return self.db.execute("SELECT COALESCE(SUM(measures), 0) FROM source").fetchone()[0]

    def triples(self) -> int:
        return (self.db.execute("SELECT COALESCE(SUM(triples), 0) FROM source").fetchone()[0]
                + self.db.execute("SELECT COALESCE(SUM(triples), 0) FROM derived").fetchone()[0])

    def derived_hash(self, graph: str) -> str | None:
        row = self.db.execute("SELECT hash FROM derived WHERE graph=?", (graph,)).fetchone()
        return row[0] if row else None

    def derived_triples(self, graph: str) -> int:
        row = self.db.execute("SELECT triples FROM derived WHERE graph=?", (graph,)).fetchone()
        return row[0] if row else 0

    def set_derived(self, graph: str, digest: str, triples: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO derived VALUES (?,?,?)", (graph, digest, triples))


_PART_TABLES = {"orgdesc": "orgdesc", "refdesc": "refdesc", "statdesc": "statdesc"}  # the only names put into SQL


def _split_row(tkey: str) -> tuple[str | None, str | None]:
    split = issuer_split(tkey)
    return (split[1], split[0]) if split else (None, None)


class ResolvedIndex(Index):
    """An :class:`~policygraph.resolve.Index` over just the titles one document cites (as
    looked up in the catalogue), so its graph can be made anywhere — another process, another
    machine — without the catalogue.

    >>> from policygraph.model import Reference
    >>> idx = ResolvedIndex({"电子签名法": ("https://w3id.org/policygraph/id/doc/x", "title")})
    >>> idx.resolve(Reference("《中华人民共和国电子签名法》", None, "cites", (0, 1)))[0]
    'https://w3id.org/policygraph/id/doc/x'
    >>> ResolvedIndex({"关于X的意见": (None, "short_name")}).lookup(Reference("关于X的意见", None, "cites", (0, 1)))[2]
    'title'
    """

    def __init__(self, resolutions: dict[str, tuple[str | None, str]]) -> None:
        super().__init__()
        self.answers = {k: (v[0], v[1]) for k, v in resolutions.items()}

    def resolve_title(self, title_key: str) -> tuple[str | None, str]:
        return self.answers.get(title_key, (None, "title"))
