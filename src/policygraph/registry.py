"""Reference data: issuer codes (机关代字), bodies and jurisdictions.

The facts live in CSV files under ``ontology/`` (see ``ontology/SOURCES.md``); this module only
loads and indexes them.  The data directory is, in order of preference:

1. the ``POLICYGRAPH_ONTOLOGY`` environment variable;
2. ``<repo>/ontology`` next to the source tree (a development checkout);
3. the ``policygraph/_ontology`` resource of an installed wheel.

Every loader is cached per data directory, so changing ``POLICYGRAPH_ONTOLOGY`` takes effect on
the next call without clearing anything.

>>> lookup_agency("发改办高技").body
'国家发展改革委办公厅'
>>> find_jurisdiction("深圳").code
'440300'
>>> canonical_body("市商务局", "成都市")
'成都市商务局'
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "AgencyCode",
    "Body",
    "Jurisdiction",
    "agency_codes",
    "bodies",
    "broader",
    "canonical_body",
    "clear_caches",
    "data_dir",
    "find_body",
    "find_jurisdiction",
    "find_jurisdiction_in",
    "is_generic_body",
    "is_known_body",
    "jurisdiction_level",
    "jurisdictions",
    "listed_body_names",
    "lookup_agency",
]

ENV_VAR = "POLICYGRAPH_ONTOLOGY"
AGENCY_FILE = "agency_codes.csv"
BODY_FILE = "bodies.csv"
JURISDICTION_FILE = "jurisdictions.csv"

AGENCY_COLUMNS = ("code", "body", "level", "jurisdiction", "valid_from", "valid_to", "note")
BODY_COLUMNS = ("name", "level", "jurisdiction", "kind", "aliases", "former_names", "parent")
JURISDICTION_COLUMNS = ("name", "short", "code", "level", "parent")

LEVELS = ("national", "provincial", "municipal", "county")
_LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}

# Characters that end the issuer code inside a 发文字号 (year brackets of every style, digits).
_CODE_END = re.compile(r"[〔\[［【（(〈《<{0-9０-９\s]")


@dataclass(frozen=True)
class AgencyCode:
    """One row of the 机关代字 registry: ``code`` is the prefix of a 发文字号 before the year."""

    code: str
    body: str
    level: str
    jurisdiction: str
    note: str = ""
    valid_from: int | None = None
    valid_to: int | None = None

    def valid_in(self, year: int) -> bool:
        """True if the code was in use in ``year`` (open bounds count as valid)."""
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_to is None or year <= self.valid_to
        )


@dataclass(frozen=True)
class Body:
    """A canonical organisation.  ``former_names`` keep their validity (``国家计委@-2003``)."""

    name: str
    level: str
    jurisdiction: str
    kind: str
    aliases: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    parent: str = ""

    @property
    def former_name_strings(self) -> tuple[str, ...]:
        """Former names without their ``@from-to`` validity suffix."""
        return tuple(f.split("@", 1)[0] for f in self.former_names)


@dataclass(frozen=True)
class Jurisdiction:
    """An administrative area: GB/T 2260 ``code`` (empty for 全国), ``parent`` by full name."""

    name: str
    short: str
    code: str
    level: str
    parent: str


# --------------------------------------------------------------------------- data directory


def data_dir() -> Path:
    """The directory holding the ontology CSV files (see the module docstring for the order)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return _default_dir()


@lru_cache(maxsize=1)
def _default_dir() -> Path:
    repo = Path(__file__).resolve().parents[2] / "ontology"
    if (repo / AGENCY_FILE).is_file():
        return repo
    return Path(str(resources.files("policygraph") / "_ontology"))


def clear_caches() -> None:
    """Forget every loaded table (useful after editing the CSV files in a running process)."""
    for fn in (_default_dir, _agency_table, _body_table, _jurisdiction_table, _jurisdiction_regex,
               _find_body, _canonical_body, _listed_body_names):
        fn.cache_clear()


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = tuple(reader.fieldnames or ())
        if header != columns:
            raise ValueError(f"{path}: expected columns {columns}, found {header}")
        return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def _year(cell: str) -> int | None:
    return int(cell) if cell else None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


