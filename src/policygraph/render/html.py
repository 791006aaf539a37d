"""A :class:`~policygraph.render.views.View` as one self-contained, offline HTML page.

The graph is assembled with pyvis (nodes styled by kind through vis groups, edges coloured and
labelled by relation) and written into this module's own template rather than pyvis's, whose
``cdn_resources="in_line"`` still links Bootstrap from a CDN and whose select menu garbles
Chinese.  vis-network's JavaScript is read from the copy inside the installed pyvis package and
inlined, so the page loads nothing: a Content-Security-Policy (``default-src 'none'``, scripts
allowed only by their SHA-256) makes sure of it, and blocks any script a document's text might
smuggle in.

Document text is data, never markup: everything taken from the graph travels in one
``<script type="application/json">`` block in which ``<``, ``>``, ``&`` and U+2028/U+2029 are
written as ``\\u`` escapes, and the page script builds every element with ``textContent``.

>>> json_for_script({"t": "</script><img src=x onerror=alert(1)>&\\u2028"})
'{"t":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e\\\\u0026\\\\u2028"}'
>>> external_references('<img src="https://x.org/a.png"><style>@import "a.css"; b{c:url(data:x)}</style>')
['src="https://x.org/a.png"', '@import']
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from pathlib import Path

from policygraph import __version__
from policygraph.render.views import KINDS, RELATIONS, Node, View

VIS_VERSION = "9.1.2"

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Heiti SC", '
              'system-ui, sans-serif')
"""CJK-capable fonts for Simplified Chinese, on Linux, Windows and macOS."""

KIND_STYLE: dict[str, dict[str, str]] = {
    "doc-national": {"zh": "国家级文件", "en": "national document", "color": "#b03a2e", "font": "#ffffff"},
    "doc-provincial": {"zh": "省级文件", "en": "provincial document", "color": "#ca6f1e", "font": "#ffffff"},
    "doc-municipal": {"zh": "市级文件", "en": "municipal document", "color": "#2471a3", "font": "#ffffff"},
    "doc-county": {"zh": "县级文件", "en": "county document", "color": "#138d75", "font": "#ffffff"},
    "doc-other": {"zh": "其他文件", "en": "document (level unknown)", "color": "#5d6d7e", "font": "#ffffff"},
    "doc-referenced": {"zh": "仅被引用的文件", "en": "referenced-only document", "color": "#f4f6f7",
                       "font": "#2c3e50", "border": "#7f8c8d"},
    "measure": {"zh": "措施", "en": "measure", "color": "#27ae60", "font": "#1e3d2f"},
    "org": {"zh": "机构", "en": "organisation", "color": "#7d3c98", "font": "#3b1d48"},
    "target": {"zh": "目标", "en": "target", "color": "#d4ac0d", "font": "#5b4a06"},
}

RELATION_STYLE: dict[str, dict[str, object]] = {
    "implements": {"zh": "贯彻落实", "en": "implements", "color": "#b03a2e"},
    "based_on": {"zh": "依据", "en": "based on", "color": "#d35400"},
    "cites": {"zh": "引用", "en": "cites", "color": "#808b96"},
    "repeals": {"zh": "废止", "en": "repeals", "color": "#17202a", "dashes": True},
    "amends": {"zh": "修改", "en": "amends", "color": "#8e44ad", "dashes": True},
    "forwards": {"zh": "转发", "en": "forwards", "color": "#117a65"},
    "promulgates": {"zh": "印发", "en": "promulgates", "color": "#2471a3"},
    "part_of": {"zh": "属于", "en": "part of", "color": "#a9cce3"},
    "lead": {"zh": "牵头", "en": "lead unit", "color": "#7d3c98"},
    "responsible": {"zh": "负责", "en": "responsible", "color": "#af7ac5"},
    "supporting": {"zh": "配合", "en": "supporting", "color": "#c39bd3", "dashes": True},
    "target": {"zh": "目标", "en": "target", "color": "#d4ac0d"},
    "issued_by": {"zh": "发布", "en": "issued by", "color": "#5d6d7e", "dashes": True},
}

LEVEL_LABELS = {"national": ("国家级", "national"), "provincial": ("省级", "provincial"),
                "municipal": ("市级", "municipal"), "county": ("县级", "county"),
                "unknown": ("未知", "unknown")}


# --- pieces ------------------------------------------------------------------------------------

def json_for_script(obj: object) -> str:
    """JSON that can sit inside ``<script type="application/json">``: no ``</script>``, no
    comment or CDATA opener, no line separators that would end a JavaScript line."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_EXTERNAL = [
    # an attribute (or a string assigned to one) naming a URL or a file: src="lib/x.js", href='//cdn…'
    re.compile(r"""\b(?:src|href|action|formaction|poster|srcset)\s*=\s*(["'])(?!data:|#|\1)[^"']*\1""", re.I),
    re.compile(r"""\b(?:src|href|action|formaction|poster|srcset)\s*=\s*(?:https?:|//|ftp:|file:)\S*""", re.I),
    re.compile(r"@import", re.I),
    # CSS url() other than data: (not an identifier ending in "url(", as in JavaScript's loadUrl()
    re.compile(r"""(?<![\w$.])url\(\s*(?!["']?\s*data:)[^)]*\)""", re.I),
]


