"""Tests for the reference-data registry (机关代字, bodies, jurisdictions) and its data files."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from policygraph import registry
from policygraph.registry import (
    AgencyCode,
    agency_codes,
    bodies,
    broader,
    canonical_body,
    data_dir,
    find_body,
    find_jurisdiction,
    find_jurisdiction_in,
    is_known_body,
    jurisdiction_level,
    jurisdictions,
    lookup_agency,
)

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def read(name: str) -> list[dict[str, str]]:
    with (ONTOLOGY / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------- agency codes


@pytest.mark.parametrize(
    ("code", "jurisdiction", "body", "level", "where"),
    [
        ("国发", None, "国务院", "national", "全国"),
        ("国发〔2013〕32号", None, "国务院", "national", "全国"),
        ("国函", None, "国务院", "national", "全国"),
        ("国办发", None, "国务院办公厅", "national", "全国"),
        ("国办发明电", None, "国务院办公厅", "national", "全国"),
        ("国办函〔2018〕71号", None, "国务院办公厅", "national", "全国"),
        ("中发", None, "中共中央", "national", "全国"),
        ("中办发", None, "中共中央办公厅", "national", "全国"),
        ("发改办高技〔2013〕894号", None, "国家发展改革委办公厅", "national", "全国"),
        ("发改高技", None, "国家发展改革委", "national", "全国"),
        ("发改经贸", None, "国家发展改革委", "national", "全国"),
        ("计高技", None, "国家计委", "national", "全国"),
        ("工信部信软", None, "工业和信息化部", "national", "全国"),
        ("商电发", None, "商务部", "national", "全国"),
        ("财税", None, "财政部", "national", "全国"),
        ("财库〔2022〕3号", None, "财政部", "national", "全国"),
        ("人社部发", None, "人力资源社会保障部", "national", "全国"),
        ("银发", None, "人民银行", "national", "全国"),
        ("国科发", None, "科技部", "national", "全国"),
        ("科发", None, "中科院", "national", "全国"),
        ("税总发", None, "税务总局", "national", "全国"),
        ("粤府", None, "广东省人民政府", "provincial", "广东省"),
        ("粤府办〔2012〕131号", None, "广东省人民政府办公厅", "provincial", "广东省"),
        ("粤府函", None, "广东省人民政府", "provincial", "广东省"),
        ("粤办函", None, "广东省人民政府办公厅", "provincial", "广东省"),
        ("粤办发", None, "中共广东省委办公厅", "provincial", "广东省"),
        ("粤发", None, "中共广东省委", "provincial", "广东省"),
        ("粤发改高技", None, "广东省发展改革委", "provincial", "广东省"),
        ("川办发", None, "四川省人民政府办公厅", "provincial", "四川省"),
        ("深府〔2013〕119号", None, "深圳市人民政府", "municipal", "深圳市"),
        ("深府办规", None, "深圳市人民政府办公厅", "municipal", "深圳市"),
        ("深发", None, "中共深圳市委", "municipal", "深圳市"),
        ("汕府", "汕尾市", "汕尾市人民政府", "municipal", "汕尾市"),
        ("汕府", "汕头市", "汕头市人民政府", "municipal", "汕头市"),
        ("汕府", "海丰县", "汕头市人民政府", "municipal", "汕头市"),  # unknown area: first row
        ("宁政发", "南京市", "南京市人民政府", "municipal", "南京市"),
        ("宁政发", "宁夏回族自治区", "宁夏回族自治区人民政府", "provincial", "宁夏回族自治区"),
        ("宁政发", "银川市", "宁夏回族自治区人民政府", "provincial", "宁夏回族自治区"),
        ("成办发", "成都市", "成都市人民政府办公厅", "municipal", "成都市"),
        ("顺府发", None, "佛山市顺德区人民政府", "county", "顺德区"),
    ],
)
def test_lookup_agency(code, jurisdiction, body, level, where):
    row = lookup_agency(code, jurisdiction)
    assert row is not None
    assert (row.body, row.level, row.jurisdiction) == (body, level, where)


@pytest.mark.parametrize(
    ("code", "expected_prefix"),
    [
        ("发改办高技", "发改办高技"),
        ("发改办农经", "发改办"),  # unlisted department: the family root
        ("粤府办函", "粤府办"),
        ("国办发明电", "国办发明电"),
        ("京政办发", "京政办"),
        ("京政发", "京政"),
        ("深发改", "深发改"),
    ],
)
def test_longest_prefix_wins(code, expected_prefix):
    row = lookup_agency(code)
    assert row is not None and row.code == expected_prefix


@pytest.mark.parametrize("code", ["国务院令", "公告", "", "〔2013〕32号", "ABC"])
def test_unknown_codes(code):
    assert lookup_agency(code) is None


def test_year_prefers_valid_row():
    row = AgencyCode("x", "y", "national", "全国", valid_from=2003, valid_to=2018)
    assert row.valid_in(2010) and not row.valid_in(2019) and not row.valid_in(2002)


def test_every_agency_body_is_known():
    unknown = sorted({r.body for r in agency_codes() if not is_known_body(r.body)})
    assert unknown == []


def test_every_agency_jurisdiction_exists_with_matching_level():
    for row in agency_codes():
        j = find_jurisdiction(row.jurisdiction)
        assert j is not None and j.name == row.jurisdiction, row
        assert j.level == row.level, row


def test_every_province_has_government_and_office_codes():
    provinces = [j.name for j in jurisdictions() if j.level == "provincial"]
    for p in provinces:
        kinds = {find_body(r.body).kind for r in agency_codes() if r.jurisdiction == p}
        assert {"government", "government_office", "party"} <= kinds, p


# --------------------------------------------------------------------------- bodies


@pytest.mark.parametrize(
    ("name", "jurisdiction", "expected"),
    [
        ("发改委", None, "国家发展改革委"),
        ("发展改革委", None, "国家发展改革委"),
        ("国家发展和改革委员会", None, "国家发展改革委"),
        ("国家计委", None, "国家发展改革委"),
        ("工信部", None, "工业和信息化部"),
        ("人社部", None, "人力资源社会保障部"),
        ("人力资源和社会保障部", None, "人力资源社会保障部"),
        ("住房和城乡建设部", None, "住房城乡建设部"),
        ("国家市场监督管理总局", None, "市场监管总局"),
        ("中国人民银行", None, "人民银行"),
        ("国家税务总局", None, "税务总局"),
        ("卫生健康委", None, "国家卫生健康委"),
        ("国务院扶贫办", None, "扶贫办"),
        ("中宣部", None, "中央宣传部"),
        ("国家旅游局", None, "文化和旅游部"),
        ("环境保护部", None, "生态环境部"),
        ("国土资源部", None, "自然资源部"),
        ("农业部", None, "农业农村部"),
        ("全国人大常委会", None, "全国人民代表大会常务委员会"),
        ("浙江省人大常委会", None, "浙江省人民代表大会常务委员会"),
        ("广东省经济和信息化委员会", None, "广东省工业和信息化厅"),
        ("顺德区经济促进局", None, "佛山市顺德区经济促进局"),
        ("深圳市政府", None, "深圳市人民政府"),
        ("中共广东省委", None, "中共广东省委"),
        ("广东省委", None, "中共广东省委"),
        # abbreviated local names are qualified by the document's jurisdiction
        ("市商务局", "成都市", "成都市商务局"),
        ("市政府效能办", "成都市", "成都市政府效能办"),
        ("市发改委", "成都市", "成都市发展改革委"),
        ("市政府", "成都市", "成都市人民政府"),
        ("市政府", "顺德区", "佛山市人民政府"),
        ("省财政厅", "广东省", "广东省财政厅"),
        ("省经济和信息化厅", "深圳市", "广东省经济和信息化厅"),
        ("市商务局", "北京市", "北京市商务局"),
        ("自治区财政厅", "南宁市", "广西壮族自治区财政厅"),
        ("市商务局", None, "市商务局"),
        ("市商务局", "火星", "市商务局"),
        ("省财政厅", "全国", "省财政厅"),
        ("市场监管局", "成都市", "市场监管局"),
        # generic group names stay as they are
        ("有关部门", "成都市", "有关部门"),
        ("各区", "深圳市", "各区"),
        ("各省级人民政府", None, "各省级人民政府"),
        ("各有关省级人民政府", None, "各有关省级人民政府"),
        ("国务院有关部门", None, "国务院有关部门"),
        ("某某委员会", None, "某某委员会"),
    ],
)
def test_canonical_body(name, jurisdiction, expected):
    assert canonical_body(name, jurisdiction) == expected


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("国务院", True),
        ("工信部", True),
        ("杭州市人民代表大会常务委员会", True),
        ("深圳市人民政府", True),
        ("广州市人民政府办公厅", True),
        ("珠海市人民政府办公室", True),
        ("中共广西壮族自治区委员会", True),
        ("有关部门", False),
        ("各区人民政府", False),
        ("火星市人民政府", False),
        ("中共深圳市人民政府", False),
    ],
)
def test_is_known_body(name, known):
    assert is_known_body(name) is known


def test_central_bodies_cover_the_state_council():
    listed = bodies()
    national = [b for b in listed.values() if b.level == "national"]
    assert len(national) >= 80
    expected = [
        "外交部",
        "国家发展改革委",
        "工业和信息化部",
        "人力资源社会保障部",
        "审计署",
        "国资委",
        "海关总署",
        "税务总局",
        "市场监管总局",
        "银保监会",
        "证监会",
        "外汇局",
        "药监局",
        "知识产权局",
        "扶贫办",
        "粮食和储备局",
        "供销合作总社",
        "全国总工会",
        "共青团中央",
        "全国妇联",
        "全国工商联",
        "中央宣传部",
        "中央统战部",
        "民航局",
        "铁路局",
        "邮政局",
        "广电总局",
        "国管局",
        "文物局",
        "中医药局",
        "国际发展合作署",
        "文化和旅游部",
        "生态环境部",
        "自然资源部",
        "农业农村部",
        "国务院",
        "国务院办公厅",
        "中共中央",
        "中共中央办公厅",
        "全国人民代表大会常务委员会",
    ]
    for name in expected:
        assert name in listed, name


def test_every_province_has_listed_standard_bodies():
    listed = bodies()
    for j in jurisdictions():
        if j.level == "provincial":
            for suffix in ("人民政府", "人民政府办公厅", "人民代表大会常务委员会"):
                assert f"{j.name}{suffix}" in listed, (j.name, suffix)
            assert canonical_body(f"{j.name}人大常委会") == f"{j.name}人民代表大会常务委员会"


def test_aliases_are_unambiguous():
    owners: dict[str, set[str]] = {}
    names = set(bodies())
    for body in bodies().values():
        for alias in (*body.aliases, *body.former_name_strings):
            owners.setdefault(alias, set()).add(body.name)
            assert alias not in names, f"{alias} is both an alias and a canonical name"
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}


def test_body_parents_and_jurisdictions_exist():
    for body in bodies().values():
        assert find_jurisdiction(body.jurisdiction) is not None, body
        assert body.level in registry.LEVELS, body
        if body.parent:
            assert is_known_body(body.parent), body
        for former in body.former_names:
            assert former.count("@") <= 1, former


# --------------------------------------------------------------------------- jurisdictions


@pytest.mark.parametrize(
    ("name", "full", "code", "level", "parent"),
    [
        ("深圳", "深圳市", "440300", "municipal", "广东省"),
        ("深圳市", "深圳市", "440300", "municipal", "广东省"),
        ("广东", "广东省", "440000", "provincial", "全国"),
        ("内蒙古", "内蒙古自治区", "150000", "provincial", "全国"),
        ("广西", "广西壮族自治区", "450000", "provincial", "全国"),
        ("顺德区", "顺德区", "440606", "county", "佛山市"),
        ("成都", "成都市", "510100", "municipal", "四川省"),
        ("杭州市", "杭州市", "330100", "municipal", "浙江省"),
        ("东莞", "东莞市", "441900", "municipal", "广东省"),
        ("延边", "延边朝鲜族自治州", "222400", "municipal", "吉林省"),
        ("吉林市", "吉林市", "220200", "municipal", "吉林省"),
        ("吉林", "吉林省", "220000", "provincial", "全国"),
        ("440300", "深圳市", "440300", "municipal", "广东省"),
    ],
)
def test_find_jurisdiction(name, full, code, level, parent):
    j = find_jurisdiction(name)
    assert j is not None
    assert (j.name, j.code, j.level, j.parent) == (full, code, level, parent)
    assert jurisdiction_level(name) == level


def test_national_and_unknown():
    assert find_jurisdiction("全国").level == "national"
    assert broader("全国") is None
    assert find_jurisdiction("粤") is None
    assert find_jurisdiction("火星") is None
    assert jurisdiction_level("火星") is None
    assert broader("深圳").name == "广东省"
    assert broader("顺德区").name == "佛山市"


def test_all_provinces_present_with_distinct_codes():
    provinces = [j for j in jurisdictions() if j.level == "provincial"]
    assert len(provinces) == 31
    codes = [j.code for j in provinces]
    assert len(set(codes)) == 31
    assert all(len(c) == 6 and c.endswith("0000") for c in codes)


def test_prefectures_complete_and_consistent():
    by_name = {j.name: j for j in jurisdictions()}
    prefectures = [j for j in jurisdictions() if j.level == "municipal"]
    assert len(prefectures) == 333  # 293 地级市 + 30 自治州 + 7 地区 + 3 盟
    for j in prefectures:
        parent = by_name[j.parent]
        assert parent.level == "provincial", j
        assert j.code[:2] == parent.code[:2], j
        assert j.code.endswith("00") and not j.code.endswith("0000"), j
    for j in jurisdictions():
        if j.level == "county":
            assert j.parent in by_name and j.code[:2] == by_name[j.parent].code[:2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("深圳市关于进一步促进电子商务发展的若干措施", "深圳市"),
        ("深圳市人民政府印发深圳市关于进一步促进电子商务发展若干措施的通知", "深圳市"),
        ("广东省电子商务“十二五”发展规划", "广东省"),
        ("加快促进成都电子商务健康快速发展实施方案(2013—2015年)", "成都市"),
        ("杭州市跨境电子商务促进条例", "杭州市"),
        ("浙江省信息化促进条例", "浙江省"),
        ("珠海市 关于加快发展我市电子商务的意见", "珠海市"),
        ("中国（广东）自由贸易试验区条例", "广东省"),
        ("吉林市人民政府关于…", "吉林市"),
        ("关于支持内蒙古经济社会发展的意见", "内蒙古自治区"),
        ("深圳提出培育百家电子商务销售超亿企业", "深圳市"),
        ("国务院关于促进综合保税区高水平开放高质量发展的若干意见", None),
        ("", None),
    ],
)
def test_find_jurisdiction_in(text, expected):
    j = find_jurisdiction_in(text)
    assert (j.name if j else None) == expected


# --------------------------------------------------------------------------- data files

REQUIRED = {
    "agency_codes.csv": ("code", "body", "level", "jurisdiction"),
    "bodies.csv": ("name", "level", "jurisdiction", "kind"),
    "jurisdictions.csv": ("name", "short", "level"),
}
KEYS = {
    "agency_codes.csv": ("code", "jurisdiction"),
    "bodies.csv": ("name",),
    "jurisdictions.csv": ("name",),
}


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_data_file_well_formed(name):
    text = (ONTOLOGY / name).read_text(encoding="utf-8")
    assert not text.startswith("\ufeff") and "\r" not in text and text.endswith("\n")
    rows = read(name)
    assert rows
    for i, row in enumerate(rows, start=2):
        assert None not in row and None not in row.values(), f"{name}:{i} wrong column count"
        for col in REQUIRED[name]:
            assert row[col].strip(), f"{name}:{i} empty {col}"
        assert all(v == v.strip() for v in row.values()), f"{name}:{i} stray whitespace"
        assert row["level"] in registry.LEVELS, f"{name}:{i}"
    keys = Counter(tuple(r[k] for k in KEYS[name]) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []


def test_jurisdictions_file_sorted_and_coded():
    rows = read("jurisdictions.csv")
    assert rows[0]["name"] == "全国" and rows[0]["code"] == ""
    codes = [r["code"] for r in rows[1:]]
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert all(r["parent"] for r in rows[1:])


def test_agency_file_sorted_and_years():
    rank = {r["name"]: r["code"] for r in read("jurisdictions.csv")}
    rows = read("agency_codes.csv")
    keys = [(rank[r["jurisdiction"]], r["code"]) for r in rows]
    assert keys == sorted(keys)
    for r in rows:
        for col in ("valid_from", "valid_to"):
            assert r[col] == "" or (r[col].isdigit() and len(r[col]) == 4), r
        if r["valid_from"] and r["valid_to"]:
            assert int(r["valid_from"]) <= int(r["valid_to"]), r


def test_bodies_file_sorted():
    rank = {r["name"]: r["code"] for r in read("jurisdictions.csv")}
    rows = read("bodies.csv")
    keys = [(rank[r["jurisdiction"]], r["name"]) for r in rows]
    assert keys == sorted(keys)


# --------------------------------------------------------------------------- data directory


def test_default_data_dir_is_repo_ontology(monkeypatch):
    monkeypatch.delenv(registry.ENV_VAR, raising=False)
    assert data_dir().resolve() == ONTOLOGY.resolve()


def test_environment_override(monkeypatch, tmp_path):
    for name in REQUIRED:
        shutil.copy(ONTOLOGY / name, tmp_path / name)
    with (tmp_path / "agency_codes.csv").open("a", encoding="utf-8") as f:
        f.write("测试发,测试机关,national,全国,,,override test\n")
    assert lookup_agency("测试发") is None
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path))
    assert data_dir() == tmp_path
    row = lookup_agency("测试发〔2020〕1号")
    assert row is not None and row.body == "测试机关"
    monkeypatch.delenv(registry.ENV_VAR)
    assert lookup_agency("测试发") is None


def test_bad_header_is_rejected(monkeypatch, tmp_path):
    for name in REQUIRED:
        shutil.copy(ONTOLOGY / name, tmp_path / name)
    (tmp_path / "agency_codes.csv").write_text("code,body\n国发,国务院\n", encoding="utf-8")
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path))
    with pytest.raises(ValueError, match="expected columns"):
        agency_codes()