# --------------------------------------------------------------------------- jurisdictions


@dataclass(frozen=True)
class _JurisdictionTable:
    rows: tuple[Jurisdiction, ...]
    by_name: dict[str, Jurisdiction]
    by_short: dict[str, Jurisdiction]
    by_code: dict[str, Jurisdiction]


@lru_cache(maxsize=4)
def _jurisdiction_table(directory: Path) -> _JurisdictionTable:
    rows = tuple(
        Jurisdiction(r["name"], r["short"], r["code"], r["level"], r["parent"])
        for r in _read_csv(directory / JURISDICTION_FILE, JURISDICTION_COLUMNS)
    )
    by_name = {j.name: j for j in rows}
    by_short: dict[str, Jurisdiction] = {}
    # A short name shared by two areas (吉林省 and 吉林市; 海南省 and 海南藏族自治州)
    # means the higher level.
    for j in sorted(rows, key=lambda j: _LEVEL_RANK.get(j.level, len(LEVELS))):
        if j.short and j.short not in by_short:
            by_short[j.short] = j
    by_code = {j.code: j for j in rows if j.code}
    return _JurisdictionTable(rows, by_name, by_short, by_code)


def jurisdictions() -> tuple[Jurisdiction, ...]:
    """All jurisdictions in file order (全国, then by GB/T 2260 code)."""
    return _jurisdiction_table(data_dir()).rows


def find_jurisdiction(name: str) -> Jurisdiction | None:
    """A jurisdiction by full name, short name or GB/T 2260 code.

    >>> find_jurisdiction("深圳").name
    '深圳市'
    >>> find_jurisdiction("吉林").name   # a shared short name means the higher level
    '吉林省'
    >>> find_jurisdiction("粤") is None  # one-character abbreviations belong to agency codes
    True
    """
    return _find_jurisdiction(data_dir(), name)


def _find_jurisdiction(directory: Path, name: str) -> Jurisdiction | None:
    table = _jurisdiction_table(directory)
    name = name.strip()
    return table.by_name.get(name) or table.by_short.get(name) or table.by_code.get(name)


def jurisdiction_level(name: str) -> str | None:
    """``national`` | ``provincial`` | ``municipal`` | ``county`` for a known area, else None.

    >>> jurisdiction_level("广东省"), jurisdiction_level("顺德区"), jurisdiction_level("火星")
    ('provincial', 'county', None)
    """
    j = find_jurisdiction(name)
    return j.level if j else None


def broader(name: str) -> Jurisdiction | None:
    """The parent area (市 → 省 → 全国); None for 全国 and unknown names.

    >>> broader("顺德区").name, broader("佛山市").name, broader("广东省").name
    ('佛山市', '广东省', '全国')
    """
    j = find_jurisdiction(name)
    if j is None or not j.parent:
        return None
    return _jurisdiction_table(data_dir()).by_name.get(j.parent)


def _ancestors(j: Jurisdiction, directory: Path | None = None) -> list[Jurisdiction]:
    table = _jurisdiction_table(directory or data_dir())
    out: list[Jurisdiction] = []
    while j.parent and j.parent in table.by_name and len(out) < 8:
        j = table.by_name[j.parent]
        out.append(j)
    return out


@lru_cache(maxsize=4)
def _jurisdiction_regex(directory: Path) -> tuple[re.Pattern[str], dict[str, Jurisdiction]]:
    table = _jurisdiction_table(directory)
    lookup: dict[str, Jurisdiction] = dict(table.by_short)
    lookup.update(table.by_name)  # a full name wins over an identical short name
    # Longest first, so that the alternation takes the longest match at the leftmost position.
    alternatives = sorted(lookup, key=lambda s: (-len(s), s not in table.by_name, s))
    pattern = re.compile("|".join(re.escape(s) for s in alternatives))
    return pattern, lookup