def external_references(page: str) -> list[str]:
    """What in ``page`` would load something from elsewhere: a ``src``/``href`` naming a URL or
    file, an ``@import``, a ``url(…)`` other than a ``data:`` URL.  Empty for a page made here."""
    found: list[str] = []
    for rx in _EXTERNAL:
        found += [m.group(0) for m in rx.finditer(page)]
    return found


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript as shipped inside pyvis, and its version.

    pyvis bundles vis-network (Apache-2.0 / MIT) under ``pyvis/templates/lib``; it is read from
    there at render time, never copied into this project.
    """
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    for version in (VIS_VERSION, *sorted((p.name.removeprefix("vis-") for p in lib.glob("vis-*")), reverse=True)):
        js = lib / f"vis-{version}" / "vis-network.min.js"
        if js.exists():
            text = js.read_text(encoding="utf-8")
            low = text.lower()
            if "</script" in low or "<!--" in low:
                raise RuntimeError(f"{js} cannot be inlined: it contains </script or <!--")
            return text, version
    raise RuntimeError(f"vis-network not found under {lib}; is pyvis installed?")


def _wrap(text: str, width: int, lines: int) -> str:
    """Cut ``text`` into lines of ``width`` characters (CJK has no spaces to break at)."""
    text = " ".join(text.split())
    out = [text[k:k + width] for k in range(0, len(text), width)] or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return "\n".join(out)


def _short_label(n: Node) -> str:
    if n.kind.startswith("doc-"):
        number = str(n.meta.get("doc_number") or "")
        title = str(n.meta.get("title") or "")
        body = _wrap(title, 13, 3) if title else ""
        return "\n".join(x for x in (number, body) if x) or _wrap(n.label, 13, 3)
    if n.kind == "measure":
        return _wrap(n.label, 9, 2)
    if n.kind == "org":
        return _wrap(n.label, 8, 2)
    return _wrap(n.label, 9, 2)


def _tooltip(n: Node) -> str:
    m = n.meta
    head = KIND_STYLE[n.kind]["zh"]
    lines = [n.label]
    if n.kind.startswith("doc-"):
        if m.get("doc_number"):
            lines.append(f"文号：{m['doc_number']}")
        if m.get("issuers"):
            lines.append("发布机关：" + "、".join(map(str, m["issuers"])))  # type: ignore[call-overload]
        date = m.get("date_document") or m.get("date_publication")
        if date:
            lines.append(f"日期：{date}")
        if m.get("jurisdiction"):
            lines.append(f"地区：{m['jurisdiction']}")
    elif n.kind == "org" and m.get("aliases"):
        lines.append("又称：" + "、".join(map(str, m["aliases"])))  # type: ignore[call-overload]
    lines.append(f"[{head}]")
    return "\n".join(_wrap(line, 40, 4) for line in lines)


def _edge_tooltip(relation: str, quote: str | None) -> str:
    style = RELATION_STYLE[relation]
    text = f"{style['zh']} {style['en']}"
    if quote:
        text += "\n“" + _wrap(quote, 40, 3) + "”"
    return text


@cache
def _groups() -> dict[str, dict[str, object]]:
    groups: dict[str, dict[str, object]] = {}
    for kind, st in KIND_STYLE.items():
        bg, border = st["color"], st.get("border", st["color"])
        color = {"background": bg, "border": border,
                 "highlight": {"background": bg, "border": "#f1c40f"},
                 "hover": {"background": bg, "border": "#f39c12"}}
        g: dict[str, object] = {"color": color, "font": {"color": st["font"]}}
        if kind.startswith("doc-"):
            g.update(shape="box", margin={"top": 7, "bottom": 7, "left": 9, "right": 9},
                     widthConstraint={"maximum": 190}, font={"color": st["font"], "size": 14},
                     shapeProperties={"borderRadius": 4})
            if kind == "doc-referenced":
                g["shapeProperties"] = {"borderRadius": 4, "borderDashes": [5, 4]}
                g["borderWidth"] = 1.5
        elif kind == "measure":
            g.update(shape="dot", size=9, font={"color": st["font"], "size": 12})
        elif kind == "org":
            g.update(shape="diamond", size=11, font={"color": st["font"], "size": 12})
        else:
            g.update(shape="triangle", size=10, font={"color": st["font"], "size": 12})
        groups[kind] = g
    return groups


def _options(view: View) -> dict[str, object]:
    n = len(view.nodes)
    big = n > 400
    opts: dict[str, object] = {
        "autoResize": True,
        "groups": _groups(),
        "nodes": {"font": {"face": FONT_STACK, "size": 13}, "borderWidth": 1,
                  "shapeProperties": {"interpolation": False}},
        "edges": {"font": {"face": FONT_STACK, "size": 10, "align": "middle", "color": "#4d5656",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}}, "width": 1.2,
                  "selectionWidth": 2, "hoverWidth": 1.5,
                  "smooth": ({"enabled": True, "type": "cubicBezier", "forceDirection": "vertical",
                              "roundness": 0.4} if view.hierarchical else
                             {"enabled": not big, "type": "continuous", "roundness": 0.3})},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False}, "multiselect": False,
                        "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
    }
    if view.hierarchical:
        physics = n <= 300
        opts["layout"] = {"improvedLayout": False, "hierarchical": {
            "enabled": True, "direction": "UD", "sortMethod": "directed", "shakeTowards": "roots",
            # without physics to push them apart, nodes must be spaced wider than a document box
            "levelSeparation": 120, "nodeSpacing": 135 if physics else 215, "treeSpacing": 160,
            "blockShifting": n <= 600, "edgeMinimization": n <= 600, "parentCentralization": True}}
        # vis's hierarchical layout is already free of overlaps; physics only polishes it, so
        # a large view skips it (measured: 2,000 nodes settle in seconds instead of minutes)
        if physics:
            opts["physics"] = {"enabled": True, "solver": "hierarchicalRepulsion",
                               "hierarchicalRepulsion": {"nodeDistance": 135, "avoidOverlap": 1,
                                                         "springLength": 110, "damping": 0.3},
                               "stabilization": {"enabled": True, "iterations": 200,
                                                 "updateInterval": 20, "fit": True},
                               "minVelocity": 1.0}
        else:
            opts["physics"] = {"enabled": False}
    else:
        iterations = 300 if n <= 200 else 150 if n <= 600 else 80 if n <= 1200 else 40
        opts["layout"] = {"improvedLayout": n <= 100, "randomSeed": 7}
        opts["physics"] = {"enabled": True, "solver": "forceAtlas2Based",
                           "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.012,
                                                "springLength": 110, "springConstant": 0.06,
                                                "avoidOverlap": 0.4},
                           "stabilization": {"enabled": True, "iterations": iterations,
                                             "updateInterval": 20, "fit": True},
                           "minVelocity": 1.0}
    return opts


def build_network(view: View):  # type: ignore[no-untyped-def]
    """The view as a :class:`pyvis.network.Network` (node ids ``n0…``, edge ids ``e0…``)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    ids = {n.iri: f"n{k}" for k, n in enumerate(view.nodes)}
    for n in view.nodes:
        extra: dict[str, object] = {"level": n.rank} if view.hierarchical else {}
        if n.iri == view.focus and n.kind.startswith("doc-"):
            extra["borderWidth"] = 4
            extra["widthConstraint"] = {"maximum": 230}
        shape = str(_groups()[n.kind]["shape"])  # pyvis sets a shape on every node: the group's
        net.add_node(ids[n.iri], label=_short_label(n), title=_tooltip(n), group=n.kind, shape=shape, **extra)
        if n.iri == view.focus:  # the focus stands out by a thick gold border (pyvis drops a
            bg = KIND_STYLE[n.kind]["color"]  # node's colour when it has a group: set it after)
            net.node_map[ids[n.iri]]["color"] = {"background": bg, "border": "#f1c40f",
                                                 "highlight": {"background": bg, "border": "#f39c12"},
                                                 "hover": {"background": bg, "border": "#f39c12"}}
            net.node_map[ids[n.iri]]["borderWidth"] = 4
    for k, e in enumerate(view.edges):
        style = RELATION_STYLE[e.relation]
        quote = e.evidence[0].exact if e.evidence else None
        # part-of edges (a document's many measures) go unlabelled: the legend and tooltip name them
        label = "" if e.relation == "part_of" else str(style["zh"])
        net.add_edge(ids[e.source], ids[e.target], id=f"e{k}", label=label,
                     title=_edge_tooltip(e.relation, quote),
                     color={"color": style["color"], "highlight": style["color"], "hover": style["color"]},
                     dashes=bool(style.get("dashes", False)))
    net.options = _options(view)
    return net


