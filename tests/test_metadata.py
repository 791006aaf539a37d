"""Own metadata: titles, 文号, issuers, addressees, dates — each form as real documents print it."""

import pytest

from policygraph.extractors.metadata import doc_type_of, find_metadata

NATIONAL = ("国务院关于促进综合保税区\n高水平开放高质量发展的若干意见\n国发〔2019〕3号\n"
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
            "为贯彻落实党中央、国务院决策部署，现提出以下意见：\n一、指导思想\n以新思想为指导。\n"
            "国务院\n2019年1月12日\n（此件公开发布）\n")


def test_split_title_number_addressees_signature() -> None:
    m = find_metadata(NATIONAL)
    assert m.title == "国务院关于促进综合保税区高水平开放高质量发展的若干意见"
    assert (m.doc_number, m.doc_number_printed) == ("国发〔2019〕3号", "国发〔2019〕3号")
    assert m.addressees == ["各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"]
    assert m.issuers == ["国务院"]
    assert m.date_signed == "2019-01-12"
    assert (m.jurisdiction, m.level, m.doc_type) == ("全国", "national", "若干意见")
    s, e = m.evidence["date_signed"].span
    assert NATIONAL[s:e] == "2019年1月12日"
    s, e = m.evidence["doc_number"].span
    assert NATIONAL[s:e] == "国发〔2019〕3号"


def test_web_header_fields_and_promulgated_attachment() -> None:
    text = ("http://www.sz.gov.cn/zfgb/2014/gb865/201401/t20140108_2301298.htm\n"
            "索引号: 043000-10-2014-006304\n发布机构: 深圳市人民政府\n发布日期: 2014-01-08\n"
            "信息名称: 深圳市人民政府印发深圳市关于进一步促进电子商务发展若干措施的通知\n"
            "文   号: 深府〔2013〕119号\n关键词:  \n\n各区人民政府，市政府直属各单位：\n"
            "　　现将《深圳市关于进一步促进电子商务发展的若干措施》印发给你们，请遵照执行。\n"
            "深圳市人民政府\n2013年12月27日\n　　（一）支持平台规模化。\n　　（二）以上措施自发布之日起实施，有效期5年。\n")
    m = find_metadata(text)
    assert m.title == "深圳市人民政府印发深圳市关于进一步促进电子商务发展若干措施的通知"
    assert m.doc_number == "深府〔2013〕119号"
    assert m.date_published == "2014-01-08"
    assert m.date_signed == "2013-12-27"
    assert m.issuers == ["深圳市人民政府"]
    assert m.addressees == ["各区人民政府", "市政府直属各单位"]
    assert (m.jurisdiction, m.level, m.valid_years) == ("深圳市", "municipal", 5)
    assert m.header["index_number"] == "043000-10-2014-006304"


def test_plan_with_notice_title_in_one_long_line_and_chinese_numeral_date() -> None:
    text = ("广东省电子商务“十二五”发展规划\n印发广东省电子商务“十二五”发展规划的通知  "
            "各地级以上市经济和信息化主管部门，顺德区经济促进局：\n现将《广东省电子商务“十二五”发展规划》印发给你们。\n"
            "广东省经济和信息化委员会\n二○一二年六月二十六日\n电子商务是商务活动。一、发展现状\n")
    m = find_metadata(text)
    assert m.title == "广东省电子商务“十二五”发展规划"
    assert m.notice_title == "印发广东省电子商务“十二五”发展规划的通知"
    assert m.promulgates == "广东省电子商务“十二五”发展规划"
    assert m.addressees == ["各地级以上市经济和信息化主管部门", "顺德区经济促进局"]
    assert m.issuers == ["广东省经济和信息化委员会"]
    assert m.date_signed == "2012-06-26"
    assert (m.jurisdiction, m.level) == ("广东省", "provincial")


def test_law_from_a_markdown_collection() -> None:
    text = ("# 杭州市跨境电子商务促进条例\n\n2016年10月26日 杭州市第十二届人民代表大会常务委员会第四十次会议通过\n\n"
            "2016年12月23日 浙江省第十二届人民代表大会常务委员会第三十六次会议批准\n\n"
            "2016年12月23日 杭州市第十二届人民代表大会常务委员会公告第78号公布\n\n2017年3月1日 施行\n\n"
            "<!-- INFO END -->\n\n## 第一章　总则\n\n第一条 为了促进发展，制定本条例。\n")
    m = find_metadata(text)
    assert m.title == "杭州市跨境电子商务促进条例"
    assert m.doc_number == "杭州市第十二届人民代表大会常务委员会公告第78号"
    assert m.issuers == ["杭州市人民代表大会常务委员会"]
    assert (m.date_signed, m.date_published, m.date_effective) == ("2016-10-26", "2016-12-23", "2017-03-01")
    assert (m.jurisdiction, m.level, m.doc_type) == ("杭州市", "municipal", "条例")