def find_jurisdiction_in(text: str) -> Jurisdiction | None:
    """The leftmost jurisdiction named in ``text`` (full or short name; the longest match wins).

    Meant for titles; short names are matched as plain substrings, so a phrase that happens to
    contain one (长治久安) matches too.

    >>> find_jurisdiction_in("深圳市关于进一步促进电子商务发展的若干措施").name
    '深圳市'
    >>> find_jurisdiction_in("加快促进成都电子商务健康快速发展实施方案").name
    '成都市'
    >>> find_jurisdiction_in("关于进一步促进电子商务健康快速发展有关工作的通知") is None
    True
    """
    pattern, lookup = _jurisdiction_regex(data_dir())
    m = pattern.search(text)
    return lookup[m.group(0)] if m else None


# --------------------------------------------------------------------------- agency codes


@dataclass(frozen=True)
class _AgencyTable:
    rows: tuple[AgencyCode, ...]
    by_code: dict[str, tuple[AgencyCode, ...]]
    max_len: int


@lru_cache(maxsize=4)
def _agency_table(directory: Path) -> _AgencyTable:
    rows = tuple(
        AgencyCode(
            code=r["code"],
            body=r["body"],
            level=r["level"],
            jurisdiction=r["jurisdiction"],
            note=r["note"],
            valid_from=_year(r["valid_from"]),
            valid_to=_year(r["valid_to"]),
        )
        for r in _read_csv(directory / AGENCY_FILE, AGENCY_COLUMNS)
    )
    by_code: dict[str, list[AgencyCode]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    frozen = {k: tuple(v) for k, v in by_code.items()}
    return _AgencyTable(rows, frozen, max((len(k) for k in frozen), default=0))


def agency_codes() -> tuple[AgencyCode, ...]:
    """All rows of the 机关代字 registry, in file order."""
    return _agency_table(data_dir()).rows


def _jurisdiction_matches(row_jurisdiction: str, wanted: str) -> bool:
    if row_jurisdiction == wanted or row_jurisdiction in wanted or wanted in row_jurisdiction:
        return True
    j = find_jurisdiction(wanted)
    if j is None:
        return False
    return row_jurisdiction == j.name or any(a.name == row_jurisdiction for a in _ancestors(j))


def lookup_agency(
    code: str, jurisdiction: str | None = None, year: int | None = None
) -> AgencyCode | None:
    """The registry row for the longest registered prefix of ``code``.

    ``code`` may be a bare issuer code (``粤府办``) or a whole 发文字号 (``粤府办〔2012〕131号``).
    Among rows sharing that prefix (汕府 is 汕头 or 汕尾), the one whose jurisdiction matches
    ``jurisdiction`` (equal, contained, or an enclosing area) wins, then one valid in ``year``,
    then the higher level (宁政 alone is 宁夏, not 南京), then the first in the file.

    >>> lookup_agency("国办发明电").body
    '国务院办公厅'
    >>> lookup_agency("发改办高技〔2013〕894号").code
    '发改办高技'
    >>> lookup_agency("汕府", "汕尾市").jurisdiction
    '汕尾市'
    >>> lookup_agency("宁政发", "南京市").body, lookup_agency("宁政发").body
    ('南京市人民政府', '宁夏回族自治区人民政府')
    >>> lookup_agency("国务院令") is None
    True
    """
    table = _agency_table(data_dir())
    m = _CODE_END.search(code)
    key = (code[: m.start()] if m else code).strip()
    for n in range(min(len(key), table.max_len), 0, -1):
        rows = table.by_code.get(key[:n])
        if rows:
            return _choose(rows, jurisdiction, year)
    return None


def _choose(rows: tuple[AgencyCode, ...], jurisdiction: str | None, year: int | None) -> AgencyCode:
    if len(rows) == 1:
        return rows[0]

    def score(row: AgencyCode) -> tuple[bool, bool, int]:
        place = bool(jurisdiction) and _jurisdiction_matches(row.jurisdiction, jurisdiction or "")
        when = year is not None and row.valid_in(year)
        return (place, when, -_LEVEL_RANK.get(row.level, len(LEVELS)))

    return max(rows, key=score)  # max keeps the first of equal scores


# --------------------------------------------------------------------------- bodies


@dataclass(frozen=True)
class _BodyTable:
    by_name: dict[str, Body]
    by_alias: dict[str, str]


@lru_cache(maxsize=4)
def _body_table(directory: Path) -> _BodyTable:
    by_name: dict[str, Body] = {}
    by_alias: dict[str, str] = {}
    for r in _read_csv(directory / BODY_FILE, BODY_COLUMNS):
        body = Body(
            name=r["name"],
            level=r["level"],
            jurisdiction=r["jurisdiction"],
            kind=r["kind"],
            aliases=_split(r["aliases"]),
            former_names=_split(r["former_names"]),
            parent=r["parent"],
        )
        by_name[body.name] = body
        for alias in (*body.aliases, *body.former_name_strings):
            by_alias.setdefault(alias, body.name)
    return _BodyTable(by_name, by_alias)


def bodies() -> dict[str, Body]:
    """Listed bodies keyed by canonical name (derived local governments are not listed)."""
    return dict(_body_table(data_dir()).by_name)


def listed_body_names() -> frozenset[str]:
    """The canonical names and aliases of the listed bodies (former names not included)."""
    return _listed_body_names(data_dir())


@lru_cache(maxsize=4)
def _listed_body_names(directory: Path) -> frozenset[str]:
    names: set[str] = set()
    for b in _body_table(directory).by_name.values():
        names.add(b.name)
        names.update(b.aliases)
    return frozenset(names)


# Standard bodies of every area, derived rather than listed: suffix -> (kind, canonical suffix).
_DERIVED_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("人民政府办公厅", "government_office", "人民政府办公厅"),
    ("人民政府办公室", "government_office", "人民政府办公室"),
    ("政府办公厅", "government_office", "人民政府办公厅"),
    ("政府办公室", "government_office", "人民政府办公室"),
    ("人民政府", "government", "人民政府"),
    ("政府", "government", "人民政府"),
    ("人民代表大会常务委员会", "legislature", "人民代表大会常务委员会"),
    ("人大常委会", "legislature", "人民代表大会常务委员会"),
    ("委员会办公厅", "party_office", "委办公厅"),
    ("委办公厅", "party_office", "委办公厅"),
    ("党委办公厅", "party_office", "委办公厅"),
    ("委员会", "party", "委"),
    ("党委", "party", "委"),
    ("委", "party", "委"),
)