def page_data(view: View) -> dict[str, object]:
    """Everything the page shows, as plain JSON-able data."""
    net = build_network(view)
    vis_nodes, vis_edges, _heading, _height, _width, options = net.get_network_data()
    ids = {n.iri: f"n{k}" for k, n in enumerate(view.nodes)}
    node_info = {}
    for n in view.nodes:
        search = [n.label, n.iri]
        for key in ("doc_number", "notice_title", "title", "name"):
            if n.meta.get(key):
                search.append(str(n.meta[key]))
        for key in ("doc_number_printed", "aliases"):
            search += [str(x) for x in n.meta.get(key, [])]  # type: ignore[attr-defined]
        meta = dict(n.meta)
        for key in ("document", "holder"):
            if key in meta and meta[key] in ids:
                meta[key] = ids[str(meta[key])]
            else:
                meta.pop(key, None)
        node_info[ids[n.iri]] = {"iri": n.iri, "kind": n.kind, "label": n.label, "level": n.level,
                                 "year": n.year, "meta": meta, "search": search}
    edge_info = {}
    for k, e in enumerate(view.edges):
        edge_info[f"e{k}"] = {"relation": e.relation, "from": ids[e.source], "to": ids[e.target],
                              "evidence": [{"exact": ev.exact, "prefix": ev.prefix, "suffix": ev.suffix,
                                            "start": ev.start, "end": ev.end, "file": ev.file,
                                            "confidence": ev.confidence} for ev in e.evidence]}
    kinds_present = [k for k in KINDS if any(n.kind == k for n in view.nodes)]
    rels_present = [r for r in RELATIONS if any(e.relation == r for e in view.edges)]
    levels_present = [lv for lv in LEVEL_LABELS
                      if any((n.level or "unknown") == lv for n in view.nodes if n.kind != "org")]
    years = [n.year for n in view.nodes if n.year is not None]
    return {
        "title": view.title, "mode": view.mode, "message": view.message,
        "focus": ids.get(view.focus or ""), "hierarchical": view.hierarchical,
        "totalNodes": view.total_nodes,
        "nodes": vis_nodes, "edges": vis_edges, "options": json.loads(options),
        "info": {"nodes": node_info, "edges": edge_info},
        "legend": {
            "kinds": [{"id": k, "zh": KIND_STYLE[k]["zh"], "en": KIND_STYLE[k]["en"],
                       "color": KIND_STYLE[k]["color"], "border": KIND_STYLE[k].get("border", KIND_STYLE[k]["color"]),
                       "count": sum(1 for n in view.nodes if n.kind == k)} for k in kinds_present],
            "relations": [{"id": r, "zh": RELATION_STYLE[r]["zh"], "en": RELATION_STYLE[r]["en"],
                           "color": RELATION_STYLE[r]["color"], "dashes": bool(RELATION_STYLE[r].get("dashes")),
                           "count": sum(1 for e in view.edges if e.relation == r)} for r in rels_present],
            "levels": [{"id": lv, "zh": LEVEL_LABELS[lv][0], "en": LEVEL_LABELS[lv][1]} for lv in levels_present],
            "years": [min(years), max(years)] if years else None,
        },
    }


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_html(view: View) -> str:
    """The page for ``view``: one file, no external resources."""
    vis_js, vis_version = vis_assets()
    data = json_for_script(page_data(view))
    csp = ("default-src 'none'; script-src " + _sha256(vis_js) + " " + _sha256(APP_JS) +
           "; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    import pyvis

    generator = f"policygraph {__version__} (pyvis {getattr(pyvis, '__version__', '?')}, vis-network {vis_version})"
    parts = {"CSP": html.escape(csp, quote=False).replace('"', "&quot;"),
             "GENERATOR": html.escape(generator, quote=True), "TITLE": html.escape(view.title, quote=True),
             "CSS": CSS.replace("%%FONTS%%", FONT_STACK), "APP": APP_JS, "VIS": vis_js, "DATA": data}
    # one pass, so that text put in (a title saying "%%DATA%%") is never substituted again
    return re.sub(r"%%(CSP|GENERATOR|TITLE|CSS|APP|VIS|DATA)%%", lambda m: parts[m.group(1)], PAGE)


PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%%CSP%%">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="%%GENERATOR%%">
<title>%%TITLE%%</title>
<style>%%CSS%%</style>
</head>
<body>
<header id="pg-header">
  <h1 id="pg-title"></h1>
  <span id="pg-stats"></span>
  <span id="pg-status" role="status" aria-live="polite"></span>
</header>
<div id="pg-message" role="alert" hidden></div>
<main id="pg-main">
  <aside id="pg-side" aria-label="搜索与筛选 search and filters">
    <section id="pg-search-box">
      <label for="pg-search">搜索 Search</label>
      <input id="pg-search" type="search" autocomplete="off" spellcheck="false"
             placeholder="标题、文号或机构名称 title, 文号 or body">
      <ul id="pg-results" role="listbox" aria-label="搜索结果 results"></ul>
    </section>
    <section><h2>节点 Nodes</h2><ul id="pg-kinds" class="pg-legend"></ul></section>
    <section><h2>关系 Relations</h2><ul id="pg-relations" class="pg-legend"></ul></section>
    <section><h2>层级 Level</h2><ul id="pg-levels" class="pg-legend"></ul></section>
    <section><h2>年份 Year</h2>
      <div class="pg-years">
        <input id="pg-year-from" type="number" inputmode="numeric" aria-label="起始年份 from year">
        <span>–</span>
        <input id="pg-year-to" type="number" inputmode="numeric" aria-label="截止年份 to year">
      </div>
    </section>
    <button id="pg-reset" type="button">重置筛选 Reset filters</button>
  </aside>
  <div id="pg-network" aria-label="关系图 graph"></div>
  <aside id="pg-panel" aria-label="详情 details" hidden>
    <button id="pg-close" type="button" aria-label="关闭 close">×</button>
    <div id="pg-panel-body"></div>
  </aside>
</main>
<script type="application/json" id="pg-data">%%DATA%%</script>
<script>%%VIS%%</script>
<script>%%APP%%</script>
</body>
</html>
"""

CSS = """
:root { --pg-fonts: %%FONTS%%; --pg-line: #d5dbdb; --pg-ink: #1b2631; --pg-dim: #5f6a6a; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font-family: var(--pg-fonts); color: var(--pg-ink); background: #fbfcfc; font-size: 14px;
       display: flex; flex-direction: column; }
button, input { font-family: inherit; font-size: inherit; }
#pg-header { display: flex; align-items: baseline; gap: 16px; padding: 8px 14px;
             border-bottom: 1px solid var(--pg-line); background: #fff; }
#pg-title { font-size: 17px; margin: 0; font-weight: 600; overflow: hidden; text-overflow: ellipsis;
            white-space: nowrap; max-width: 60vw; }
