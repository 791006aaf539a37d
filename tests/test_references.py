"""Each reference form and relation cue, each row a phrase of the kind found in policy text."""

import pytest

from policygraph.extractors.references import classify, find_references

FORMS = [
    # (text, [(title, doc_number, relation)])
    ("为贯彻落实《国务院关于促进信息消费扩大内需的若干意见》（国发〔2013〕32号），制定本措施。",
     [("国务院关于促进信息消费扩大内需的若干意见", "国发〔2013〕32号", "implements")]),
    ("根据《广东省国民经济和社会发展第十二个五年规划纲要》，制定本规划。",
     [("广东省国民经济和社会发展第十二个五年规划纲要", None, "based_on")]),
    ("按照国发〔2015〕24号要求，做好相关工作。", [(None, "国发〔2015〕24号", "implements")]),
    ("依据《中华人民共和国农业机械化促进法》制定本办法。",
     [("中华人民共和国农业机械化促进法", None, "based_on")]),
    ("落实国家《电子签名法》，加大电子认证的应用推广力度。",
     [("中华人民共和国电子签名法", None, "implements")]),
    ("要按照《中共中央办公厅关于统筹规范督查检查考核工作的通知》要求，减少重复考核。",
     [("中共中央办公厅关于统筹规范督查检查考核工作的通知", None, "implements")]),
    ("自本通知印发之日起，《国务院办公厅关于对真抓实干成效明显地方加大激励支持力度的通知》（国办发〔2016〕82号）停止执行。",
     [("国务院办公厅关于对真抓实干成效明显地方加大激励支持力度的通知", "国办发〔2016〕82号", "repeals")]),
    ("《深圳市电子商务管理办法》（深府〔2010〕5号）同时废止。",
     [("深圳市电子商务管理办法", "深府〔2010〕5号", "repeals")]),
    ("对港澳台资建筑业企业，不再执行《外商投资建筑业企业管理规定》中关于工程承包范围的限制性规定。",
     [("外商投资建筑业企业管理规定", None, "amends")]),
    ("参照《政府采购货物和服务招标投标管理办法》执行。",
     [("政府采购货物和服务招标投标管理办法", None, "cites")]),
    ("以《中华人民共和国电子签名法》实施为契机，推进电子认证。",
     [("中华人民共和国电子签名法", None, "implements")]),
    ("在《内地与香港关于建立更紧密经贸关系的安排》、《海峡两岸经济合作框架协议》下，对港澳台资企业放宽限制。",
     [("内地与香港关于建立更紧密经贸关系的安排", None, "based_on"),
      ("海峡两岸经济合作框架协议", None, "based_on")]),
    ("深入贯彻落实《中华人民共和国农业机械化促进法》等法律法规。",
     [("中华人民共和国农业机械化促进法", None, "implements")]),
    ("国务院关于修改《建设工程质量管理条例》的决定。",
     [("建设工程质量管理条例", None, "amends")]),
    ("现将《关于印发〈电子商务发展规划〉的通知》转发给你们，请认真贯彻执行。",
     [("关于印发〈电子商务发展规划〉的通知", None, "forwards")]),
    ("详见《《电子商务统计报表制度》》。", [("电子商务统计报表制度", None, "cites")]),
    ("各地要认真学习《人民日报》评论员文章。", []),
    ("第一条 为了实施 《职工带薪年休假条例》 （以下简称条例），制定本实施办法。",
     [("职工带薪年休假条例", None, "implements")]),
    ("根据教育部《关于举办全国幼儿园优秀自制玩教具展评活动的通知》（装备中心〔2017〕85号）要求，开展评选。",
     [("关于举办全国幼儿园优秀自制玩教具展评活动的通知", "装备中心〔2017〕85号", "implements")]),
    ("构成价格欺诈的，依照《中华人民共和国价格法》的规定进行处罚。",
     [("中华人民共和国价格法", None, "cites")]),
    ("国务院决定在先行区暂时调整实施《中华人民共和国药品管理法实施条例》第三十六条的规定。",
     [("中华人民共和国药品管理法实施条例", None, "amends")]),
    ("2000年10月31日原国家发展计划委员会令第8号发布的《关于商品和服务实行明码标价的规定》、"
     "2001年11月7日原国家发展计划委员会令第15号发布的《禁止价格欺诈行为的规定》同时废止。",
     [("关于商品和服务实行明码标价的规定", None, "repeals"), ("禁止价格欺诈行为的规定", None, "repeals")]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_reference_forms(text: str, expected: list) -> None:
    refs = find_references(text)
    assert [(r.title, r.doc_number, r.relation) for r in refs] == expected
    for r in refs:
        assert 0 <= r.span[0] < r.span[1] <= len(text)


def test_chain_shares_the_cue_and_issuers() -> None:
    text = ("为贯彻落实《国务院关于促进信息消费扩大内需的若干意见》（国发〔2013〕32号）、工业和信息化部"
            "《电子商务“十二五”发展规划》《广东省人民政府办公厅关于加快发展电子商务的意见》（粤府办〔2012〕131号），"
            "围绕电子商务示范城市建设，特制定以下措施。")
    refs = find_references(text)
    assert [(r.title, r.relation) for r in refs] == [
        ("国务院关于促进信息消费扩大内需的若干意见", "implements"),
        ("电子商务“十二五”发展规划", "implements"),
        ("广东省人民政府办公厅关于加快发展电子商务的意见", "implements"),
    ]
    assert [r.issuers for r in refs] == [["国务院"], ["工业和信息化部"], ["广东省人民政府办公厅"]]
    assert text[refs[1].span[0]:refs[1].span[1]] == "工业和信息化部《电子商务“十二五”发展规划》"


def test_joint_issuers_before_title() -> None:
    text = ("按照国家发展改革委、商务部等十三部委《关于进一步促进电子商务健康快速发展有关工作的通知》"
            "(发改办高技〔2013〕894号)、《成都市电子商务发展规划(2012-2015)》精神，制定如下实施方案。")
    refs = find_references(text)
    assert [(r.title, r.doc_number, r.relation) for r in refs] == [
        ("关于进一步促进电子商务健康快速发展有关工作的通知", "发改办高技〔2013〕894号", "implements"),
        ("成都市电子商务发展规划(2012-2015)", None, "implements"),
    ]
    assert refs[0].issuers == ["国家发展改革委", "商务部"]


def test_self_references_are_not_references() -> None:
    text = "现将《深圳市关于进一步促进电子商务发展的若干措施》印发给你们，请遵照执行。"
    refs = find_references(text)
    assert [(r.title, r.relation) for r in refs] == [("深圳市关于进一步促进电子商务发展的若干措施", "promulgates")]
    own = "广东省电子商务“十二五”发展规划"
    assert find_references(f"现将《{own}》印发给你们。", own_titles=(own,)) == []
    assert find_references("本办法由市商务局负责解释。") == []


def test_same_title_with_another_number_is_not_self() -> None:
    own = "关于职工全年月平均工作时间和工资折算问题的通知"
    text = f"《{own}》（劳社部发[2000]8号）同时废止。"
    refs = find_references(text, own_titles=(own,), own_number="劳社部发〔2008〕3号")
    assert [(r.doc_number, r.relation) for r in refs] == [("劳社部发〔2000〕8号", "repeals")]


def test_alias_defined_in_place() -> None:
    text = ("为落实《国务院关于积极推进“互联网+”行动的指导意见》（以下简称《指导意见》），"
            "各地要按照《指导意见》要求，制定实施方案。")
    refs = find_references(text)
    assert [(r.title, r.relation) for r in refs] == [
        ("国务院关于积极推进“互联网+”行动的指导意见", "implements")]


def test_strongest_relation_wins_and_one_per_document() -> None:
    text = ("根据《深圳市电子商务管理办法》（深府〔2010〕5号），制定本办法。"
            "本办法施行后，《深圳市电子商务管理办法》（深府〔2010〕5号）同时废止。")
    refs = find_references(text)
    assert [(r.doc_number, r.relation) for r in refs] == [("深府〔2010〕5号", "repeals")]


@pytest.mark.parametrize(("before", "after", "relation"), [
    ("为贯彻落实", "，", "implements"),
    ("认真贯彻", "精神", "implements"),
    ("按照", "要求", "implements"),
    ("按照", "规定", "cites"),
    ("按照", "文件精神", "implements"),
    ("按照国务院", "（国务院令656号）要求", "implements"),
    ("为落实国务院领导同志对", "的批示", "cites"),
    ("环保总局正在对", "进行修订", "cites"),
    ("按照", "执行", "cites"),
    ("依据", "，", "based_on"),
    ("根据", "，制定本办法", "based_on"),
    ("", "同时废止", "repeals"),
    ("废止", "", "repeals"),
    ("修订", "", "amends"),
    ("", "，", "cites"),
])
def test_cue_table(before: str, after: str, relation: str) -> None:
    assert classify(before, after)[0] == relation


@pytest.mark.parametrize(("text", "expected"), [
    ("按照国务院2013年32号文件要求，加快发展。", [("国发〔2013〕32号", "implements", "国务院2013年32号文件")]),
    ("落实《国务院关于X的意见》（国发〔2015〕24号）。各地要按国发24号文精神推进。",
     [("国发〔2015〕24号", "implements", "国发〔2015〕24号")]),
])
def test_prose_forms_of_doc_numbers(text: str, expected: list) -> None:
    refs = find_references(text)
    assert [(r.doc_number, r.relation, r.doc_number_printed) for r in refs] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("原《深圳市电子商务管理办法》（深府〔2008〕5号）自本办法施行之日起废止。",
     [("深圳市电子商务管理办法", "深府〔2008〕5号", "repeals")]),
    ("按照国函〔2008〕3号文件要求，推进试点。", [(None, "国函〔2008〕3号", "implements")]),
    ("按照国发〔2008〕3号、国发〔2009〕4号要求，推进试点。",
     [(None, "国发〔2008〕3号", "implements"), (None, "国发〔2009〕4号", "implements")]),
    ("为贯彻落实《关于加快发展电子商务的意见》，根据《关于印发电子商务发展规划的通知》精神，制定本意见。",
     [("关于加快发展电子商务的意见", None, "implements"), ("关于印发电子商务发展规划的通知", None, "implements")]),
    ("按照武发改〔2008〕2号要求，做好申报。", [(None, "武发改〔2008〕2号", "implements")]),
])
def test_forms_found_by_the_synthetic_corpus(text: str, expected: list) -> None:
    assert [(r.title, r.doc_number, r.relation) for r in find_references(text)] == expected