_GENERIC_PREFIXES = ("各", "有关", "相关", "其他", "其它")
_GENERIC_NAMES = frozenset({"国务院有关部门", "国务院各部委", "国务院各直属机构", "中央有关部门"})
# Words that begin with 市/省/区/县 without being an abbreviated local body.
_NOT_LOCAL_PREFIXES = ("市场", "市民", "省级", "市级", "区级", "县级", "区域", "县域", "省内")


def is_generic_body(name: str) -> bool:
    """Group names that stand for no one organisation (有关部门, 各区, 各省级人民政府…).

    >>> is_generic_body("各有关省级人民政府"), is_generic_body("国务院有关部门")
    (True, True)
    >>> is_generic_body("商务部")
    False
    """
    name = name.strip()
    return (
        name.startswith(_GENERIC_PREFIXES)
        or name in _GENERIC_NAMES
        or "有关部门" in name
        or "相关部门" in name
    )


def _party_name(j: Jurisdiction) -> str:
    return f"中共{j.name}委" if j.name.endswith(("省", "市")) else f"中共{j.name}委员会"


def _derive(name: str, directory: Path) -> Body | None:
    """A standard local body (government, its office, people's congress, party committee)."""
    table = _jurisdiction_table(directory)
    bare = name[2:] if name.startswith("中共") else name
    for suffix, kind, canonical_suffix in _DERIVED_SUFFIXES:
        if not bare.endswith(suffix):
            continue
        j = table.by_name.get(bare[: -len(suffix)])
        if j is None or j.level == "national":
            continue
        if kind in ("party", "party_office"):
            canonical = _party_name(j) + ("办公厅" if kind == "party_office" else "")
            parent = _party_name(j) if kind == "party_office" else ""
        else:
            if name.startswith("中共"):
                return None
            canonical = j.name + canonical_suffix
            parent = f"{j.name}人民政府" if kind == "government_office" else ""
        return Body(canonical, j.level, j.name, kind, parent=parent)
    return None