#pg-stats, #pg-status { color: var(--pg-dim); font-size: 13px; white-space: nowrap; }
#pg-status { margin-left: auto; }
#pg-message { background: #fef5e7; border-bottom: 1px solid #f5cba7; padding: 6px 14px; font-size: 13px; }
#pg-main { flex: 1; display: flex; min-height: 0; position: relative; }
#pg-side { width: 270px; flex: none; overflow-y: auto; border-right: 1px solid var(--pg-line);
           padding: 10px 12px; background: #fff; }
#pg-side section { margin-bottom: 14px; }
#pg-side h2, #pg-search-box label { display: block; font-size: 13px; font-weight: 600; margin: 0 0 6px;
                                    color: var(--pg-dim); }
#pg-search { width: 100%; padding: 6px 8px; border: 1px solid #aab7b8; border-radius: 4px; }
#pg-results { list-style: none; margin: 4px 0 0; padding: 0; max-height: 260px; overflow-y: auto; }
#pg-results button { display: block; width: 100%; text-align: left; border: 0; background: none;
                     padding: 5px 6px; cursor: pointer; border-radius: 3px; line-height: 1.35; }
#pg-results button:hover, #pg-results button:focus, #pg-results li.pg-active button { background: #eaf2f8; }
#pg-results .pg-sub { display: block; color: var(--pg-dim); font-size: 12px; }
#pg-results .pg-empty { color: var(--pg-dim); padding: 4px 6px; font-size: 13px; }
.pg-legend { list-style: none; margin: 0; padding: 0; }
.pg-legend li { margin: 2px 0; }
.pg-legend label { display: flex; align-items: center; gap: 7px; cursor: pointer; font-size: 13px; }
.pg-legend .pg-count { color: var(--pg-dim); margin-left: auto; font-size: 12px; }
.pg-swatch { width: 14px; height: 14px; flex: none; border: 1.5px solid; border-radius: 3px; }
.pg-swatch.pg-measure, .pg-swatch.pg-org, .pg-swatch.pg-target { border-radius: 50%; }
.pg-swatch.pg-org { transform: rotate(45deg) scale(.8); border-radius: 1px; }
.pg-swatch.pg-target { clip-path: polygon(50% 0, 100% 100%, 0 100%); border-radius: 0; }
.pg-swatch.pg-dashed { border-style: dashed; }
.pg-line { width: 22px; height: 0; flex: none; border-top: 3px solid; }
.pg-line.pg-dashed { border-top-style: dashed; }
.pg-en { color: var(--pg-dim); font-size: 12px; }
.pg-years { display: flex; align-items: center; gap: 6px; }
.pg-years input { width: 90px; padding: 4px 6px; border: 1px solid #aab7b8; border-radius: 4px; }
#pg-reset { padding: 5px 10px; border: 1px solid #aab7b8; background: #f8f9f9; border-radius: 4px;
            cursor: pointer; }
