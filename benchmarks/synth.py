"""Synthetic corpus of Chinese policy documents, with ground truth, for speed and correctness runs.

    python benchmarks/synth.py --docs 10000 --seed 7 --out /tmp/synth
    python benchmarks/synth.py --docs 180000 --seed 7 --out /tmp/synth180k --jobs 2
    python benchmarks/synth_check.py /tmp/synth --sample 500     # score the extractor on it

Writes ``DIR/n000123_<code>.txt`` (one document per file, streamed to disk) and
``DIR/truth.jsonl`` (one line per document, in file order).  Standard library only, no network;
the same ``--docs`` and ``--seed`` give the same bytes whatever ``--jobs`` is.

What the documents look like (modelled on the real ones in ``corpus/`` and
``tests/data/heldout*/``; the vocabulary of bodies, places and 机关代字 below is real, the text is
assembled from templates):

* levels: national (国务院, 国务院办公厅, ministries), provincial (粤府, 浙政发, 川府发 …),
  municipal (深府, 成府发, 杭政 …) and county (深宝府, 余政发, 双府发 …);
* kinds: 意见 / 实施意见 with 文号 and 主送机关; 印发 notices whose attachment (方案, 规划,
  行动计划, 若干措施, 管理办法) follows the signature with its own title; stand-alone 若干措施;
  short work notices; 第X条 regulations (管理办法 attached to a notice, 条例 of a 人大常委会);
* a lineage DAG: a document cites only earlier documents of the same or a higher level in its own
  chain (national → its province → its city → its county) or national laws: 为贯彻落实《T》（文号）
  (implements), 按照《T》要求 and 文号-only 按照国发〔2015〕24号要求 (implements), 根据《T》…制定
  (based_on), 《T》（文号）同时废止 / 不再执行 (repeals), 参照《T》 / 依照《X法》 (cites), issuer
  before the title (国务院办公厅《关于…的意见》), chains, （以下简称《意见》） aliases;
* numbered measures 一、 （一） 1. （1） with responsibility lists in the printed forms
  (牵头单位：市商务局、市财政局) （责任单位：…） （A、B等负责） （A牵头，B、C配合）
  （负责部门：…） （牵头单位：A，配合单位：B、C）, local names as printed (市商务局, 省商务厅, 区商务局);
* targets (到2020年，…达到70%，…突破3000亿元) and baseline statistics / subsidies that are not;
* sizes log-normal: median about 8 KB, short notices under 1 KB, up to about 48 KB;
* exactly 5 % GB18030, 10 % CRLF and 5 % web headers (索引号 … 发布日期 …) per block of 20
  files; 文号 bracket variants (〔〕 [] （） 【】 ［］, full-width digits), split title lines,
  　　 indentation, a few one-line documents.

``truth.jsonl`` fields: ``source``, ``doc_number`` (canonical, 〔〕), ``title`` (the document's own
title; for a 印发 notice the notice title, with the attachment in ``promulgates``), ``level``,
``jurisdiction``, ``place_chain`` (全国 down to the jurisdiction), ``issuer``, ``date_signed``,
``kind``, ``articles`` (article count for 第X条 documents, else null), ``references``
({doc_number, title, relation, form, evidence, target, cited_as}: one per referenced document,
strongest relation; ``target`` is the cited file or null for a national law), ``responsibility``
({measure, bodies, role, evidence}; role lead / supporting / responsible), ``targets`` ({value,
unit, year, evidence}), ``variants`` and ``bytes``.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import resource
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# ------------------------------------------------------------------------------------------
# Vocabulary (real bodies, places and 机关代字; "code:slug" pairs, the slug names the file)

FIRST_DAY, LAST_DAY = date(2008, 1, 1), date(2023, 12, 31)
LEVELS = ("national", "provincial", "municipal", "county")
LEVEL_SHARE = (0.08, 0.17, 0.35, 0.40)


def _words(s: str) -> list[str]:
    return s.split()


def _codes(s: str) -> list[tuple[str, str]]:
    return [tuple(x.split(":")) for x in s.split()]  # type: ignore[misc]


# national issuers: name, codes, weight, valid from year, valid until year (exclusive)
NATIONAL = [
    ("国务院", "国发:guofa 国函:guohan", 6, 0, 9999),
    ("国务院办公厅", "国办发:guobanfa 国办函:guobanhan", 7, 0, 9999),
    ("国家发展改革委", "发改高技:fagaigaoji 发改产业:fagaichanye 发改经贸:fagaijingmao", 3, 0, 9999),
    ("工业和信息化部", "工信部信软:gxbxinruan 工信部规:gxbgui 工信部联产业:gxblianchanye", 3, 2008, 9999),
    ("商务部", "商电发:shangdianfa 商流通发:shangliutongfa 商服贸发:shangfumaofa", 3, 0, 9999),
    ("财政部", "财建:caijian 财税:caishui 财金:caijin", 2, 0, 9999),
    ("科技部", "国科发:guokefa", 2, 0, 9999),
    ("人力资源社会保障部", "人社部发:renshebufa", 2, 2008, 9999),
    ("农业部", "农市发:nongshifa 农经发:nongjingfa", 1, 0, 2018),
    ("农业农村部", "农市发:nongshifa 农产发:nongchanfa", 1, 2018, 9999),
    ("交通运输部", "交规划发:jiaoguihuafa 交运发:jiaoyunfa", 1, 2008, 9999),
    ("教育部", "教职成:jiaozhicheng 教发:jiaofa", 1, 0, 9999),
    ("住房城乡建设部", "建城:jiancheng 建标:jianbiao", 1, 2008, 9999),
    ("文化和旅游部", "文旅产业发:wenlvchanyefa", 1, 2018, 9999),
    ("国家卫生计生委", "国卫规划发:guoweiguihuafa", 1, 2013, 2018),
    ("国家卫生健康委", "国卫规划发:guoweiguihuafa 国卫医发:guoweiyifa", 1, 2018, 9999),
    ("环境保护部", "环发:huanfa", 1, 2008, 2018),
    ("生态环境部", "环大气:huandaqi 环综合:huanzonghe", 1, 2018, 9999),
    ("市场监管总局", "国市监质:guoshijianzhi", 1, 2018, 9999),
    ("中国人民银行", "银发:yinfa", 1, 0, 9999),
]

# provinces: name, place word, government codes, office (name, codes), 发展改革委 code, addressees,
# cities: name, government codes, office (name, codes), 发展改革委 code,
#   counties: name, government codes, office codes
PROVINCES = [
    ("广东省", "全省", "粤府:yuefu 粤府函:yuefuhan", ("办公厅", "粤府办:yuefuban 粤办函:yuebanhan"),
     "粤发改产业:yuefagai", "各地级以上市人民政府，省政府各部门、各直属机构：", [
         ("深圳市", "深府:shenfu 深府函:shenfuhan", ("办公厅", "深府办:shenfuban 深府办函:shenfubanhan"),
          "深发改:shenfagai", [("宝安区", "深宝府:shenbaofu", "深宝府办:shenbaofuban"),
                              ("龙岗区", "深龙府:shenlongfu", "深龙府办:shenlongfuban")]),
         ("广州市", "穗府:suifu 穗府函:suifuhan", ("办公厅", "穗府办:suifuban 穗府办函:suifubanhan"),
          "穗发改:suifagai", [("天河区", "穗天府:suitianfu", "穗天府办:suitianfuban"),
                              ("番禺区", "番府:panfu", "番府办:panfuban")]),
         ("珠海市", "珠府:zhufu 珠府函:zhufuhan", ("办公室", "珠府办:zhufuban"),
          "珠发改:zhufagai", [("香洲区", "珠香府:zhuxiangfu", "珠香府办:zhuxiangfuban")]),
         ("佛山市", "佛府:fofu", ("办公室", "佛府办:fofuban 佛府办函:fofubanhan"),
          "佛发改:fofagai", [("顺德区", "顺府发:shunfufa", "顺府办发:shunfubanfa"),
                             ("南海区", "南府:nanfu", "南府办:nanfuban")]),
     ]),
    ("浙江省", "全省", "浙政发:zhezhengfa 浙政函:zhezhenghan", ("办公厅", "浙政办发:zhezhengbanfa"),
     "浙发改规划:zhefagai", "各市、县（市、区）人民政府，省政府直属各单位：", [
         ("杭州市", "杭政:hangzheng 杭政函:hangzhenghan", ("办公厅", "杭政办:hangzhengban 杭政办函:hangzhengbanhan"),
          "杭发改:hangfagai", [("余杭区", "余政发:yuzhengfa", "余政办:yuzhengban"),
                              ("萧山区", "萧政发:xiaozhengfa", "萧政办发:xiaozhengbanfa")]),
         ("宁波市", "甬政发:yongzhengfa", ("办公厅", "甬政办发:yongzhengbanfa"),
          "甬发改:yongfagai", [("鄞州区", "鄞政发:yinzhengfa", "鄞政办发:yinzhengbanfa"),
                              ("宁海县", "宁海政发:ninghaizhengfa", "宁海政办发:ninghaizhengbanfa")]),
         ("温州市", "温政发:wenzhengfa", ("办公室", "温政办:wenzhengban"),
          "温发改:wenfagai", [("永嘉县", "永政发:yongjiazhengfa", "永政办发:yongjiazhengbanfa")]),
     ]),
    ("四川省", "全省", "川府发:chuanfufa 川府函:chuanfuhan", ("办公厅", "川办发:chuanbanfa 川办函:chuanbanhan"),
     "川发改产业:chuanfagai", "各市（州）、县（市、区）人民政府，省政府各部门、各直属机构，有关单位：", [
         ("成都市", "成府发:chengfufa 成府函:chengfuhan", ("办公厅", "成办发:chengbanfa 成办函:chengbanhan"),
          "成发改:chengfagai", [("双流区", "双府发:shuangfufa", "双府办发:shuangfubanfa"),
                               ("郫都区", "郫府发:pifufa", "郫府办发:pifubanfa"),
                               ("金堂县", "金府发:jinfufa", "金府办发:jinfubanfa")]),
         ("绵阳市", "绵府发:mianfufa", ("办公室", "绵府办发:mianfubanfa"),
          "绵发改:mianfagai", [("三台县", "三府发:santaifufa", "三府办发:santaifubanfa")]),
     ]),
    ("江苏省", "全省", "苏政发:suzhengfa", ("办公厅", "苏政办发:suzhengbanfa"),
     "苏发改高技发:sufagai", "各市、县（市、区）人民政府，省各委办厅局，省各直属单位：", [
         ("南京市", "宁政发:ningzhengfa", ("办公厅", "宁政办发:ningzhengbanfa"),
          "宁发改:ningfagai", [("江宁区", "江宁政发:jiangningzhengfa", "江宁政办发:jiangningzhengbanfa"),
                              ("浦口区", "浦政发:puzhengfa", "浦政办发:puzhengbanfa")]),
         ("苏州市", "苏府:sufu", ("办公室", "苏府办:sufuban"),
          "苏发改:suzhoufagai", [("吴江区", "吴江政发:wujiangzhengfa", "吴江政办:wujiangzhengban")]),
         ("无锡市", "锡政发:xizhengfa", ("办公室", "锡政办发:xizhengbanfa"),
          "锡发改:xifagai", [("惠山区", "惠府发:huifufa", "惠府办发:huifubanfa")]),
     ]),
    ("山东省", "全省", "鲁政发:luzhengfa 鲁政字:luzhengzi", ("办公厅", "鲁政办发:luzhengbanfa 鲁政办字:luzhengbanzi"),
     "鲁发改高技:lufagai", "各市人民政府，各县（市、区）人民政府，省政府各部门、各直属机构，各大企业，各高等院校：", [
         ("济南市", "济政发:jizhengfa", ("办公厅", "济政办发:jizhengbanfa"),
          "济发改:jifagai", [("历城区", "历城政发:lichengzhengfa", "历城政办发:lichengzhengbanfa"),
                            ("章丘区", "章政发:zhangzhengfa", "章政办发:zhangzhengbanfa")]),
         ("青岛市", "青政发:qingzhengfa", ("办公厅", "青政办发:qingzhengbanfa"),
          "青发改:qingfagai", [("城阳区", "城政发:chengyangzhengfa", "城政办发:chengyangzhengbanfa")]),
     ]),
    ("湖北省", "全省", "鄂政发:ezhengfa", ("办公厅", "鄂政办发:ezhengbanfa"),
     "鄂发改高技:efagai", "各市、州、县人民政府，省政府各部门：", [
         ("武汉市", "武政:wuzheng 武政规:wuzhenggui", ("办公厅", "武政办:wuzhengban"),
          "武发改:wufagai", [("江夏区", "夏政:xiazheng", "夏政办:xiazhengban"),
                            ("黄陂区", "陂政:pizheng", "陂政办:pizhengban")]),
     ]),
    ("福建省", "全省", "闽政:minzheng 闽政文:minzhengwen", ("办公厅", "闽政办:minzhengban"),
     "闽发改高技:minfagai", "各市、县（区）人民政府，平潭综合实验区管委会，省人民政府各部门、各直属机构：", [
         ("福州市", "榕政综:rongzhengzong", ("办公厅", "榕政办:rongzhengban"),
          "榕发改:rongfagai", [("闽侯县", "侯政:houzheng", "侯政办:houzhengban")]),
         ("厦门市", "厦府:xiafu", ("办公厅", "厦府办:xiafuban"),
          "厦发改:xiafagai", [("思明区", "思政:simingzheng", "思政办:simingzhengban")]),
     ]),
    ("河南省", "全省", "豫政:yuzheng", ("办公厅", "豫政办:yuzhengban"),
     "豫发改高技:yufagai", "各省辖市人民政府，济源示范区管委会，各省直管县（市）人民政府，省人民政府各部门：", [
         ("郑州市", "郑政:zhengzheng 郑政文:zhengzhengwen", ("办公厅", "郑政办:zhengzhengban"),
          "郑发改:zhengfagai", [("中牟县", "牟政:mouzheng", "牟政办:mouzhengban")]),
     ]),
    ("湖南省", "全省", "湘政发:xiangzhengfa", ("办公厅", "湘政办发:xiangzhengbanfa"),
     "湘发改高技:xiangfagai", "各市州、县市区人民政府，省政府各厅委、各直属机构：", [
         ("长沙市", "长政发:changzhengfa", ("办公厅", "长政办发:changzhengbanfa"),
          "长发改:changfagai", [("长沙县", "长县政发:changxianzhengfa", "长县政办发:changxianzhengbanfa")]),
         ("岳阳市", "岳政发:yuezhengfa", ("办公室", "岳政办发:yuezhengbanfa"),
          "岳发改:yuefagaiyy", [("华容县", "华政发:huazhengfa", "华政办发:huazhengbanfa")]),
     ]),
    ("安徽省", "全省", "皖政:wanzheng", ("办公厅", "皖政办:wanzhengban 皖政办秘:wanzhengbanmi"),
     "皖发改高技:wanfagai", "各市、县人民政府，省政府各部门、各直属机构：", [
         ("合肥市", "合政:hezheng 合政秘:hezhengmi", ("办公厅", "合政办:hezhengban 合政办秘:hezhengbanmi"),
          "合发改:hefagai", [("肥西县", "肥西政:feixizheng", "肥西政办:feixizhengban")]),
     ]),
]

# responsibility bodies: (provincial, municipal, county) as printed; the second list is for
# documents before the 2018 reorganisation
LOCAL_BODIES_NEW = [
    ("省发展改革委", "市发展改革委", "区发展改革局"), ("省工业和信息化厅", "市工业和信息化局", "区工业和信息化局"),
    ("省商务厅", "市商务局", "区商务局"), ("省财政厅", "市财政局", "区财政局"),
    ("省科技厅", "市科技局", "区科技局"),
    ("省人力资源社会保障厅", "市人力资源社会保障局", "区人力资源社会保障局"),
    ("省自然资源厅", "市规划和自然资源局", "区自然资源局"),
    ("省住房城乡建设厅", "市住房城乡建设局", "区住房城乡建设局"),
    ("省交通运输厅", "市交通运输局", "区交通运输局"), ("省农业农村厅", "市农业农村局", "区农业农村局"),
    ("省教育厅", "市教育局", "区教育局"), ("省文化和旅游厅", "市文化广电旅游局", "区文化广电旅游体育局"),
    ("省卫生健康委", "市卫生健康委", "区卫生健康局"), ("省市场监管局", "市市场监管局", "区市场监管局"),
    ("省生态环境厅", "市生态环境局", "区生态环境局"), ("省地方金融监管局", "市地方金融监管局", "区金融工作局"),
    ("省统计局", "市统计局", "区统计局"), ("省税务局", "市税务局", "区税务局"),
    ("省政务服务数据管理局", "市政务服务数据管理局", "区政务服务数据管理局"), ("省公安厅", "市公安局", "区公安分局"),
    ("省委组织部", "市委组织部", "区委组织部"), ("省委宣传部", "市委宣传部", "区委宣传部"),
]
LOCAL_BODIES_OLD = [
    ("省发展改革委", "市发展改革委", "区发展改革局"), ("省经济和信息化委", "市经济和信息化委", "区经济和信息化局"),
    ("省商务厅", "市商务局", "区商务局"), ("省财政厅", "市财政局", "区财政局"),
    ("省科技厅", "市科技局", "区科技局"), ("省人力资源社会保障厅", "市人力资源和社会保障局", "区人力资源和社会保障局"),
    ("省国土资源厅", "市国土资源局", "区国土资源局"), ("省住房城乡建设厅", "市住房城乡建设局", "区住房城乡建设局"),
    ("省交通运输厅", "市交通运输局", "区交通运输局"), ("省农业厅", "市农业局", "区农业局"),
    ("省教育厅", "市教育局", "区教育局"), ("省旅游局", "市旅游局", "区旅游局"),
    ("省卫生计生委", "市卫生计生委", "区卫生计生局"), ("省工商局", "市工商局", "区工商分局"),
    ("省质监局", "市质监局", "区质监局"), ("省环境保护厅", "市环境保护局", "区环境保护局"),
    ("省金融办", "市金融办", "区金融办"), ("省统计局", "市统计局", "区统计局"),
    ("省国税局", "市国税局", "区国税局"), ("省地税局", "市地税局", "区地税局"),
    ("省公安厅", "市公安局", "区公安分局"), ("省委组织部", "市委组织部", "区委组织部"),
]
NATIONAL_BODIES_NEW = _words(
    "国家发展改革委 工业和信息化部 商务部 财政部 科技部 人力资源社会保障部 自然资源部 住房城乡建设部 "
    "交通运输部 农业农村部 教育部 文化和旅游部 国家卫生健康委 市场监管总局 生态环境部 人民银行 海关总署 "
    "税务总局 银保监会 证监会 统计局 知识产权局 民航局 邮政局"
)
NATIONAL_BODIES_OLD = _words(
    "国家发展改革委 工业和信息化部 商务部 财政部 科技部 人力资源社会保障部 国土资源部 住房城乡建设部 "
    "交通运输部 农业部 教育部 文化部 旅游局 卫生计生委 工商总局 质检总局 环境保护部 人民银行 海关总署 "
    "税务总局 银监会 证监会 保监会 统计局 知识产权局 民航局 邮政局"
)

# national laws: short name (printed as 《short》 or 《中华人民共和国short》) and year of adoption
LAWS = [
    (n, int(y)) for n, y in (x.split(":") for x in _words(
        "电子商务法:2018 网络安全法:2016 数据安全法:2021 个人信息保护法:2021 乡村振兴促进法:2021 "
        "中小企业促进法:2002 电子签名法:2004 就业促进法:2007 安全生产法:2002 环境保护法:1989 "
        "行政许可法:2003 预算法:1994 政府采购法:2002 招标投标法:1999 农业法:1993 科学技术进步法:1993 "
        "促进科技成果转化法:1996 循环经济促进法:2008 节约能源法:1997 标准化法:1988 产品质量法:1993 "
        "食品安全法:2009 旅游法:2013 职业教育法:1996 城乡规划法:2007 土地管理法:1986 公司法:1993 "
        "反不正当竞争法:1993 价格法:1997 统计法:1983 药品管理法:1984 大气污染防治法:1987 "
        "水污染防治法:1984 消费者权益保护法:1993 广告法:1994 邮政法:1986 外商投资法:2019 "
        "行政处罚法:1996 基本医疗卫生与健康促进法:2019 体育法:1995 劳动合同法:2007 社会保险法:2010 "
        "慈善法:2016 公共文化服务保障法:2016 固体废物污染环境防治法:1995 道路交通安全法:2003"
    ))
]

# topics, each with an indicator family: m = money (亿元), s = service coverage, c = counts
TOPICS = [
    (t, k) for k, words in (
        ("m", "电子商务 跨境电子商务 数字经济 人工智能 大数据产业 物联网 集成电路产业 新能源汽车产业 生物医药产业 "
              "智能制造 工业互联网 现代物流业 冷链物流 文化创意产业 会展经济 夜间经济 总部经济 海洋经济 "
              "氢能产业 节能环保产业 软件和信息服务业 新材料产业 高端装备制造业 工业设计 检验检测服务业 "
              "服务外包 服务贸易 对外贸易 农产品加工业 现代种业 茶产业 中医药产业 体育产业 全域旅游 乡村旅游 "
              "康养产业 时尚产业 航空航天产业 轨道交通装备产业 机器人产业 智能网联汽车 卫星导航产业 "
              "区块链产业 网络安全产业 数字创意产业 现代金融业 融资租赁业 供应链金融 绿色金融 "
              "商贸流通业 批发零售业 住宿餐饮业 家政服务业 养老服务业 托育服务 快递业 "
              "建筑业 装配式建筑 绿色建材产业 光伏产业 储能产业 石墨烯产业 超高清视频产业 "
              "虚拟现实产业 北斗产业 电竞产业 预制菜产业 林下经济 民宿经济 直播电商 "
              "农村电子商务 跨境人民币业务 平台经济 共享经济 首店经济 楼宇经济 临空经济 "
              "通用航空产业 邮轮游艇产业 海洋渔业 现代农业产业园 特色小镇 民营经济 个体工商户 "
              "中小企业 专精特新企业 小微企业 外资 对外投资 招商引资 开发区 综合保税区 "
              "自由贸易试验区 跨境电子商务综合试验区 服务业扩大开放 口岸经济"),
        ("s", "政务服务 “互联网+政务服务” 数字政府 营商环境 社会信用体系建设 公共资源交易 知识产权保护 "
              "标准化工作 质量品牌建设 安全生产 应急管理体系 食品安全 药品安全监管 医疗卫生服务 "
              "分级诊疗 家庭医生签约服务 全民健身 职业教育 学前教育 义务教育 人才发展 技能人才培养 "
              "科技成果转化 科技创新 就业创业 返乡入乡创业 高校毕业生就业 社会保障 医疗保障 "
              "普惠金融 融资担保 农村金融服务 城市更新 老旧小区改造 住房租赁 保障性住房 "
              "海绵城市建设 生活垃圾分类 河湖长制 大气污染防治 水污染防治 土壤污染防治 "
              "碳达峰碳中和 节能降碳 城市管理 智慧城市建设 新型基础设施建设 5G网络建设 "
              "信息消费 消费扶贫 乡村振兴 农村人居环境整治 高标准农田建设 农业机械化 "
              "公共文化服务 文物保护利用 非物质文化遗产保护 社区治理 志愿服务 "
              "政务新媒体 政府网站 政务公开 “放管服”改革 工程建设项目审批制度改革"),
        ("c", "充电基础设施 综合交通运输 港口建设 公路建设 城市轨道交通 农村公路 物流园区 "
              "创新平台 孵化器 众创空间 产业园区 重点实验室 工程技术研究中心 企业技术中心 "
              "博士后科研工作站 人才公寓 公共实训基地 示范基地 特色街区 农贸市场 "
              "社区养老服务设施 托育机构 体育公园 城市公园 公共停车场 供水设施 污水处理设施"),
    ) for t in _words(words)
]

GUIDES = {  # 指导思想 by era
    2008: "以邓小平理论和“三个代表”重要思想为指导，深入贯彻落实科学发展观",
    2013: "全面贯彻党的十八大和十八届三中、四中全会精神，深入贯彻习近平总书记系列重要讲话精神",
    2018: "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届二中、三中全会精神",
    2021: "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神",
    2023: "以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神",
}
PRINCIPLES = [
    "坚持市场主导，政府引导", "坚持创新驱动，融合发展", "坚持统筹规划，分步实施", "坚持问题导向，精准施策",
    "坚持开放合作，互利共赢", "坚持安全可控，规范发展", "坚持以人为本，服务民生", "坚持改革引领，先行先试",
]

HEADINGS = [
    "加快{t}载体建设", "培育壮大{t}市场主体", "完善{t}公共服务平台", "推动{t}集聚发展",
    "强化{t}科技创新支撑", "推进{t}融合应用", "拓展{t}应用场景", "加强{t}人才队伍建设",
    "优化{t}发展环境", "健全{t}标准体系", "提升{t}监管水平", "深化{t}对外开放合作",
    "加大{t}金融支持力度", "完善{t}用地保障", "推进{t}示范创建", "支持{t}龙头企业做大做强",
    "引导中小企业参与{t}", "加强{t}基础设施建设", "推动{t}数字化转型", "完善{t}统计监测制度",
    "建立{t}信用评价体系", "加强{t}知识产权保护", "实施{t}品牌培育行动", "促进{t}区域协调发展",
    "加快{t}重大项目建设", "落实{t}税收优惠政策", "开展{t}试点示范", "健全{t}多元投入机制",
    "深化{t}领域“放管服”改革", "加强{t}宣传推广", "培育{t}新业态新模式", "提升{t}服务能力",
    "推进{t}绿色低碳发展", "强化{t}要素保障", "完善{t}产业链条", "打造{t}公共品牌",
]
SAFEGUARDS = [
    "加强组织领导", "加大财政支持力度", "强化人才支撑", "完善考核评估机制", "加强宣传引导",
    "强化督促落实", "创新金融服务", "加强统计监测", "健全工作机制", "优化政务服务",
]
SENTENCES = [
    "鼓励{t}企业加大研发投入，提升自主创新能力和核心竞争力。",
    "支持有条件的企业建设{t}公共服务平台，为中小企业提供技术咨询、检验检测、人才培训等服务。",
    "引导社会资本参与{t}项目建设，形成政府引导、企业主体、社会参与的多元化投入格局。",
    "建立{t}重点项目库，实行动态管理，每年滚动推进一批重大项目。",
    "加强部门协同，建立健全{t}工作协调机制，及时研究解决发展中的重大问题。",
    "推动{t}与先进制造业、现代服务业深度融合，培育新业态新模式。",
    "完善{t}相关标准规范，推动标准制定和实施应用。",
    "依法打击{t}领域违法违规行为，维护公平竞争的市场秩序。",
    "支持高等院校、职业院校开设{t}相关专业，加强实训基地建设。",
    "鼓励金融机构创新适合{t}企业特点的金融产品和服务，拓宽企业融资渠道。",
    "统筹安排{t}发展用地，对列入年度计划的重点项目优先保障用地指标。",
    "加强{t}运行监测和分析研判，定期发布发展报告。",
    "推进{t}领域信息资源共享，打破部门间数据壁垒，提升协同监管能力。",
    "积极承接国家{t}试点示范任务，探索形成可复制可推广的经验做法。",
    "发挥行业协会、产业联盟作用，加强行业自律，引导企业诚信经营。",
    "简化审批流程，压缩办理时限，推行“一网通办”，提高服务效率。",
    "组织开展{t}专题培训，提升从业人员业务能力和服务水平。",
    "鼓励{t}企业开拓国际市场，参与国际标准制定，提升国际竞争力。",
    "{pw}各地要结合实际，制定{t}配套政策，明确任务分工和时间节点。",
    "探索建立{t}容错纠错机制，为改革创新者担当、为干事创业者撑腰。",
    "加快推进{t}重点领域关键环节改革，破除制约发展的体制机制障碍。",
    "推动{t}企业兼并重组，提高产业集中度，打造一批具有核心竞争力的龙头企业。",
    "加强{t}领域信用体系建设，建立守信联合激励和失信联合惩戒机制。",
    "引进培育一批{t}领军人才和创新团队，在落户、住房、子女入学等方面给予支持。",
    "完善{t}公共服务体系，推动优质资源向基层延伸，提高服务的可及性和便利性。",
    "督促企业落实安全生产主体责任，加强风险隐患排查治理。",
    "建立健全{t}统计调查制度，科学设置统计指标，确保数据真实准确。",
    "充分利用报刊、广播、电视和网络等媒体，广泛宣传{t}政策措施和典型经验。",
    "加大政府购买服务力度，支持社会组织和第三方机构参与{t}。",
    "推动{t}线上线下融合发展，拓展消费新场景。",
]
# more prose: subject × action × effect (480 combinations)
SUBJECTS = ["鼓励{t}企业", "支持有条件的地区", "引导社会资本", "推动重点园区", "支持行业龙头企业",
            "鼓励高校和科研院所", "引导金融机构", "支持各类市场主体"]
ACTIONS = ["加大研发投入", "建设公共服务平台", "开展关键技术攻关", "参与标准制定", "拓展应用场景",
           "开展试点示范", "建设一批特色产业基地", "开展国际交流合作", "创新服务模式", "加强品牌建设"]
EFFECTS = ["，提升核心竞争力。", "，形成一批可复制可推广的经验。", "，促进产业链上下游协同发展。",
           "，推动{t}规模化、集约化发展。", "，增强发展后劲。", "，提高服务质量和效率。"]
SUBSIDIES = [
    "对符合条件的{t}重点项目，按照项目实际投资额的{p}%给予补助，单个项目最高不超过{w}万元。",
    "对新认定的国家级{t}示范企业，给予一次性奖励{w}万元。",
    "对年营业收入首次突破{y}亿元的{t}企业，给予最高{w}万元奖励。",
    "对{t}企业贷款给予贴息支持，贴息比例不超过同期贷款市场报价利率的{p}%。",
]
STATUS = [
    "{y}年，{pl}{t}规模达到{v}亿元，同比增长{g}%，{t}企业超过{n}家。",
    "截至{y}年底，{pl}共有{t}相关企业{n}家，实现营业收入{v}亿元。",
    "{y}年{pl}{t}增加值达到{v}亿元，占地区生产总值的比重为{g}%。",
]
PURPOSES = [
    "加快{t}发展", "进一步推动{t}高质量发展", "促进{t}健康有序发展", "推动{t}提质增效",
    "加快培育{t}新动能", "进一步优化{t}发展环境", "全面提升{t}水平", "做好{t}相关工作",
]

# titles
OPINION_T = [
    "关于加快发展{t}的意见", "关于促进{t}健康发展的意见", "关于推动{t}高质量发展的实施意见",
    "关于进一步加强{t}工作的意见", "关于深化{t}改革的指导意见", "关于支持{t}创新发展的若干意见",
    "关于加快推进{t}转型升级的指导意见", "关于促进{t}提质增效的实施意见", "关于全面推进{t}的意见",
    "关于进一步优化{t}发展环境的意见", "关于推进{t}健康有序发展的意见", "关于加快培育{t}的指导意见",
]
MEASURES_T = [
    "关于进一步促进{t}发展的若干措施", "关于支持{t}加快发展的若干政策措施", "关于加快{t}发展的若干措施",
    "关于促进{t}高质量发展的若干措施", "关于扶持{t}发展的若干政策",
]
NOTICE_T = [
    "关于做好{y}年{t}工作的通知", "关于开展{t}试点工作的通知", "关于加强{t}管理工作的通知",
    "关于进一步做好{t}有关工作的通知", "关于组织开展{y}年{t}专项行动的通知",
    "关于开展{y}年度{t}示范项目申报工作的通知", "关于切实做好{t}工作的通知",
]
# attachment title, its type word and body style
ATT_T = [
    ("{P}{t}发展规划（{y1}—{y2}年）", "规划", "plan"), ("{P}“{fyp}”{t}发展规划", "规划", "plan"),
    ("{P}加快{t}发展实施方案", "方案", "scheme"), ("{P}推进{t}三年行动计划（{y}—{y2}年）", "计划", "scheme"),
    ("{P}关于进一步促进{t}发展的若干措施", "措施", "flat"), ("{P}{t}提升行动方案", "方案", "scheme"),
    ("{P}{t}试点工作方案", "方案", "scheme"), ("{P}促进{t}发展工作方案（{y}—{y2}年）", "方案", "scheme"),
    ("{P}{t}专项资金管理办法", "办法", "articles"), ("{P}{t}管理暂行办法", "办法", "articles"),
    ("{P}{t}示范项目认定管理办法", "办法", "articles"), ("{P}支持{t}发展的若干政策措施", "措施", "flat"),
]
COUNT_UNITS = {  # unit of a count target for the "c" topics (default 个)
    "农村公路": "公里", "公路建设": "公里", "城市轨道交通": "公里", "人才公寓": "套", "物流园区": "家",
    "孵化器": "家", "众创空间": "家", "产业园区": "家", "企业技术中心": "家", "托育机构": "家",
    "体育公园": "处", "城市公园": "处", "特色街区": "条", "农贸市场": "家",
}
STATUTE_T = ["{P}{t}促进条例", "{P}{t}管理条例", "{P}{t}条例"]

CN_DIGITS = "〇一二三四五六七八九"
FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def cn_number(n: int) -> str:
    """Chinese numeral for 1…199 (一, 十二, 二十三, 一百零五)."""
    d = "零一二三四五六七八九"
    if n >= 100:
        rest = n % 100
        head = "一百"
        return head + ("" if rest == 0 else ("零" + d[rest] if rest < 10 else cn_number(rest)
                                            if rest >= 20 else "一" + cn_number(rest)))
    if n < 10:
        return d[n]
    if n < 20:
        return "十" + (d[n % 10] if n % 10 else "")
    return d[n // 10] + "十" + (d[n % 10] if n % 10 else "")


def five_year_plan(year: int) -> str:
    return "十二五" if year < 2016 else "十三五" if year < 2021 else "十四五"


# ------------------------------------------------------------------------------------------
# Places and issuers


@dataclass(frozen=True)
class Place:
    level: int  # 0 national … 3 county
    name: str  # 全国 / 广东省 / 深圳市 / 宝安区
    full: str  # 全国 / 广东省 / 深圳市 / 深圳市宝安区
    prov: int
    city: int
    county: int
    word: str  # 全国 / 全省 / 全市 / 全区


@dataclass(frozen=True)
class Issuer:
    name: str
    codes: tuple[tuple[str, str], ...]
    place: Place
    kind: str  # gov, office, dept, ministry, congress
    weight: float = 1.0
    since: int = 0
    until: int = 9999


def build_places() -> tuple[list[Place], list[list[Issuer]]]:
    """All places (index = place id) and the issuers of each place."""
    places: list[Place] = [Place(0, "全国", "全国", -1, -1, -1, "全国")]
    issuers: list[list[Issuer]] = [[
        Issuer(n, tuple(_codes(c)), places[0], "gov" if n.startswith("国务院") else "ministry", w, a, b)
        for n, c, w, a, b in NATIONAL
    ]]
    city_no = county_no = 0
    for pi, (pname, pword, gov, (ofw, ofc), dev, _addr, cities) in enumerate(PROVINCES):
        pp = Place(1, pname, pname, pi, -1, -1, pword)
        places.append(pp)
        issuers.append([
            Issuer(f"{pname}人民政府", tuple(_codes(gov)), pp, "gov", 4),
            Issuer(f"{pname}人民政府{ofw}", tuple(_codes(ofc)), pp, "office", 4),
            Issuer(f"{pname}发展和改革委员会", tuple(_codes(dev)), pp, "dept", 1),
        ])
        for cname, cgov, (cofw, cofc), cdev, counties in cities:
            cp = Place(2, cname, cname, pi, city_no, -1, "全市")
            places.append(cp)
            issuers.append([
                Issuer(f"{cname}人民政府", tuple(_codes(cgov)), cp, "gov", 4),
                Issuer(f"{cname}人民政府{cofw}", tuple(_codes(cofc)), cp, "office", 4),
                Issuer(f"{cname}发展和改革委员会", tuple(_codes(cdev)), cp, "dept", 1),
            ])
            for kname, kgov, kofc in counties:
                word = "全县" if kname.endswith("县") else "全区"
                kp = Place(3, kname, cname + kname, pi, city_no, county_no, word)
                places.append(kp)
                issuers.append([
                    Issuer(f"{cname}{kname}人民政府", tuple(_codes(kgov)), kp, "gov", 5),
                    Issuer(f"{cname}{kname}人民政府办公室", tuple(_codes(kofc)), kp, "office", 4),
                ])
                county_no += 1
            city_no += 1
    return places, issuers


def addressees(place: Place, issuer: Issuer) -> str:
    if place.level == 0:
        if issuer.kind == "gov":
            return "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
        return "各省、自治区、直辖市及计划单列市、新疆生产建设兵团有关主管部门："
    if place.level == 1:
        return PROVINCES[place.prov][5]
    if place.level == 2:
        return "各区人民政府，市政府直属各单位：" if place.city % 2 else "各区（市）县政府，市政府各部门，有关单位："
    unit = "县" if place.name.endswith("县") else "区"
    return f"各镇人民政府、街道办事处，{unit}直各单位："


# ------------------------------------------------------------------------------------------
# Phase 1: document metadata and the lineage DAG (sequential, one global random stream)


@dataclass(slots=True)
class Meta:
    idx: int
    day: int  # date ordinal (date_signed)
    place: int  # index into places
    issuer: int  # index into issuers[place]
    kind: str  # opinion, notice_att, measures, notice, statute
    topic: int
    title: str
    number: str | None  # canonical 文号
    code: str | None
    year: int
    serial: int
    slug: str
    att_title: str | None = None
    att_type: str | None = None  # type word of the attachment (方案, 规划 …)
    style: str = ""  # plan, scheme, flat, articles, notice
    refs: list[tuple[int, str]] = field(default_factory=list)  # (target, relation); target < 0: law

    @property
    def source(self) -> str:
        return f"n{self.idx:06d}_{self.slug}.txt"


def _pick_recent(rng: random.Random, pool: list[int], cutoff: int) -> int | None:
    """A document of ``pool`` (ascending indices) below ``cutoff``; recent ones more often."""
    n = bisect.bisect_left(pool, cutoff)
    if n == 0:
        return None
    if rng.random() < 0.6:
        return pool[n - 1 - min(int(rng.expovariate(1 / 25)), n - 1)]
    return pool[rng.randrange(n)]


class Planner:
    """Chooses place, issuer, kind, titles, 文号 and references for every document in order."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(f"synth-plan:{seed}")
        self.places, self.issuers = build_places()
        by_level: list[list[int]] = [[], [], [], []]
        for i, p in enumerate(self.places):
            by_level[p.level].append(i)
        self.by_level = by_level
        self.metas: list[Meta] = []
        self.pools: dict[tuple[int, int], list[int]] = {}  # (level, place id) → docs
        self.by_issuer: dict[tuple[int, int], list[int]] = {}
        self.titles: set[str] = set()
        self.serials: dict[tuple[str, int], int] = {}
        self.place_of_prov = {p.prov: i for i, p in enumerate(self.places) if p.level == 1}
        self.place_of_city = {p.city: i for i, p in enumerate(self.places) if p.level == 2}
        self.pid = {p: i for i, p in enumerate(self.places)}
        rng = self.rng
        lo, hi = FIRST_DAY.toordinal(), LAST_DAY.toordinal()
        self.days = sorted(rng.randint(lo, hi) for _ in range(n))
        self.title_fallbacks = 0

    def chain(self, place: Place) -> list[int]:
        """Place ids from national down to ``place``."""
        out = [0]
        if place.level >= 1:
            out.append(self.place_of_prov[place.prov])
        if place.level >= 2:
            out.append(self.place_of_city[place.city])
        if place.level >= 3:
            out.append(self.pid[place])
        return out

    def plan(self) -> list[Meta]:
        first_of_day = 0
        for i in range(self.n):
            if i and self.days[i] != self.days[i - 1]:
                first_of_day = i
            self.metas.append(self._one(i, first_of_day))
        return self.metas

    def _one(self, i: int, cutoff: int) -> Meta:
        rng = self.rng
        day = self.days[i]
        year = date.fromordinal(day).year
        level = i if i < 4 else _weighted(rng, LEVEL_SHARE)
        pid = rng.choice(self.by_level[level])
        place = self.places[pid]
        chain = self.chain(place)
        cands = [(k, s) for k, s in enumerate(self.issuers[pid]) if s.since <= year < s.until]
        kind = _weighted_choice(rng, KIND_SHARE[level])
        weights = [s.weight for _, s in cands]
        issuer_i = -1 if kind == "statute" else cands[_weighted(rng, weights)][0]

        # references: implements parents first (their topic is often inherited)
        refs: list[tuple[int, str]] = []
        seen: set[int] = set()

        def add(target: int | None, rel: str) -> None:
            if target is not None and target not in seen:
                seen.add(target)
                refs.append((target, rel))

        upper = chain[:-1] if level else chain
        p_impl = (0.45, 0.85, 0.85, 0.9)[level]
        if rng.random() < p_impl:
            weights = [1.0] * len(upper)
            weights[-1] = 3.0  # the level right above most often
            src = upper[_weighted(rng, weights)]
            add(_pick_recent(rng, self.pools.get((self.places[src].level, src), []), cutoff),
                "implements")
            if rng.random() < 0.3:
                src = rng.choice(upper)
                add(_pick_recent(rng, self.pools.get((self.places[src].level, src), []), cutoff),
                    "implements")
        parent = self.metas[refs[0][0]] if refs else None
        topic = parent.topic if parent and rng.random() < 0.7 else rng.randrange(len(TOPICS))
        if kind != "notice" and rng.random() < (0.9 if kind == "statute" else 0.3):
            for _ in range(rng.choice((1, 1, 2))):
                law = rng.randrange(len(LAWS))
                if LAWS[law][1] <= year:
                    add(-1 - law, "based_on")
        if rng.random() < 0.15:
            src = rng.choice(chain)
            add(_pick_recent(rng, self.pools.get((self.places[src].level, src), []), cutoff),
                "based_on")
        if rng.random() < 0.22:
            src = rng.choice(chain)
            add(_pick_recent(rng, self.pools.get((self.places[src].level, src), []), cutoff),
                "cites")
        if kind != "statute" and rng.random() < 0.07:
            law = rng.randrange(len(LAWS))
            if LAWS[law][1] <= year:
                add(-1 - law, "cites")
        if issuer_i >= 0 and kind not in ("notice",) and rng.random() < 0.12:
            add(_pick_recent(rng, self.by_issuer.get((pid, issuer_i), []), cutoff), "repeals")
        refs.sort(key=lambda r: _REL_ORDER[r[1]])

        meta = self._titles(i, day, year, place, pid, issuer_i, kind, topic, parent)
        meta.refs = refs
        self.pools.setdefault((level, pid), []).append(i)
        if issuer_i >= 0:
            self.by_issuer.setdefault((pid, issuer_i), []).append(i)
        return meta

    def _titles(self, i: int, day: int, year: int, place: Place, pid: int, issuer_i: int,
                kind: str, topic: int, parent: Meta | None) -> Meta:
        rng = self.rng
        prefix = "" if place.level == 0 else place.name
        issuer = self.issuers[pid][issuer_i] if issuer_i >= 0 else None
        iname = issuer.name if issuer else f"{place.name}人民代表大会常务委员会"
        att_title = att_type = None
        style = {"opinion": "opinion", "measures": "flat", "notice": "notice",
                 "statute": "articles", "notice_att": ""}[kind]
        for attempt in range(60):
            t = TOPICS[topic][0]
            y2 = year + rng.choice((2, 2, 3, 4))
            fill = {"t": t, "P": prefix, "y": year if rng.random() < 0.7 else year + 1,
                    "y1": year, "y2": y2, "fyp": five_year_plan(year)}
            if kind == "opinion":
                if (parent and parent.kind == "opinion" and attempt == 0
                        and "贯彻落实" not in parent.title and rng.random() < 0.2):
                    title = f"{iname}关于贯彻落实{parent.title}的实施意见"
                else:
                    title = iname + rng.choice(OPINION_T).format(**fill)
            elif kind == "measures":
                title = iname + rng.choice(MEASURES_T).format(**fill)
            elif kind == "notice":
                title = iname + rng.choice(NOTICE_T).format(**fill)
            elif kind == "statute":
                title = rng.choice(STATUTE_T).format(**fill)
            else:
                tpl, att_type, style = ATT_T[rng.randrange(len(ATT_T))]
                if place.level == 0 and style == "articles" and rng.random() < 0.5:
                    tpl = tpl.replace("{P}", "")
                att_title = tpl.format(**fill)
                r = rng.random()
                if r < 0.7:
                    title = f"{iname}关于印发{att_title}的通知"
                elif r < 0.85:
                    title = f"{iname}关于印发《{att_title}》的通知"
                else:
                    title = f"{iname}印发{att_title}的通知"
            title = title.replace("工作工作", "工作")
            if att_title:
                att_title = att_title.replace("工作工作", "工作")
            if attempt >= 40:  # very large corpora only: a revision qualifier makes it unique
                self.title_fallbacks += 1
                extra = f"（{year}年修订）" if attempt == 40 else f"（{year}年第{attempt - 40}次修订）"
                if att_title:
                    att_title += extra
                    title = f"{iname}关于印发{att_title}的通知"
                else:
                    title += extra
            if title not in self.titles and (att_title is None or att_title not in self.titles):
                break
            topic = rng.randrange(len(TOPICS))
        self.titles.add(title)
        if att_title:
            self.titles.add(att_title)
        if kind == "statute":
            number = code = None
            slug = "tiaoli"
            serial = 0
        else:
            assert issuer is not None
            code, slug = rng.choice(issuer.codes)
            key = (code, year)
            serial = self.serials.get(key, 0) + rng.choice((1, 1, 1, 2, 3))
            self.serials[key] = serial
            number = f"{code}〔{year}〕{serial}号"
        return Meta(i, day, pid, issuer_i, kind, topic, title, number, code, year, serial, slug,
                    att_title, att_type, style)