def test_news_report_takes_the_reported_document_as_title() -> None:
    text = ("深圳提出培育百家电子商务销售超亿企业\n　　深圳特区报讯(记者 刘键)市政府四届一五九次常务会议审议并原则通过"
            "《深圳建设国家电子商务示范城市工作方案》，确立了我市发展电子商务的总体目标。\n")
    m = find_metadata(text)
    assert m.title == "深圳建设国家电子商务示范城市工作方案"
    assert m.issuers == ["深圳市人民政府"]
    assert m.jurisdiction == "深圳市"
    assert m.doc_number is None and m.date_signed is None


def test_place_label_before_title_and_no_issuer() -> None:
    text = "珠海市\u00a0关于加快发展我市电子商务的意见\n市政府： 为充分发挥电子商务的作用，现提出如下意见。 一、总体思路 以发展为指导。\n"
    m = find_metadata(text)
    assert m.title == "关于加快发展我市电子商务的意见"
    assert m.addressees == ["市政府"]
    assert m.issuers == []
    assert m.level == "municipal"


def test_cited_number_in_the_body_is_not_the_own_number() -> None:
    text = ("关于加快发展电子商务的实施意见\n各区人民政府：\n为贯彻落实《国务院关于促进信息消费扩大内需的若干意见》"
            "（国发〔2013〕32号），提出如下意见。\n")
    assert find_metadata(text).doc_number is None


def test_forwarded_document_keeps_the_forwarding_number() -> None:
    text = ("国务院办公厅转发商务部等部门关于实施支持跨境电子商务零售出口有关政策意见的通知\n国办发〔2013〕89号\n"
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n商务部、发展改革委等部门《关于实施支持跨境电子商务"
            "零售出口有关政策的意见》已经国务院同意，现转发给你们，请认真贯彻执行。\n国务院办公厅\n2013年8月21日\n"
            "关于实施支持跨境电子商务零售出口有关政策的意见\n商务部　发展改革委\n商贸发〔2013〕999号\n")
    m = find_metadata(text)
    assert m.doc_number == "国办发〔2013〕89号"
    assert m.issuers == ["国务院办公厅"]
    assert m.date_signed == "2013-08-21"


def test_number_line_before_the_title_and_title_broken_inside_brackets() -> None:
    text = ("沪教委基〔2018〕11号\n上海市教育委员会关于开展评选活动的通知\n各区教育局：\n根据要求开展评选。\n")
    m = find_metadata(text)
    assert (m.doc_number, m.title, m.addressees) == (
        "沪教委基〔2018〕11号", "上海市教育委员会关于开展评选活动的通知", ["各区教育局"])
    text = ("国务院关于在海南博鳌乐城国际医疗旅游先行区\n暂时调整实施《中华人民共和国药品管理法\n"
            "实施条例》有关规定的决定\n国发〔2018〕43号\n各省、自治区、直辖市人民政府：\n")
    assert find_metadata(text).title == (
        "国务院关于在海南博鳌乐城国际医疗旅游先行区暂时调整实施《中华人民共和国药品管理法实施条例》有关规定的决定")


def test_ministry_order_and_meeting_adoption() -> None:
    text = "# 明码标价和禁止价格欺诈规定\n\n2022年4月14日 国家市场监督管理总局令第56号公布\n\n2022年7月1日 施行\n"
    m = find_metadata(text)
    assert (m.doc_number, m.issuers, m.date_published, m.date_effective) == (
        "国家市场监督管理总局令第56号", ["国家市场监督管理总局"], "2022-04-14", "2022-07-01")
    text = "# 企业职工带薪年休假实施办法\n\n2008年7月17日 经人力资源和社会保障部第6次部务会议通过\n"
    m = find_metadata(text)
    assert (m.issuers, m.date_signed) == (["人力资源和社会保障部"], "2008-07-17")


def test_manifest_hints_fill_only_what_the_text_lacks() -> None:
    m = find_metadata(NATIONAL, {"date_published": "2019-01-25", "date_signed": "2000-01-01"})
    assert m.date_published == "2019-01-25"
    assert m.evidence["date_published"].origin == "manifest"
    assert m.date_signed == "2019-01-12"
    assert m.evidence["date_signed"].origin == "text"


@pytest.mark.parametrize(("title", "kind"), [
    ("国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见", "指导意见"),
    ("杭州市跨境电子商务促进条例", "条例"),
    ("加快促进成都电子商务健康快速发展实施方案(2013—2015年)", "实施方案"),
    ("深圳市电子商务管理办法（试行）", "管理办法"),
    ("国务院关于支持自由贸易试验区深化改革创新若干措施的通知", "通知"),
    ("深圳提出培育百家电子商务销售超亿企业", None),
])
def test_doc_types(title: str, kind: str | None) -> None:
    assert doc_type_of(title) == kind