def find_body(name: str) -> Body | None:
    """A listed body by canonical name, alias or former name, or a derived local body.

    >>> find_body("发改委").name
    '国家发展改革委'
    >>> find_body("深圳市政府").name
    '深圳市人民政府'
    >>> find_body("广州市人民政府办公厅").kind
    'government_office'
    >>> find_body("中共广东省委").kind
    'party'
    """
    return _find_body(data_dir(), name.strip())


@lru_cache(maxsize=65536)
def _find_body(directory: Path, name: str) -> Body | None:
    """:func:`find_body` of a stripped name, cached per data directory (a pure look-up)."""
    table = _body_table(directory)
    canonical = table.by_alias.get(name, name)
    if canonical in table.by_name:
        return table.by_name[canonical]
    derived = _derive(name, directory)
    if derived is not None and derived.name in table.by_name:
        return table.by_name[derived.name]
    return derived


def is_known_body(name: str) -> bool:
    """True for a listed body (by any of its names) or a derived standard local body.

    >>> is_known_body("人社部"), is_known_body("杭州市人民政府"), is_known_body("有关部门")
    (True, True, False)
    """
    return not is_generic_body(name) and find_body(name) is not None


def _qualify(name: str, jurisdiction: str, directory: Path) -> str | None:
    """``市商务局`` + 成都市 → ``成都市商务局``; None when the prefix cannot be resolved."""
    if len(name) < 2 or name.startswith(_NOT_LOCAL_PREFIXES):
        return None
    j = _find_jurisdiction(directory, jurisdiction)
    if j is None:
        return None
    chain = [j, *_ancestors(j, directory)]
    if name.startswith("自治区") and len(name) > 3:
        head, rest = "自治区", name[3:]
    elif name.startswith(("市", "省", "区", "县")):
        head, rest = name[0], name[1:]
    else:
        return None
    for area in chain:
        if head == "省" and area.level == "provincial" and area.name.endswith("省"):
            return area.name + rest
        if head == "自治区" and area.level == "provincial" and area.name.endswith("自治区"):
            return area.name + rest
        if head == "市" and area.name.endswith("市") and area.level in ("provincial", "municipal"):
            return area.name + rest
        if head in ("区", "县") and area.level == "county" and area.name.endswith(head):
            return area.name + rest
    return None


def canonical_body(name: str, jurisdiction: str | None = None) -> str:
    """The canonical name of a body mention; unknown names come back unchanged.

    Abbreviated local names (市商务局, 省财政厅, 市政府) are qualified with ``jurisdiction``;
    generic group names (有关部门, 各区 …) are never touched.

    >>> canonical_body("发改委"), canonical_body("人社部"), canonical_body("国家计委")
    ('国家发展改革委', '人力资源社会保障部', '国家发展改革委')
    >>> canonical_body("省财政厅", "广东省"), canonical_body("省财政厅", "深圳市")
    ('广东省财政厅', '广东省财政厅')
    >>> canonical_body("市政府", "成都市")
    '成都市人民政府'
    >>> canonical_body("市商务局"), canonical_body("有关部门", "成都市")
    ('市商务局', '有关部门')
    """
    return _canonical_body(data_dir(), name, jurisdiction)


@lru_cache(maxsize=65536)
def _canonical_body(directory: Path, name: str, jurisdiction: str | None) -> str:
    """:func:`canonical_body`, cached per data directory (a pure look-up)."""
    stripped = name.strip()
    if not stripped or is_generic_body(stripped):
        return name
    found = _find_body(directory, stripped)
    if found is not None:
        return found.name
    if jurisdiction:
        qualified = _qualify(stripped, jurisdiction, directory)
        if qualified is not None:
            found = _find_body(directory, qualified.strip())
            return found.name if found is not None else qualified
    return stripped