#pg-network { flex: 1; min-width: 0; position: relative; background: #fff; }
#pg-network:focus, #pg-network .vis-network:focus { outline: none; }
#pg-panel { position: absolute; top: 0; right: 0; bottom: 0; width: 380px; max-width: 90vw;
            overflow-y: auto; background: #fff; border-left: 1px solid var(--pg-line);
            box-shadow: -4px 0 14px rgba(0,0,0,.08); padding: 14px 16px 24px; }
#pg-panel[hidden] { display: none; }
#pg-close { position: absolute; top: 6px; right: 8px; border: 0; background: none; font-size: 22px;
            cursor: pointer; color: var(--pg-dim); }
#pg-panel .pg-kind { font-size: 12px; color: var(--pg-dim); margin: 0 0 4px; }
#pg-panel h2 { font-size: 16px; margin: 0 24px 10px 0; line-height: 1.45; }
#pg-panel dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0 0 12px; }
#pg-panel dt { color: var(--pg-dim); font-size: 13px; }
#pg-panel dd { margin: 0; word-break: break-all; }
#pg-panel h3 { font-size: 13px; color: var(--pg-dim); margin: 14px 0 6px; }
#pg-panel ul { list-style: none; padding: 0; margin: 0; }
#pg-panel li { margin: 3px 0; }
#pg-panel .pg-link { border: 0; background: none; padding: 2px 0; color: #1a5276; cursor: pointer;
                     text-align: left; line-height: 1.4; }
#pg-panel .pg-link:hover { text-decoration: underline; }
#pg-panel .pg-rel { display: inline-block; font-size: 12px; padding: 0 5px; border-radius: 3px; color: #fff;
                    margin-right: 5px; }
.pg-quote { background: #f8f9f9; border-left: 3px solid #d4ac0d; margin: 6px 0; padding: 8px 10px;
            line-height: 1.6; white-space: pre-wrap; word-break: break-all; }