KIND_SHARE = [
    {"opinion": 35, "notice_att": 35, "measures": 5, "notice": 25},
    {"opinion": 30, "notice_att": 38, "measures": 10, "notice": 15, "statute": 7},
    {"opinion": 28, "notice_att": 40, "measures": 10, "notice": 16, "statute": 6},
    {"opinion": 25, "notice_att": 42, "measures": 12, "notice": 21},
]
_REL_ORDER = {"repeals": 0, "implements": 1, "based_on": 2, "cites": 3}


def _weighted(rng: random.Random, weights: list[float] | tuple[float, ...]) -> int:
    x = rng.random() * sum(weights)
    for k, w in enumerate(weights):
        x -= w
        if x < 0:
            return k
    return len(weights) - 1


def _weighted_choice(rng: random.Random, table: dict[str, int]) -> str:
    keys = list(table)
    return keys[_weighted(rng, [table[k] for k in keys])]


# ------------------------------------------------------------------------------------------
# Phase 2: text of one document (a pure function of the plan, the seed and the index)

BRACKETS = [("[", "]"), ("（", "）"), ("【", "】"), ("［", "］"), ("(", ")")]


def print_number(rng: random.Random, canonical: str, p_variant: float) -> str:
    """The 文号 as printed: mostly 〔〕, else another bracket pair or full-width digits."""
    if rng.random() >= p_variant:
        return canonical
    r = rng.randrange(len(BRACKETS) + 1)
    if r == len(BRACKETS):
        head, _, tail = canonical.partition("〔")
        return head + "〔" + tail.translate(FW_DIGITS)
    a, b = BRACKETS[r]
    return canonical.replace("〔", a).replace("〕", b)