.pg-quote .pg-ctx { color: #909497; }
.pg-quote mark { background: #fcf3cf; color: inherit; }
.pg-pos { font-size: 12px; color: var(--pg-dim); }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; white-space: pre-wrap;
                  font-family: var(--pg-fonts); font-size: 13px; line-height: 1.45; color: #1b2631;
                  background: #fdfefe; border: 1px solid #aab7b8; border-radius: 4px; max-width: 420px;
                  box-shadow: 2px 2px 8px rgba(0,0,0,.15); pointer-events: none; z-index: 5; }
"""

APP_JS = r"""
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('pg-data').textContent);
  var info = D.info;
  var state = { settled: false, settledAt: null, started: performance.now() };
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function status(text) { $('pg-status').textContent = text; }
  var kindStyle = {}, relStyle = {};
  D.legend.kinds.forEach(function (k) { kindStyle[k.id] = k; });
  D.legend.relations.forEach(function (r) { relStyle[r.id] = r; });

  $('pg-title').textContent = D.title;
  $('pg-stats').textContent = D.nodes.length + ' 个节点 nodes · ' + D.edges.length + ' 条关系 edges';
  if (D.message) { $('pg-message').textContent = D.message; $('pg-message').hidden = false; }

  var nodes = new vis.DataSet(D.nodes);
  var edges = new vis.DataSet(D.edges);
  var network = new vis.Network($('pg-network'), {}, D.options);
  var adjacency = {};
  D.nodes.forEach(function (n) { adjacency[n.id] = []; });
  D.edges.forEach(function (e) { adjacency[e.from].push(e.id); adjacency[e.to].push(e.id); });

  function settle() {
    if (state.settled) { return; }
    state.settled = true;
    state.settledAt = performance.now();
    network.setOptions({ physics: { enabled: false } });
    status('布局完成 layout settled · ' + (state.settledAt / 1000).toFixed(1) + ' s');
    document.body.setAttribute('data-settled', 'true');
  }
  if (D.options.physics && D.options.physics.enabled && D.nodes.length) {
    status('布局中 laying out…');
    network.on('stabilizationProgress', function (p) {
      status('布局中 laying out… ' + Math.round(100 * p.iterations / p.total) + '%');
    });
    network.once('stabilizationIterationsDone', settle);
    network.once('stabilized', settle);
  } else {
    network.once('afterDrawing', settle);
  }
  network.setData({ nodes: nodes, edges: edges });

  // ---- filters -------------------------------------------------------------------------
  var on = { kind: {}, relation: {}, level: {} };
  var years = { from: null, to: null };
  function legendItem(list, group, item, swatch) {
    var li = el('li'), label = el('label'), box = el('input');
    box.type = 'checkbox'; box.checked = true; box.setAttribute('data-' + group, item.id);
    box.addEventListener('change', function () { on[group][item.id] = box.checked; applyFilters(); });
    on[group][item.id] = true;
    label.appendChild(box);
    if (swatch) { label.appendChild(swatch); }
    label.appendChild(el('span', null, item.zh));
    label.appendChild(el('span', 'pg-en', item.en));
    if (item.count !== undefined) { label.appendChild(el('span', 'pg-count', item.count)); }
    li.appendChild(label);
    list.appendChild(li);
  }
  D.legend.kinds.forEach(function (k) {
    var sw = el('span', 'pg-swatch pg-' + k.id + (k.id === 'doc-referenced' ? ' pg-dashed' : ''));
    sw.style.backgroundColor = k.color; sw.style.borderColor = k.border;
    legendItem($('pg-kinds'), 'kind', k, sw);
  });
  D.legend.relations.forEach(function (r) {
    var sw = el('span', 'pg-line' + (r.dashes ? ' pg-dashed' : ''));
    sw.style.borderTopColor = r.color;
    legendItem($('pg-relations'), 'relation', r, sw);
  });
  D.legend.levels.forEach(function (l) { legendItem($('pg-levels'), 'level', l, null); });
  if (D.legend.years) {
    [$('pg-year-from'), $('pg-year-to')].forEach(function (input, k) {
      input.min = D.legend.years[0]; input.max = D.legend.years[1];
      input.placeholder = String(D.legend.years[k]);
      input.addEventListener('change', function () {
        var v = input.value === '' ? null : parseInt(input.value, 10);
        years[k === 0 ? 'from' : 'to'] = isNaN(v) ? null : v;
        applyFilters();
      });
    });
  } else {
    $('pg-year-from').disabled = true; $('pg-year-to').disabled = true;
  }
  function baseVisible(id) {
    var i = info.nodes[id];
    if (on.kind[i.kind] === false) { return false; }
    if (i.kind !== 'org' && on.level[i.level || 'unknown'] === false) { return false; }
    if (i.year !== null && i.year !== undefined) {
      if (years.from !== null && i.year < years.from) { return false; }
      if (years.to !== null && i.year > years.to) { return false; }
    }
    return true;
  }
  var visible = {};
  function applyFilters() {
    var show = {}, showEdge = {};
    D.nodes.forEach(function (n) { show[n.id] = baseVisible(n.id); });
    D.edges.forEach(function (e) {
      showEdge[e.id] = on.relation[info.edges[e.id].relation] !== false && show[e.from] && show[e.to];
    });
    D.nodes.forEach(function (n) {  // bodies and targets hang from what they serve
      var k = info.nodes[n.id].kind;
      if ((k === 'org' || k === 'target') && show[n.id] && adjacency[n.id].length) {
        show[n.id] = adjacency[n.id].some(function (eid) { return showEdge[eid]; });
      }
    });
    var nodeChanges = [], edgeChanges = [];
    D.nodes.forEach(function (n) {
      if (visible[n.id] !== show[n.id]) { nodeChanges.push({ id: n.id, hidden: !show[n.id] }); }
      visible[n.id] = show[n.id];
    });
    D.edges.forEach(function (e) {
      var s = showEdge[e.id] && show[e.from] && show[e.to];
      if (visible[e.id] !== s) { edgeChanges.push({ id: e.id, hidden: !s }); }
      visible[e.id] = s;
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    var shown = D.nodes.filter(function (n) { return visible[n.id]; }).length;
    $('pg-stats').textContent = (shown === D.nodes.length ? '' : shown + ' / ') + D.nodes.length +
      ' 个节点 nodes · ' + D.edges.length + ' 条关系 edges';
  }
  D.nodes.forEach(function (n) { visible[n.id] = true; });
  D.edges.forEach(function (e) { visible[e.id] = true; });
  function resetFilters() {
    Array.prototype.forEach.call(document.querySelectorAll('#pg-side input[type=checkbox]'), function (b) {
      b.checked = true;
    });
    ['kind', 'relation', 'level'].forEach(function (g) {
      Object.keys(on[g]).forEach(function (k) { on[g][k] = true; });
    });
    $('pg-year-from').value = ''; $('pg-year-to').value = '';
    years.from = null; years.to = null;
    applyFilters();
  }
  $('pg-reset').addEventListener('click', resetFilters);

  // ---- side panel ----------------------------------------------------------------------
  var panel = $('pg-panel'), body = $('pg-panel-body');
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function openPanel() { clear(body); panel.hidden = false; panel.scrollTop = 0; return body; }
  function visibleWidth() { return $('pg-network').clientWidth - (panel.hidden ? 0 : panel.offsetWidth); }
  function reveal(p) {  // pan a point hidden behind the side panel into the visible part
    var W = $('pg-network').clientWidth, w = visibleWidth(), d = network.canvasToDOM(p);
    if (panel.hidden || (d.x > 30 && d.x < w - 30)) { return; }
    var c = network.getViewPosition();
    network.moveTo({ position: { x: p.x + (W - w) / (2 * network.getScale()), y: c.y },
                     animation: { duration: 300, easingFunction: 'easeInOutQuad' } });
  }
  function closePanel() { panel.hidden = true; clear(body); }
  $('pg-close').addEventListener('click', function () { closePanel(); network.unselectAll(); });
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && !panel.hidden) { closePanel(); } });
  function nodeButton(id) {
    var i = info.nodes[id];
    var b = el('button', 'pg-link', (i.meta.doc_number ? i.meta.doc_number + ' ' : '') + i.label);
    b.type = 'button';
    b.addEventListener('click', function () { focusNode(id); });
    return b;
  }
  function relBadge(rel) {
    var s = el('span', 'pg-rel', relStyle[rel] ? relStyle[rel].zh : rel);
    if (relStyle[rel]) { s.style.backgroundColor = relStyle[rel].color; }
    return s;
  }
  function fields(dl, rows) {
    rows.forEach(function (r) {
      var v = r[1];
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) { return; }
      dl.appendChild(el('dt', null, r[0]));
      var dd = el('dd');
      if (v instanceof Node) { dd.appendChild(v); } else { dd.textContent = Array.isArray(v) ? v.join('、') : v; }
      dl.appendChild(dd);
    });
  }
  function showNode(id) {
    var i = info.nodes[id], m = i.meta, b = openPanel();
    var k = kindStyle[i.kind];
    b.appendChild(el('p', 'pg-kind', k ? k.zh + ' · ' + k.en : i.kind));
    b.appendChild(el('h2', 'pg-name', i.label));
    var dl = el('dl');
    if (i.kind.indexOf('doc-') === 0) {
      fields(dl, [['文号', m.doc_number], ['另作', m.doc_number_printed], ['印发通知', m.notice_title],
        ['发布机关', m.issuers], ['成文日期', m.date_document], ['发布日期', m.date_publication],
        ['施行日期', m.date_in_force], ['有效期', m.valid_years ? m.valid_years + ' 年' : null],
        ['地区', m.jurisdiction], ['层级', m.level_label], ['文种', m.type], ['主送', m.addressees],
        ['又称', m.aliases], ['仅被引用', m.referenced_only ? '是：语料中没有全文 (known from citations only)' : null],
        ['来源文件', m.files]]);
    } else if (i.kind === 'measure') {
      fields(dl, [['编号', m.number], ['标题', m.title], ['类别', m.subdivision],
        ['所属文件', m.document ? nodeButton(m.document) : null]]);
    } else if (i.kind === 'org') {
      fields(dl, [['名称', m.name], ['又称', m.aliases], ['层级', m.level_label], ['地区', m.jurisdiction]]);
    } else {
      var amount = (m.comparator && m.comparator !== '=' ? m.comparator + ' ' : '') + (m.value || '') +
        (m.max_value ? '–' + m.max_value : '') + (m.unit || '');
      fields(dl, [['指标', m.indicator], ['数值', amount], ['期限', m.deadline_year],
        ['所属', m.holder ? nodeButton(m.holder) : null]]);
    }
    fields(dl, [['IRI', i.iri]]);
    b.appendChild(dl);
    var links = adjacency[id];
    if (links.length) {
      b.appendChild(el('h3', null, '关系 Links (' + links.length + ')'));
      var ul = el('ul');
      links.slice(0, 200).forEach(function (eid) {
        var e = info.edges[eid], other = e.from === id ? e.to : e.from;
        var li = el('li'), btn = el('button', 'pg-link');
        btn.type = 'button';
        btn.appendChild(relBadge(e.relation));
        var o = info.nodes[other];
        btn.appendChild(document.createTextNode((e.from === id ? '→ ' : '← ') +
          (o.meta.doc_number ? o.meta.doc_number + ' ' : '') + o.label));
        btn.addEventListener('click', function () { network.selectEdges([eid]); showEdge(eid); });
        li.appendChild(btn);
        ul.appendChild(li);
      });
      b.appendChild(ul);
    }
  }
  function showEdge(id) {
    var e = info.edges[id], b = openPanel(), r = relStyle[e.relation];
    b.appendChild(el('p', 'pg-kind', '关系 relation'));
    var h = el('h2', 'pg-name');
    h.appendChild(relBadge(e.relation));
    h.appendChild(document.createTextNode(r ? r.en : e.relation));
    b.appendChild(h);
    var dl = el('dl');
    fields(dl, [['从 from', nodeButton(e.from)], ['到 to', nodeButton(e.to)]]);
    b.appendChild(dl);
    b.appendChild(el('h3', null, '原文证据 Evidence'));
    if (!e.evidence.length) {
      b.appendChild(el('p', 'pg-pos', '没有记录原文证据 (no evidence recorded for this link)'));
    }
    e.evidence.forEach(function (ev) {
      var q = el('blockquote', 'pg-quote pg-evidence');
      if (ev.prefix) { q.appendChild(el('span', 'pg-ctx', '…' + ev.prefix)); }
      q.appendChild(el('mark', 'pg-exact', ev.exact));
      if (ev.suffix) { q.appendChild(el('span', 'pg-ctx', ev.suffix + '…')); }
      b.appendChild(q);
      var pos = [];
      if (ev.start !== null && ev.start !== undefined) {
        pos.push('位置 position: 第 ' + ev.start + '–' + ev.end + ' 字 (characters)');
      }
      if (ev.file) { pos.push('文件 ' + ev.file); }
      if (ev.confidence !== null && ev.confidence !== undefined) { pos.push('置信度 ' + ev.confidence.toFixed(2)); }
      b.appendChild(el('p', 'pg-pos', pos.join(' · ')));
    });
  }
  network.on('click', function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); reveal(network.getPositions([p.nodes[0]])[p.nodes[0]]); }
    else if (p.edges.length) { showEdge(p.edges[0]); reveal(p.pointer.canvas); }
    else { closePanel(); }
  });

  // ---- search --------------------------------------------------------------------------
  var norm = function (s) {
    return String(s).toLowerCase().replace(/[\s\u3000〔〕\[\]［］【】()（）《》〈〉<>“”"'‘’·、，,。:：;；第]/g, '');
  };
  var index = D.nodes.map(function (n) {
    var i = info.nodes[n.id];
    return { id: n.id, keys: i.search.map(norm), kind: i.kind };
  });
  var kindOrder = {};
  D.legend.kinds.forEach(function (k, j) { kindOrder[k.id] = j; });
  function search(query) {
    var q = norm(query);
    if (!q) { return []; }
    var hits = [];
    index.forEach(function (x) {
      var best = 9;
      x.keys.forEach(function (k) {
        var p = k.indexOf(q);
        if (p < 0) { return; }
        best = Math.min(best, k === q ? 0 : p === 0 ? 1 : 2);
      });
      if (best < 9) { hits.push({ id: x.id, score: best, kind: kindOrder[x.kind] || 0 }); }
    });
    hits.sort(function (a, b) {
      return a.score - b.score || a.kind - b.kind ||
        info.nodes[a.id].label.length - info.nodes[b.id].label.length;
    });
    return hits.slice(0, 30).map(function (h) { return h.id; });
  }
  var results = $('pg-results'), input = $('pg-search'), current = [];
  function showResults() {
    current = search(input.value);
    clear(results);
    if (input.value.trim() && !current.length) { results.appendChild(el('li', 'pg-empty', '没有找到 no match')); }
    current.forEach(function (id, j) {
      var i = info.nodes[id], li = el('li'), b = el('button');
      b.type = 'button';
      li.setAttribute('role', 'option');
      if (j === 0) { li.className = 'pg-active'; }
      b.appendChild(el('span', 'pg-main', i.label));
      var k = kindStyle[i.kind];
      b.appendChild(el('span', 'pg-sub', [i.meta.doc_number, k ? k.zh : i.kind].filter(Boolean).join(' · ')));
      b.addEventListener('click', function () { focusNode(id); });
      li.appendChild(b);
      results.appendChild(li);
    });
  }
  input.addEventListener('input', showResults);
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && current.length) { ev.preventDefault(); focusNode(current[0]); }
    if (ev.key === 'Escape') { input.value = ''; showResults(); }
  });
  function focusNode(id) {
    if (!visible[id]) { resetFilters(); }
    network.selectNodes([id]);
    showNode(id);
    // centre the node in the part of the graph the side panel leaves visible
    network.focus(id, { scale: Math.max(network.getScale(), 1.0),
                        offset: { x: (visibleWidth() - $('pg-network').clientWidth) / 2, y: 0 },
                        animation: { duration: 350, easingFunction: 'easeInOutQuad' } });
    state.focused = id;
  }

  window.policygraph = {
    network: network, nodes: nodes, edges: edges, info: info, state: state,
    search: search, focusNode: focusNode, showEdge: showEdge, applyFilters: applyFilters,
    drawnNodeCount: function () { return network.body.nodeIndices.length; },
    idOf: function (iri) {
      for (var id in info.nodes) { if (info.nodes[id].iri === iri) { return id; } }
      return null;
    }
  };
  if (D.focus) { network.once('afterDrawing', function () { network.selectNodes([D.focus]); }); }
})();
"""