def fmt_date(d: date, rng: random.Random) -> str:
    if d.year < 2013 and rng.random() < 0.6:
        zero = "〇" if rng.random() < 0.7 else "○"
        y = "".join(CN_DIGITS[int(c)] for c in str(d.year)).replace("〇", zero)
        return f"{y}年{cn_number(d.month)}月{cn_number(d.day)}日"
    return f"{d.year}年{d.month}月{d.day}日"


def _num(rng: random.Random, lo: float, hi: float, decimals: int = 0) -> float | int:
    v = rng.uniform(lo, hi)
    if decimals:
        return round(v, decimals)
    return int(v)


def _show(v: float | int) -> str:
    return str(v)


class Renderer:
    def __init__(self, planner: Planner, seed: int) -> None:
        self.p = planner
        self.seed = seed

    def render(self, m: Meta, flags: tuple[bool, bool, bool]) -> tuple[bytes, dict]:
        return _Doc(self, m, flags).build()


class _Doc:
    """Builds one document: lines of text plus the truth gathered while writing them."""

    def __init__(self, r: Renderer, m: Meta, flags: tuple[bool, bool, bool]) -> None:
        self.r, self.m = r, m
        self.gb18030, self.crlf, self.web = flags
        self.rng = random.Random(f"synth-doc:{r.seed}:{m.idx}")
        self.place = r.p.places[m.place]
        self.issuer = r.p.issuers[m.place][m.issuer] if m.issuer >= 0 else None
        self.topic = TOPICS[m.topic][0]
        self.topic_kind = TOPICS[m.topic][1]
        self.lines: list[str] = []
        self.size = 0
        self.refs: dict[int, dict] = {}
        self.cited_title: dict[int, str] = {}
        self.resp: list[dict] = []
        self.targets: list[dict] = []
        self.target_keys: set[tuple[float | int, str]] = set()
        self.body_start = 0
        self.articles: int | None = None
        rng = self.rng
        self.indent = "　　" if rng.random() < 0.4 else ""
        self.ascii_paren = rng.random() < 0.25
        self.resp_style = self._resp_style()
        self.resp_rate = (0.45, 0.55, 0.75, 0.75)[self.place.level]
        self.old_bodies = m.year < 2018
        mu = math.log(10000 if m.kind != "notice" else 4000)
        budget = rng.lognormvariate(mu, 0.6)
        self.budget = int(min(max(budget, 1800), 48000) / 3)  # bytes → characters (UTF-8 ≈ 3)
        self.per_item = max(2, min(12, self.budget // 700))  # sentences per measure
        self.alias: tuple[str, int] | None = None
        self.date = date.fromordinal(m.day)

    # -- helpers ------------------------------------------------------------------------------

    def add(self, line: str, indent: bool = True) -> None:
        if indent and self.indent:
            line = self.indent + line
        self.lines.append(line)
        self.size += len(line) + 1

    def sent(self, k: int) -> str:
        """``k`` sentences of prose (the hot path: plain indexing, not ``rng.choice``)."""
        r = self.rng.random
        out = []
        for _ in range(k):
            if r() < 0.5:
                out.append(SENTENCES[int(r() * len(SENTENCES))])
            else:
                out.append(SUBJECTS[int(r() * len(SUBJECTS))] + ACTIONS[int(r() * len(ACTIONS))]
                           + EFFECTS[int(r() * len(EFFECTS))])
        return "".join(out).format(t=self.topic, pw=self.place.word)

    def paren(self, s: str) -> str:
        return f"({s})" if self.ascii_paren else f"（{s}）"

    def bodies(self, k: int) -> list[str]:
        rng = self.rng
        lvl = self.place.level
        if lvl == 0:
            pool = NATIONAL_BODIES_OLD if self.old_bodies else NATIONAL_BODIES_NEW
            return rng.sample(pool, k)
        pool = LOCAL_BODIES_OLD if self.old_bodies else LOCAL_BODIES_NEW
        out = [b[lvl - 1] for b in rng.sample(pool, k)]
        if lvl == 3 and self.place.name.endswith("县"):
            out = [("县" + b[1:]) if b.startswith("区") else b for b in out]
        return out

    def _resp_style(self) -> str:
        lvl = self.place.level
        styles = (["fuze", "fuze_bumen", "lead_peihe", "fuze_fengong"] if lvl == 0 else
                  ["lead", "lead", "lead_support", "zeren", "fuze", "lead_peihe"])
        return self.rng.choice(styles)

    def responsibility(self, title: str) -> str:
        """A printed responsibility list for the measure ``title``; records the truth."""
        rng = self.rng
        st = self.resp_style
        colon = "：" if rng.random() < 0.95 else ":"
        k = rng.choice((1, 1, 2, 2, 3))
        bodies = self.bodies(k + 2)
        lead, rest = bodies[:k], bodies[k:]
        sep = "、"
        rows: list[tuple[list[str], str]] = []
        if st == "lead":
            text = f"牵头单位{colon}{sep.join(lead)}"
            rows.append((lead, "lead"))
        elif st == "lead_support":
            lead1 = lead[:1]
            sup = rest + (lead[1:] if len(lead) > 1 else [])
            tail = "，各区人民政府" if self.place.level == 2 and rng.random() < 0.15 else ""
            text = f"牵头单位{colon}{lead1[0]}，配合单位{colon}{sep.join(sup)}{tail}"
            rows.append((lead1, "lead"))
            rows.append((sup + (["各区人民政府"] if tail else []), "supporting"))
        elif st == "zeren":
            text = f"责任单位{colon}{sep.join(lead)}"
            rows.append((lead, "responsible"))
        elif st == "fuze":
            many = len(lead) > 1 and rng.random() < 0.6
            text = f"{sep.join(lead)}{'等' if many else ''}负责"
            rows.append((lead, "responsible"))
        elif st == "fuze_fengong":
            text = f"{sep.join(lead)}等按职责分工负责"
            rows.append((lead, "responsible"))
        elif st == "fuze_bumen":
            text = f"负责部门{colon}{sep.join(lead)}"
            rows.append((lead, "responsible"))
        else:  # lead_peihe
            lead1 = lead[:1]
            sup = rest[: rng.choice((1, 2))]
            text = f"{lead1[0]}牵头，{sep.join(sup)}配合"
            rows.append((lead1, "lead"))
            rows.append((sup, "supporting"))
        printed = self.paren(text)
        for bs, role in rows:
            self.resp.append({"measure": title, "bodies": bs, "role": role, "evidence": printed})
        return printed

    # -- references ---------------------------------------------------------------------------

    def mention(self, target: int, rel: str, allow_number_only: bool = False) -> str:
        """Printed mention of a referenced document; records the truth entry."""
        rng = self.rng
        metas = self.r.p.metas
        entry: dict
        if target < 0:
            short, _y = LAWS[-1 - target]
            full = "中华人民共和国" + short
            if rng.random() < 0.55:
                printed, form, cited = f"《{full}》", "law", None
            else:
                printed, form, cited = f"《{short}》", "law_short", short
            entry = {"doc_number": None, "title": full, "relation": rel, "form": form,
                     "evidence": printed, "target": None}
            if cited:
                entry["cited_as"] = cited
        else:
            t = metas[target]
            if allow_number_only and t.number:
                printed = print_number(rng, t.number, 0.1)
                entry = {"doc_number": t.number, "title": t.title, "relation": rel,
                         "form": "number_only", "evidence": printed, "target": t.source}
            else:
                # a document cites another one under one title (the notice's or its attachment's)
                title = self.cited_title.get(target) or (
                    t.att_title if t.att_title and rng.random() < 0.5 else t.title)
                self.cited_title[target] = title
                form = "title"
                show_num = t.number is not None and rng.random() < 0.75
                inner = f"《{title}》"
                iss = self.r.p.issuers[t.place][t.issuer].name if t.issuer >= 0 else ""
                if (show_num and iss and title.startswith(iss + "关于")
                        and rng.random() < 0.15):
                    inner = f"{iss}《{title[len(iss):]}》"
                    form = "issuer_title"
                if show_num:
                    assert t.number is not None
                    inner += self.paren(print_number(rng, t.number, 0.1)) if rng.random() < 0.3 \
                        else f"（{print_number(rng, t.number, 0.1)}）"
                    form += "+number"
                printed = inner
                entry = {"doc_number": t.number, "title": title, "relation": rel, "form": form,
                         "evidence": printed, "target": t.source}
        old = self.refs.get(target)
        if old is None or _REL_ORDER[rel] < _REL_ORDER[old["relation"]]:
            if old is not None:
                entry["form"] = old["form"]
                entry["evidence"] = old["evidence"]
            self.refs[target] = entry
        return printed

    def chain(self, targets: list[int], rel: str) -> str:
        parts = [self.mention(t, rel) for t in targets]
        if len(parts) == 1:
            return parts[0]
        joiner = self.rng.choice(("、", "", "和"))
        if joiner == "和":
            return "、".join(parts[:-1]) + "和" + parts[-1]
        return joiner.join(parts)

    def preamble(self, type_word: str, closing: str | None = None) -> str:
        rng = self.rng
        impl = [t for t, r in self.m.refs if r == "implements"]
        based = [t for t, r in self.m.refs if r == "based_on"]
        purpose = rng.choice(PURPOSES).format(t=self.topic)
        out = []
        if impl:
            r = rng.random()
            numbered = all(t >= 0 and self.r.p.metas[t].number for t in impl)
            if r < 0.1 and numbered:
                nums = [self.mention(t, "implements", allow_number_only=True) for t in impl]
                out.append(f"按照{'、'.join(nums)}{rng.choice(('', '文件'))}要求，")
            elif r < 0.35:
                out.append(f"按照{self.chain(impl, 'implements')}{rng.choice(('要求', '精神', '部署要求'))}，")
            else:
                lead = rng.choice(("为贯彻落实", "为深入贯彻落实", "为认真贯彻落实"))
                text = self.chain(impl, "implements")
                if len(impl) == 1 and impl[0] >= 0 and rng.random() < 0.08:
                    word = _type_word(self.r.p.metas[impl[0]])
                    text += f"（以下简称《{word}》）"
                    self.alias = (word, impl[0])
                out.append(f"{lead}{text}{rng.choice(('精神', '', '要求'))}，")
        out.append(("" if impl else "为") + purpose + "，")
        if based:
            laws = all(t < 0 for t in based)
            tail = "等法律法规" if laws and rng.random() < 0.6 else ("等有关规定" if rng.random() < 0.4 else "")
            out.append(f"根据{self.chain(based, 'based_on')}{tail}，")
        out.append(closing or f"结合{_our(self.place)}实际，制定本{type_word}。")
        return "".join(out)

    def cite_sentence(self) -> str:
        """Sentences for ``cites`` references (and alias / repeated mentions)."""
        out = []
        for t, r in self.m.refs:
            if r != "cites":
                continue
            if t < 0:
                out.append(f"依照{self.mention(t, 'cites')}有关规定予以处理。")
            else:
                out.append(f"参照{self.mention(t, 'cites')}有关规定执行。")
        if self.alias and self.rng.random() < 0.8:
            out.append(f"按照《{self.alias[0]}》要求，抓好各项任务落实。")
            self.alias = None
        elif self.rng.random() < 0.05:
            impl = [t for t, r in self.m.refs if r == "implements" and t >= 0]
            if impl:
                out.append(f"参照{self.mention(impl[0], 'cites')}有关规定执行。")
        return "".join(out)

    def closing(self, type_word: str) -> str:
        rng = self.rng
        out = []
        if rng.random() < 0.6:
            out.append(f"本{type_word}自{rng.choice(('印发之日', '发布之日'))}起施行")
            out.append(f"，有效期{rng.choice((2, 3, 5, 5))}年。" if rng.random() < 0.6 else "。")
        for t, r in self.m.refs:
            if r == "repeals":
                printed = self.mention(t, "repeals")
                out.append(rng.choice((f"{printed}同时废止。", f"{printed}不再执行。",
                                       f"原{printed}自本{type_word}施行之日起废止。")))
        return "".join(out)

    # -- targets ------------------------------------------------------------------------------

    def target_clause(self, year: int) -> str:
        """One target phrase (value, unit) for the deadline ``year``; recorded as truth.  A
        document never states the same (value, unit) twice."""
        for _ in range(20):
            phrase, v, unit = self._target()
            if (v, unit) not in self.target_keys:
                break
        self.target_keys.add((v, unit))
        self.targets.append({"value": v, "unit": unit, "year": year, "evidence": phrase})
        return phrase

    def _target(self) -> tuple[str, float | int, str]:
        rng = self.rng
        t = self.topic
        kind = rng.choice((self.topic_kind, self.topic_kind, "p"))
        verb = rng.choice(("达到", "突破", "超过", "力争达到", "达"))
        approx = ""
        if kind == "m":
            if rng.random() < 0.2:
                v, unit = _num(rng, 1.1, 5.0, 1), "万亿元"
            else:
                v, unit = rng.choice((50, 80, 100, 150, 200, 300, 500, 800, 1000, 1500, 2000, 3000,
                                      5000, 6000)), "亿元"
            ind = rng.choice((f"{t}规模", f"{t}营业收入", f"{t}交易额", f"{t}增加值"))
            phrase = f"{ind}{verb}{_show(v)}{unit}"
        elif kind == "c":
            v, unit = rng.choice((5, 10, 12, 20, 30, 50, 100, 120, 200, 500)), COUNT_UNITS.get(t, "个")
            phrase = f"建成{t}{_show(v)}{unit}以上" if verb != "达" else f"{t}数量达{_show(v)}{unit}"
        elif kind == "s":
            v, unit = _num(rng, 30, 98), "%"
            if rng.random() < 0.3:
                v = _num(rng, 30, 98, 1)
            ind = rng.choice((f"{t}覆盖率", f"{t}群众满意度", f"{t}事项网上可办率", f"{t}达标率"))
            phrase = f"{ind}{verb}{_show(v)}{unit}"
        else:
            r = rng.random()
            if r < 0.5:
                v, unit = _num(rng, 8, 30), "%"
                phrase = f"{t}年均增长{_show(v)}{unit}以上"
            elif r < 0.8:
                v, unit = rng.choice((10, 20, 30, 50, 100, 200)), "家"
                phrase = f"培育{t}龙头企业{_show(v)}{unit}"
                approx = "以上" if rng.random() < 0.5 else "左右"
            else:
                v, unit = _num(rng, 2, 50), "万人"
                phrase = f"{t}从业人员{verb}{_show(v)}{unit}"
        return phrase + approx, v, unit

    def goals(self) -> str:
        rng = self.rng
        year = self.m.year + rng.choice((2, 3, 3, 5))
        lead = rng.choice((f"到{year}年，", f"力争到{year}年，", f"到{year}年底，", f"{year}年底前，"))
        n = rng.choice((1, 2, 2, 3, 4))
        vision = rng.choice((f"{self.topic}发展水平显著提升，", f"{self.topic}体系基本建立，", ""))
        return lead + vision + "，".join(self.target_clause(year) for _ in range(n)) + "。"

    def status(self) -> str:
        rng = self.rng
        return rng.choice(STATUS).format(
            y=self.m.year - 1, pl=_our(self.place), t=self.topic, v=rng.choice((120, 350, 860, 1200, 2600)),
            g=round(rng.uniform(3, 30), 1), n=rng.choice((80, 150, 300, 1200)))

    def subsidy(self) -> str:
        rng = self.rng
        return rng.choice(SUBSIDIES).format(t=self.topic, p=rng.choice((10, 20, 30, 50)),
                                            w=rng.choice((50, 100, 200, 300, 500, 1000)),
                                            y=rng.choice((1, 5, 10)))

    # -- bodies of the document kinds ----------------------------------------------------------

    def headings(self, k: int) -> list[str]:
        return [h.format(t=self.topic) for h in self.rng.sample(HEADINGS, min(k, len(HEADINGS)))]

    def item(self, label: str, heading: str, *, resp_ok: bool = True, extra: str = "",
             children_ok: bool = False) -> None:
        """One numbered measure: heading, prose, maybe a subsidy, an inline target, cited
        documents (``extra``) and a responsibility list; （1）（2） sub-items when allowed."""
        rng = self.rng
        body = self.sent(rng.randint(max(1, self.per_item - 2), self.per_item + 1))
        if len(body) > 400 and rng.random() < 0.5:  # long items: two paragraphs
            cut = body.index("。", len(body) // 2) + 1
            if cut < len(body):
                body = body[:cut] + "\n" + (self.indent or "") + body[cut:]
        if rng.random() < 0.15:
            body += self.subsidy()
        if rng.random() < 0.08:
            year = self.m.year + rng.choice((2, 3))
            body += f"到{year}年，{self.target_clause(year)}。"
        body += extra
        resp = self.responsibility(heading) if resp_ok and rng.random() < self.resp_rate else ""
        if rng.random() < 0.3:  # heading on its own line
            self.add(f"{label}{heading}。")
            self.add(body + resp)
        else:
            self.add(f"{label}{heading}。{body}{resp}")
        if children_ok and not resp and rng.random() < 0.25:
            for j in range(1, rng.randint(2, 4)):
                self.add(f"（{j}）{self.sent(1)}")

    def opinion_body(self, type_word: str, deep: bool, cn: int = 1) -> None:
        """一、总体要求 / 二…、tasks with （一） items (deep: 1. sub-items) / 保障措施."""
        rng = self.rng
        if rng.random() < 0.85:
            self.add(f"{cn_number(cn)}、{rng.choice(('总体要求', '指导思想和发展目标', '总体思路'))}")
            era = max(y for y in GUIDES if y <= max(self.m.year, 2008))
            self.add(f"（一）指导思想。{GUIDES[era]}，{self.sent(2)}")
            if rng.random() < 0.5:
                self.add(f"（二）基本原则。{'。'.join(rng.sample(PRINCIPLES, 3))}。")
                self.add(f"（三）发展目标。{self.goals()}")
            else:
                self.add(f"（二）发展目标。{self.goals()}")
            cn += 1
        cites = self.cite_sentence()
        continuous = rng.random() < 0.4
        k = 0
        heads = self.headings(40)
        hi = 0
        while self.size < self.budget * 0.85 and hi < len(heads) - 3:
            sec = rng.choice(("主要任务", "重点任务", f"{self.topic}发展重点", "重点领域和主要任务",
                              f"推动{self.topic}创新发展", "重点工作"))
            self.add(f"{cn_number(cn)}、{sec}")
            cn += 1
            if not continuous:
                k = 0
            for _ in range(rng.randint(2, 6)):
                if hi >= len(heads) or self.size >= self.budget * 0.85:
                    break
                k += 1
                label = f"（{cn_number(k)}）"
                if deep and rng.random() < 0.5:
                    self.add(f"{label}{heads[hi]}")
                    hi += 1
                    for j in range(1, rng.randint(2, 4)):
                        if hi >= len(heads):
                            break
                        self.item(f"{j}.", heads[hi], children_ok=True)
                        hi += 1
                else:
                    extra = ""
                    if cites and rng.random() < 0.5:
                        extra, cites = cites, ""
                    self.item(label, heads[hi], extra=extra)
                    hi += 1
        if cites:
            self.add(cites)
        self.add(f"{cn_number(cn)}、{rng.choice(('保障措施', '组织实施', '保障措施'))}")
        for j, h in enumerate(rng.sample(SAFEGUARDS, rng.randint(2, 4)), 1):
            self.item(f"（{cn_number(j)}）", h, resp_ok=rng.random() < 0.3)
        tail = self.closing(type_word)
        if tail:
            self.add(tail)

    def flat_body(self, type_word: str) -> None:
        """若干措施: 一、heading。text（resp） …"""
        rng = self.rng
        heads = self.headings(40)
        cites = self.cite_sentence()
        k = 0
        for k, h in enumerate(heads, 1):
            extra = ""
            if cites and rng.random() < 0.4:
                extra, cites = cites, ""
            if rng.random() < 0.1:
                year = self.m.year + rng.choice((2, 3))
                extra += f"到{year}年，{self.target_clause(year)}。"
            self.item(f"{cn_number(k)}、", h, extra=extra)
            if self.size >= self.budget:
                break
        if cites:
            self.add(cites)
        tail = self.closing(type_word)
        if tail:
            self.add(f"{cn_number(k + 1)}、{tail}" if rng.random() < 0.4 else tail)

    def plan_body(self, type_word: str) -> None:
        """规划: 一、发展现状（statistics）二、总体要求（targets）三… tasks."""
        rng = self.rng
        self.add(f"一、{rng.choice(('发展现状', '发展基础和面临形势', '发展现状及面临的形势'))}")
        self.add(f"（一）发展现状。{self.status()}{self.sent(2)}")
        self.add(f"（二）面临形势。{self.sent(rng.randint(2, 4))}")
        self.opinion_body(type_word, deep=True, cn=2)

    def articles_body(self, type_word: str, statute: bool) -> None:
        rng = self.rng
        place = self.place
        our = ("", "本省", "本市", "本县" if place.name.endswith("县") else "本区")[place.level]
        based = [t for t, r in self.m.refs if r == "based_on"]
        impl = [t for t, r in self.m.refs if r == "implements"]
        n = 0
        chapters = rng.random() < 0.6
        ch_titles = ["总则", rng.choice(("支持范围", "扶持措施", "促进措施")), "申报和审核",
                     rng.choice(("监督管理", "保障措施")), "法律责任", "附则"]
        arts: list[str] = []
        purpose = rng.choice(PURPOSES).format(t=self.topic)
        first = f"为了{purpose}"
        if impl:
            first += f"，落实{self.chain(impl, 'implements')}要求"
        if based:
            first += f"，根据{self.chain(based, 'based_on')}等有关规定"
        first += f"，结合{our}实际，制定本{type_word}。" if our else f"，制定本{type_word}。"
        arts.append(first)
        arts.append(f"本{type_word}适用于{our or '全国'}行政区域内{self.topic}的促进、"
                    "服务和监督管理活动。")
        dept = self.bodies(1)[0]
        arts.append(f"{dept}负责{self.topic}的统筹协调和监督管理工作，其他有关部门按照各自职责做好相关工作。")
        cites = self.cite_sentence()
        while self.size + sum(len(a) for a in arts) < self.budget * 0.9 and len(arts) < 70:
            s = self.sent(rng.choice((1, 1, 2)))
            if rng.random() < 0.15:
                s += self.subsidy()
            if cites and rng.random() < 0.3:
                s, cites = s + cites, ""
            arts.append(s)
        if cites:
            arts.append(cites)
        arts.append(f"本{type_word}由{dept}负责解释。")
        eff = self.date + timedelta(days=rng.randint(10, 90))
        tail = self.closing(type_word)
        arts.append(tail or f"本{type_word}自{eff.year}年{eff.month}月{eff.day}日起施行。")
        per_ch = max(1, len(arts) // len(ch_titles))
        md = statute and rng.random() < 0.5
        for n, a in enumerate(arts, 1):
            if chapters and (n - 1) % per_ch == 0 and (n - 1) // per_ch < len(ch_titles):
                c = (n - 1) // per_ch + 1
                head = f"第{cn_number(c)}章　{ch_titles[c - 1]}"
                self.add(("## " + head) if md else head, indent=False)
                if md:
                    self.add("", indent=False)
            self.add(f"第{cn_number(n)}条　{a}" if rng.random() < 0.5 else f"第{cn_number(n)}条 {a}")
            if md:
                self.add("", indent=False)
        self.articles = len(arts)

    def notice_body(self) -> None:
        rng = self.rng
        self.add(self.preamble("通知", closing="现将有关事项通知如下：") if self.m.refs or rng.random() < 0.5
                 else f"为{rng.choice(PURPOSES).format(t=self.topic)}，现将有关事项通知如下：")
        heads = self.headings(10)
        cites = self.cite_sentence()
        for k, h in enumerate(heads[: rng.randint(3, 6)], 1):
            extra = ""
            if cites:
                extra, cites = cites, ""
            self.item(f"{cn_number(k)}、", h, extra=extra, resp_ok=rng.random() < 0.4)
            if self.size >= self.budget:
                break
        tail = self.closing("通知")
        if tail:
            self.add(tail)

    # -- whole documents -----------------------------------------------------------------------

    def masthead(self, title: str, number: str | None) -> None:
        rng = self.rng
        m = self.m
        if self.web and number:
            pub = self.date + timedelta(days=rng.randint(1, 20))
            sep = rng.choice((": ", "：", "："))
            if rng.random() < 0.4:
                self.add(f"http://www.gov.cn/zhengce/content/{pub.year}-{pub.month:02d}/{pub.day:02d}/"
                         f"content_{5000000 + m.idx}.htm", indent=False)
            for label, value in (
                ("索引号", f"{rng.randint(10**7, 10**8 - 1)}/{m.year}-{rng.randint(1, 99999):05d}"),
                ("主题分类", rng.choice(("综合政务", "工业、交通", "商贸、海关、旅游", "科技、教育"))),
                ("发布机构", self.issuer.name if self.issuer else ""),
                ("成文日期", self.date.isoformat()),
                ("发布日期", pub.isoformat()),
                ("标题", title),
                ("文号", number),
            ):
                if label == "成文日期" and rng.random() < 0.4:
                    continue
                self.add(f"{label}{sep}{value}", indent=False)
            self.add("", indent=False)
        printed = print_number(rng, number, 0.2) if number else None
        r = rng.random()
        if printed and r < 0.2:
            self.add(printed, indent=False)
            printed = None
        if printed and r > 0.95:  # 关于…的通知(财税[2016]23号): never round brackets inside round ones
            if "(" in printed or "（" in printed:
                printed = printed.replace("(", "[").replace(")", "]").replace("（", "[").replace("）", "]")
            a, b = ("(", ")") if rng.random() < 0.5 else ("（", "）")
            self.add(f"{title}{a}{printed}{b}", indent=False)
            printed = None
        elif len(title) > 26 and rng.random() < 0.15:
            cut = rng.randint(len(title) // 3, 2 * len(title) // 3)
            if not any(c in title[cut - 1: cut + 1] for c in "《》“”（）"):
                self.add(title[:cut], indent=False)
                self.add(title[cut:], indent=False)
            else:
                self.add(title, indent=False)
        else:
            self.add(title, indent=False)
        if printed:
            self.add(printed, indent=False)
        self.body_start = len(self.lines)

    def signature(self) -> None:
        assert self.issuer is not None
        self.add(self.issuer.name, indent=False)
        self.add(fmt_date(self.date, self.rng), indent=False)
        if self.place.level == 0 and self.issuer.kind == "gov" and self.rng.random() < 0.6:
            self.add("（此件公开发布）", indent=False)

    def build(self) -> tuple[bytes, dict]:
        m, rng = self.m, self.rng
        truth: dict = {"source": m.source, "doc_number": m.number, "title": m.title}
        if m.kind == "statute":
            self.statute()
        elif m.kind == "notice_att":
            self.notice_att()
        else:
            assert self.issuer is not None
            self.masthead(m.title, m.number)
            self.add(addressees(self.place, self.issuer), indent=False)
            if m.kind == "opinion":
                tw = "意见"
                close = rng.choice(("现提出如下意见。", "现提出以下意见：", f"现就{self.topic}提出如下实施意见。"))
                if self.place.level == 0 and self.issuer.kind == "gov":
                    close = "经国务院同意，" + close if rng.random() < 0.3 else close
                self.add(self.status() + self.sent(1) + self.preamble(tw, closing=close)
                         if rng.random() < 0.3 else self.preamble(tw, closing=close))
                self.opinion_body(tw, deep=False)
            elif m.kind == "measures":
                self.add(self.preamble("措施", closing="制定如下措施。"))
                self.flat_body("措施")
            else:
                self.notice_body()
            self.signature()
        if rng.random() < 0.03:  # one long line (as in some web copies)
            head = self.body_start
            joiner = rng.choice(("", " "))
            self.lines = [*self.lines[:head], joiner.join(x.strip("　") for x in self.lines[head:])]
        text = "\n".join(self.lines) + "\n"
        if self.crlf:
            text = text.replace("\n", "\r\n")
        data = text.encode("gb18030" if self.gb18030 else "utf-8")
        place = self.place
        truth.update({
            "promulgates": m.att_title,
            "level": LEVELS[place.level],
            "jurisdiction": place.full,
            "place_chain": [self.r.p.places[k].full for k in self.r.p.chain(place)],
            "issuer": self.issuer.name if self.issuer else f"{place.name}人民代表大会常务委员会",
            "date_signed": self.date.isoformat(),
            "kind": m.kind,
            "style": m.style,
            "articles": self.articles,
            "references": list(self.refs.values()),
            "responsibility": self.resp if self.articles is None else [],
            "targets": self.targets,
            "variants": {"encoding": "gb18030" if self.gb18030 else "utf-8", "crlf": self.crlf,
                         "web_header": self.web and m.number is not None},
            "bytes": len(data),
        })
        return data, truth

    def notice_att(self) -> None:
        m, rng = self.m, self.rng
        assert self.issuer is not None and m.att_title
        self.masthead(m.title, m.number)
        self.add(addressees(self.place, self.issuer), indent=False)
        agree = ""
        if self.issuer.kind == "office":
            agree = "经国务院同意，" if self.place.level == 0 else f"经{self.place.name[-1]}人民政府同意，"
            agree = agree if rng.random() < 0.7 else ""
        att = m.att_title
        forms = [f"{agree}现将《{att}》印发给你们，请认真贯彻执行。",
                 f"{agree}现将《{att}》印发给你们，请结合实际认真组织实施。"]
        if agree:
            forms.append(f"《{att}》已{agree[1:-1]}，现印发给你们，请认真贯彻落实。")
        self.add(rng.choice(forms))
        if rng.random() < 0.3:
            self.add(f"附件：{att}", indent=False)
        self.signature()
        if rng.random() < 0.3:
            self.add("附件", indent=False)
        self.add(att, indent=False)
        tw = m.att_type or "方案"
        if m.style == "articles":
            self.articles_body(tw, statute=False)
            return
        self.add(self.preamble(tw))
        if m.style == "plan":
            self.plan_body(tw)
        elif m.style == "flat":
            self.flat_body(tw)
        else:
            self.opinion_body(tw, deep=True)

    def statute(self) -> None:
        m, rng = self.m, self.rng
        place = self.place
        congress = f"{place.name}第{cn_number(rng.randint(10, 14))}届人民代表大会常务委员会"
        session = cn_number(rng.randint(2, 45))
        passed = f"{self.date.year}年{self.date.month}月{self.date.day}日{congress}第{session}次会议通过"
        if rng.random() < 0.5:
            self.add(f"# {m.title}", indent=False)
            self.add("", indent=False)
            self.add(passed, indent=False)
            self.add("", indent=False)
            eff = self.date + timedelta(days=rng.randint(30, 180))
            self.add(f"{eff.year}年{eff.month}月{eff.day}日 施行", indent=False)
            self.add("", indent=False)
            self.add("<!-- INFO END -->", indent=False)
            self.add("", indent=False)
            self.body_start = len(self.lines)
            self.articles_body("条例", statute=True)
        else:
            self.add(m.title, indent=False)
            self.add(f"（{passed}）", indent=False)
            self.body_start = len(self.lines)
            self.articles_body("条例", statute=False)


def _our(place: Place) -> str:
    return ("我国", "我省", "我市", "我区")[place.level] if not place.name.endswith("县") else "我县"


def _type_word(t: Meta) -> str:
    title = t.att_title or t.title
    for w in ("指导意见", "实施意见", "意见", "规划", "方案", "计划", "措施", "办法", "条例", "通知"):
        if title.endswith(w) or (w in title[-12:]):
            return w
    return "通知"


# ------------------------------------------------------------------------------------------
# Driver


def variant_flags(n: int, seed: int) -> list[tuple[bool, bool, bool]]:
    """(gb18030, crlf, web header) per document: per block of 20, exactly one GB18030 file, two
    CRLF files and one file with a web header."""
    rng = random.Random(f"synth-variants:{seed}")
    out: list[tuple[bool, bool, bool]] = []
    for start in range(0, n, 20):
        slots = list(range(20))
        gb = set(rng.sample(slots, 1))
        crlf = set(rng.sample(slots, 2))
        web = set(rng.sample(slots, 1))
        out.extend((k in gb, k in crlf, k in web) for k in range(min(20, n - start)))
    return out


_WORKER: dict = {}


def _init_worker(planner: Planner, seed: int, out: str, flags: list) -> None:
    _WORKER.update(renderer=Renderer(planner, seed), out=out, flags=flags, planner=planner)


def _render_range(bounds: tuple[int, int]) -> tuple[list[str], int]:
    r: Renderer = _WORKER["renderer"]
    out = Path(_WORKER["out"])
    flags = _WORKER["flags"]
    metas = _WORKER["planner"].metas
    lines = []
    written = 0
    for i in range(*bounds):
        m = metas[i]
        data, truth = r.render(m, flags[i])
        (out / m.source).write_bytes(data)
        written += len(data)
        lines.append(json.dumps(truth, ensure_ascii=False))
    return lines, written


def generate(n: int, seed: int, out: str | Path, jobs: int = 1, chunk: int = 500) -> dict:
    """Write ``n`` documents and ``truth.jsonl`` into ``out``; returns figures."""
    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    planner = Planner(n, seed)
    planner.plan()
    t_plan = time.perf_counter() - t0
    flags = variant_flags(n, seed)
    ranges = [(a, min(a + chunk, n)) for a in range(0, n, chunk)]
    total = 0
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        if jobs > 1 and n > chunk:
            import multiprocessing as mp

            ctx = mp.get_context("fork")
            _init_worker(planner, seed, str(out), flags)  # inherited by the forked workers
            with ctx.Pool(jobs) as pool:
                for lines, written in pool.imap(_render_range, ranges):
                    fh.write("\n".join(lines) + "\n")
                    total += written
        else:
            _init_worker(planner, seed, str(out), flags)
            for rg in ranges:
                lines, written = _render_range(rg)
                fh.write("\n".join(lines) + "\n")
                total += written
    _WORKER.clear()
    elapsed = time.perf_counter() - t0
    return {"docs": n, "seed": seed, "seconds": round(elapsed, 2), "plan_seconds": round(t_plan, 2),
            "title_fallbacks": planner.title_fallbacks, "bytes": total}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Example: python benchmarks/synth.py --docs 1000 --seed 7 --out /tmp/synth")
    ap.add_argument("--docs", type=int, required=True, help="number of documents")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="worker processes for writing (output identical whatever the number)")
    args = ap.parse_args(argv)
    if args.docs < 1:
        ap.error("--docs must be at least 1")
    info = generate(args.docs, args.seed, args.out, jobs=max(1, args.jobs))
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    info["mb_written"] = round(info.pop("bytes") / 1e6, 1)
    info["peak_rss_mb"] = round(self_kb / 1024, 1)
    info["peak_rss_children_mb"] = round(child_kb / 1024, 1)
    print(json.dumps(info, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
