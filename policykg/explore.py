"""`policykg explore`: one self-contained HTML file that makes the lineage plain.

Made with pyvis and its bundled vis-network, beyond what pyvis gives out of the box:
- offline for real: vis-network's script and style are inlined (pyvis's own template still
  loads bootstrap, or vis-network itself, from a CDN);
- positions are computed here (layers by lineage depth, order by the parents' positions) and
  physics is off, so thousands of nodes are usable at once; pyvis's node and edge lists are
  filled directly, since `add_node` checks each new node against a plain list;
- data is embedded as UTF-8 JSON, not `\\uXXXX` escapes;
- clicking a node highlights its chain to the top and shows number, type, date, issuer,
  signer, task text, each step's basis and the quoted source text in a side panel;
- search without regard to case or diacritics, filters by kind, issuer and basis, a
  Vietnamese/English interface and PNG export."""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from .files import write_atomic
from .lineage import lineage_graph
from .namespaces import ELI, OA, PKG
from .text import fold

KIND_STYLE = {
    # kind: (shape, colour, size)
    "directive": ("box", "#8e2c2c", 22),
    "letter": ("box", "#1f4e8c", 20),
    "document": ("box", "#6b8fc7", 16),
    "shared-task": ("diamond", "#7b3fa0", 16),
    "task": ("dot", "#e08a1e", 10),
    "body": ("triangle", "#2e8b57", 10),
}
BASIS_STYLE = {
    "stated": {"color": "#555555", "dashes": False},
    "cited": {"color": "#138a8a", "dashes": False},
    "inherited": {"color": "#b0b0b0", "dashes": [4, 4]},
    "inferred": {"color": "#7b3fa0", "dashes": [8, 4]},
    "holds": {"color": "#2e8b57", "dashes": [2, 3]},
}
DASHED_EDGES_MAX = 1500
LEVEL_GAP = 190
NODE_GAP = 120


def _vis_assets() -> tuple[str, str]:
    import pyvis

    base = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    return js, css


def _label(g: Graph, node: URIRef) -> str:
    return str(g.value(node, RDFS.label) or g.value(node, SKOS.prefLabel) or g.value(node, ELI.number) or node)


def _quote(g: Graph, node: URIRef) -> str | None:
    for ev in g.objects(node, PKG.evidence):
        if g.value(ev, PKG.supports) in (PKG.text, ELI.cites):
            for sel in g.objects(ev, OA.hasSelector):
                exact = g.value(sel, OA.exact)
                if exact is not None:
                    return " ".join(str(exact).replace("*", "").split())
    return None


def collect(g: Graph, focus: URIRef | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Nodes and edges for the page, with positions; `focus` keeps only its neighbourhood."""
    dg = lineage_graph(g)
    tasks = set(g.subjects(RDF.type, PKG.Task)) | set(g.subjects(RDF.type, PKG.ClosingObligation))
    for t in tasks:
        dg.add_node(t) if t not in dg else None
    keep: set[URIRef] = set(dg.nodes)
    if focus is not None:
        keep = {focus} | nx.descendants(dg, focus) | nx.ancestors(dg, focus) if focus in dg else {focus}
    # bodies beside the tasks they hold
    holds: list[tuple[URIRef, URIRef]] = []
    for t in sorted(tasks & keep):
        for b in sorted(g.objects(t, PKG.assignee)):
            holds.append((b, t))
    nodes_info: dict[URIRef, dict[str, Any]] = {}
    sources = set(g.subjects(PKG.sourceText, None))
    implemented = set(g.objects(None, ELI.ensures_implementation_of)) | set(g.objects(None, PKG.continues))
    for n in sorted(keep):
        nodes_info[n] = _node_info(g, n, tasks, sources, implemented)
    for b, _ in holds:
        if b not in nodes_info:
            nodes_info[b] = _body_info(g, b)
    sub = dg.subgraph(keep).copy()
    letter_of = {t: g.value(t, PKG.assignedBy) for t in tasks & keep}
    positions = _layout(sub, holds, letter_of)
    nodes = []
    for n, info in nodes_info.items():
        shape, colour, size = KIND_STYLE[info["kind"]]
        x, y = positions.get(n, (0.0, 0.0))
        nodes.append({
            "id": str(n), "label": info["short"], "title": info["tooltip"], "shape": shape,
            "color": {"background": colour, "border": colour, "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "size": size, "x": round(x, 1), "y": round(y, 1), "kind": info["kind"],
            "font": {"color": "#ffffff" if shape == "box" else "#222222", "size": 14 if shape == "box" else 11},
        })
    edges = []
    for u, v, a in sorted(sub.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        style = BASIS_STYLE.get(a["basis"], BASIS_STYLE["stated"])
        edges.append({"id": f"{u}|{v}", "from": str(u), "to": str(v), "arrows": "to", "basis": a["basis"],
                      "relation": a["relation"], "color": style["color"], "dashes": style["dashes"]})
    for b, t in holds:
        style = BASIS_STYLE["holds"]
        edges.append({"id": f"{b}|{t}", "from": str(t), "to": str(b), "basis": "holds", "relation": "assignee",
                      "color": style["color"], "dashes": style["dashes"]})
    if len(edges) > DASHED_EDGES_MAX:
        # canvas dashes are drawn segment by segment: on thousands of edges they kept the page
        # busy for seconds after it drew; colour alone tells the bases apart there
        for e in edges:
            e["dashes"] = False
    details = {str(n): info["details"] for n, info in nodes_info.items()}
    steps: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for u, v, a in sub.edges(data=True):
        steps[str(u)].append({"to": str(v), "relation": a["relation"], "basis": a["basis"], "score": a["score"],
                              "evidence": a["evidence"]})
    meta = {"details": details, "steps": steps,
            "search": {str(n): info["search"] for n, info in nodes_info.items()},
            "issuers": sorted({info["details"].get("letterIssuer", "") for info in nodes_info.values()} - {""})}
    return nodes, edges, meta


def _node_info(g: Graph, n: URIRef, tasks: set[URIRef], sources: set[URIRef], implemented: set[URIRef]) -> dict[str, Any]:
    types = set(g.objects(n, RDF.type))
    label = _label(g, n)
    number = g.value(n, ELI.number)
    if n in tasks:
        doc = g.value(n, PKG.assignedBy)
        path = str(g.value(n, PKG.sectionPath))
        text = str(g.value(n, PKG.text) or "")
        assignees = sorted(_label_pref(g, b) for b in g.objects(n, PKG.assignee))
        lead = g.value(n, PKG.lead)
        coop = sorted(_label_pref(g, b) for b in g.objects(n, PKG.cooperatingBody))
        deadlines = []
        for d in g.objects(n, PKG.deadline):
            deadlines.append(str(g.value(d, PKG.dueDate) or g.value(d, PKG.recurringDate)))
        issuer = _label_pref(g, g.value(doc, ELI.passed_by)) if doc else ""
        details = {
            "kind": "task", "number": str(g.value(doc, ELI.number) or ""), "path": path, "text": text,
            "assignees": assignees, "lead": _label_pref(g, lead) if lead else None, "cooperating": coop,
            "deadlines": sorted(deadlines), "quote": _quote(g, n), "letterIssuer": issuer,
        }
        short = path
        tip = f"{details['number']} {path}\n{', '.join(assignees)}\n{text[:200]}"
        return {"kind": "task", "short": short, "tooltip": tip, "details": details,
                "search": fold(" ".join([short, text, *assignees, *coop]))}
    if PKG.SharedTask in types:
        details = {"kind": "shared-task", "text": label,
                   "note": str(g.value(n, RDFS.comment) or "")}
        return {"kind": "shared-task", "short": label.split(":", 1)[-1].strip()[:40] + "…", "tooltip": label,
                "details": details, "search": fold(label)}
    # a document
    issuer = g.value(n, ELI.passed_by)
    doc_type = g.value(g.value(n, ELI.type_document), SKOS.prefLabel) if g.value(n, ELI.type_document) else None
    types_vi = [str(t) for t in g.objects(g.value(n, ELI.type_document), SKOS.prefLabel) if getattr(t, "language", None) == "vi"]
    signer = None
    sig = g.value(n, PKG.signature)
    if sig is not None:
        person = g.value(sig, URIRef("http://www.w3.org/ns/prov#wasAssociatedWith"))
        name = g.value(person, FOAF.name) if person is not None else None
        mark = g.value(sig, PKG.onBehalfOf)
        title = g.value(sig, PKG.signerTitle)
        signer = " ".join(x for x in [str(name) if name else "", f"({title})" if title else "",
                                      f"ký thay {mark}" if mark else ""] if x) or None
    kind = "letter" if n in sources else ("directive" if n in implemented else "document")
    details = {
        "kind": kind, "number": str(number or ""), "type": (types_vi or [str(doc_type or "")])[0],
        "date": str(g.value(n, ELI.date_document) or ""), "issuer": _label_pref(g, issuer) if issuer else "",
        "signer": signer, "title": str(g.value(n, ELI.title) or ""),
        "knownOnlyByCitation": bool(g.value(n, PKG.knownOnlyByCitation)),
        "letterIssuer": _label_pref(g, issuer) if n in sources and issuer else "",
    }
    short = str(number or label)
    tip = f"{details['type']} {short}\n{details['issuer']}\n{details['date']}"
    return {"kind": kind, "short": short, "tooltip": tip, "details": details,
            "search": fold(" ".join([short, label, details["issuer"], details["title"]]))}


def _body_info(g: Graph, b: URIRef) -> dict[str, Any]:
    name = _label_pref(g, b)
    return {"kind": "body", "short": name[:28] + ("…" if len(name) > 28 else ""), "tooltip": name,
            "details": {"kind": "body", "text": name}, "search": fold(name)}


def _label_pref(g: Graph, node: Any) -> str:
    if node is None:
        return ""
    return str(g.value(node, SKOS.prefLabel) or g.value(node, RDFS.label) or node)


def _layout(dg: nx.DiGraph, holds: list[tuple[URIRef, URIRef]],
            letter_of: dict[URIRef, Any] | None = None) -> dict[URIRef, tuple[float, float]]:
    """Layers by the longest chain up to a root (the top directive first), each layer ordered
    by the mean position of the nodes it derives from; a task stands under its own letter, in
    section order; bodies one layer below their tasks, on two staggered rows."""
    letter_of = letter_of or {}
    level: dict[URIRef, int] = {}
    for n in reversed(list(nx.topological_sort(dg))):
        parents = list(dg.successors(n))
        level[n] = 0 if not parents else 1 + max(level[p] for p in parents)
    layers: dict[int, list[URIRef]] = defaultdict(list)
    for n, lv in level.items():
        layers[lv].append(n)
    pos: dict[URIRef, tuple[float, float]] = {}
    for lv in sorted(layers):
        row = layers[lv]
        keyed = []
        for n in row:
            letter = letter_of.get(n)
            if letter is not None and letter in pos:
                keyed.append((pos[letter][0], _path_order(str(n)), n))
                continue
            px = [pos[p][0] for p in dg.successors(n) if p in pos]
            keyed.append((sum(px) / len(px) if px else 0.0, str(n), n))
        keyed.sort()
        width = (len(keyed) - 1) * NODE_GAP
        for i, (_, _, n) in enumerate(keyed):
            pos[n] = (i * NODE_GAP - width / 2, lv * LEVEL_GAP)
    bottom = (max(layers) + 1) * LEVEL_GAP if layers else 0
    by_body: dict[URIRef, list[float]] = defaultdict(list)
    for b, t in holds:
        if t in pos:
            by_body[b].append(pos[t][0])
    bodies = sorted(by_body, key=lambda b: (sum(by_body[b]) / len(by_body[b]), str(b)))
    width = (len(bodies) - 1) * NODE_GAP
    for i, b in enumerate(bodies):
        pos[b] = (i * NODE_GAP - width / 2, bottom + (i % 2) * LEVEL_GAP / 3)
    return pos


def _path_order(iri: str) -> str:
    path = iri.rsplit("/", 1)[-1]
    return ".".join(p.zfill(4) if p.isdigit() else p for p in path.split("."))


def build_network(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    """A pyvis Network with its lists filled directly (add_node is quadratic) and physics off."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [n["id"] for n in nodes]
    net.toggle_physics(False)
    return net


def explorer_html(g: Graph, focus: URIRef | None = None, lang: str = "vi") -> str:
    nodes, edges, meta = collect(g, focus)
    net = build_network(nodes, edges)
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(edges) > 3000},
        "edges": {"smooth": False, "width": 1.2},
        "nodes": {"borderWidth": 1},
    }
    js, css = _vis_assets()
    data = {"nodes": net.nodes, "edges": net.edges, "options": options, "meta": meta, "lang": lang}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    page = _TEMPLATE.replace("/*VIS_CSS*/", css).replace("/*VIS_JS*/", js.replace("</script", "<\\/script"))
    page = page.replace("/*DATA*/", payload).replace("{{lang}}", html.escape(lang))
    return page


def write_explorer(g: Graph, out: Path, focus: URIRef | None = None, lang: str = "vi") -> tuple[Path, int, int]:
    page = explorer_html(g, focus, lang)
    data = json.loads(page.split('<script id="data" type="application/json">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</"))
    return write_atomic(out, page), len(data["nodes"]), len(data["edges"])


def coverage_html(g: Graph) -> str:
    """The coverage matrix as a picture: shared tasks by issuer, a filled cell per carrier."""
    from .trace import coverage

    cov = coverage(g)
    head = "".join(f'<th class="col"><div>{html.escape(c)}</div></th>' for c in cov.columns)
    rows = []
    for _, label, cells in cov.rows:
        tds = "".join(
            f'<td class="{"on" if c else "off"}" title="{html.escape(c or "—")}">{html.escape(c)}</td>' for c in cells)
        rows.append(f'<tr><th class="row">{html.escape(label)}</th>{tds}</tr>')
    counts = [sum(1 for _, _, cells in cov.rows if cells[i]) for i in range(len(cov.columns))]
    foot = "".join(f"<td>{n}/{len(cov.rows)}</td>" for n in counts)
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>policykg — coverage</title>
<style>body{{font-family:system-ui,sans-serif;margin:1.5rem}}table{{border-collapse:collapse}}
th.row{{text-align:left;font-weight:normal;max-width:36rem;padding:.2rem .6rem;font-size:.85rem}}
th.col{{height:14rem;vertical-align:bottom;font-size:.8rem}}th.col div{{writing-mode:vertical-rl;transform:rotate(180deg)}}
td{{width:4.5rem;height:1.6rem;text-align:center;font-size:.8rem;border:1px solid #fff}}
td.on{{background:#2e8b57;color:#fff}}td.off{{background:#eee;color:#999}}tfoot td{{background:#fff;color:#333}}
</style></head><body><h1>Nhiệm vụ chung theo địa phương / Shared tasks by issuer</h1>
<p>{len(cov.rows)} nhiệm vụ chung (suy luận) × {len(cov.columns)} văn bản. Ô xanh: văn bản có nhiệm vụ (mục); ô xám: không có.</p>
<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody>
<tfoot><tr><th class="row">tổng / total</th>{foot}</tr></tfoot></table></body></html>"""


_TEMPLATE = """<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>policykg — lineage explorer</title>
<style>/*VIS_CSS*/</style>
<style>
html,body{margin:0;height:100%;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;color:#222}
#app{display:grid;grid-template-columns:1fr 26rem;grid-template-rows:auto 1fr;height:100%}
#bar{grid-column:1/3;display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;padding:.5rem .8rem;border-bottom:1px solid #ddd;background:#fafafa}
#bar fieldset{border:1px solid #ddd;padding:.1rem .5rem;margin:0}
#bar legend{font-size:.75rem;color:#666}
#network{position:relative;min-height:300px}
#side{overflow:auto;border-left:1px solid #ddd;padding:.6rem .9rem}
#hits{position:absolute;z-index:5;background:#fff;border:1px solid #ccc;max-height:20rem;overflow:auto;margin:0;padding:0;list-style:none;width:30rem}
#hits li{padding:.3rem .5rem;cursor:pointer;border-bottom:1px solid #eee}
#hits li:hover{background:#eef}
#legend{display:flex;gap:.8rem;flex-wrap:wrap;font-size:.8rem}
#legend span i{display:inline-block;width:.8rem;height:.8rem;margin-right:.25rem;vertical-align:middle}
.step{margin:.4rem 0;padding:.3rem .5rem;border-left:3px solid #ccc}
.step.inferred{border-color:#7b3fa0}.step.cited{border-color:#138a8a}.step.stated{border-color:#555}.step.inherited{border-color:#b0b0b0}
.quote{color:#444;font-style:italic}
dt{font-weight:600;margin-top:.4rem}dd{margin:0}
</style>
</head>
<body>
<div id="app">
  <div id="bar">
    <span style="position:relative"><input id="search" type="search" size="28" autocomplete="off"><ul id="hits" hidden></ul></span>
    <fieldset id="kinds"><legend data-t="kinds"></legend></fieldset>
    <fieldset id="bases"><legend data-t="bases"></legend></fieldset>
    <label><span data-t="issuer"></span> <select id="issuer"><option value="" data-t="all"></option></select></label>
    <button id="png" data-t="png"></button>
    <button id="langbtn"></button>
    <div id="legend"></div>
  </div>
  <div id="network"></div>
  <div id="side"><p data-t="hint"></p></div>
</div>
<script id="data" type="application/json">/*DATA*/</script>
<script>/*VIS_JS*/</script>
<script>
(function(){
"use strict";
const DATA = JSON.parse(document.getElementById("data").textContent);
const T = {
  vi:{kinds:"Loại nút",bases:"Căn cứ liên kết",issuer:"Cơ quan ban hành",all:"Tất cả",png:"Lưu ảnh PNG",
      lang:"English",search:"Tìm số, cơ quan, nội dung…",hint:"Bấm vào một nhiệm vụ hoặc văn bản để xem chuỗi nguồn gốc.",
      directive:"Văn bản cấp trên",letter:"Văn bản địa phương",document:"Văn bản được trích dẫn","shared-task":"Nhiệm vụ chung",task:"Nhiệm vụ",body:"Cơ quan",
      stated:"nêu rõ",cited:"trích dẫn",inherited:"kế thừa",inferred:"suy luận",holds:"được giao",
      number:"Số",type:"Loại",date:"Ngày",issuerL:"Cơ quan ban hành",signer:"Người ký",text:"Nội dung",assignees:"Cơ quan được giao",
      lead:"Chủ trì",cooperating:"Phối hợp",deadlines:"Thời hạn",quote:"Trích văn bản",chain:"Chuỗi nguồn gốc",score:"điểm",
      cited_only:"Chỉ biết qua trích dẫn",nohits:"Không tìm thấy",note:"Ghi chú"},
  en:{kinds:"Node kinds",bases:"Link basis",issuer:"Issuer",all:"All",png:"Save PNG",
      lang:"Tiếng Việt",search:"Search numbers, bodies, text…",hint:"Click a task or document to see its chain.",
      directive:"Higher directive",letter:"Local letter",document:"Cited document","shared-task":"Shared task",task:"Task",body:"Body",
      stated:"stated",cited:"cited",inherited:"inherited",inferred:"inferred",holds:"assigned",
      number:"Number",type:"Type",date:"Date",issuerL:"Issuer",signer:"Signer",text:"Text",assignees:"Assignees",
      lead:"Lead",cooperating:"Cooperating",deadlines:"Deadlines",quote:"Source text",chain:"Lineage",score:"score",
      cited_only:"Known only by citation",nohits:"No match",note:"Note"}
};
let lang = DATA.lang === "en" ? "en" : "vi";
const t = k => (T[lang][k] !== undefined ? T[lang][k] : k);
const fold = s => s.normalize("NFD").replace(/[\\u0300-\\u036f]/g,"").replace(/đ/g,"d").replace(/Đ/g,"D").toLowerCase().replace(/\\s+/g," ").trim();
const nodes = new vis.DataSet(DATA.nodes.map(n => Object.assign({}, n, {baseColor: n.color})));
const edges = new vis.DataSet(DATA.edges.map(e => Object.assign({}, e, {baseColor: e.color})));
const byId = new Map(DATA.nodes.map(n => [n.id, n]));
const meta = DATA.meta;
const network = new vis.Network(document.getElementById("network"), {nodes, edges}, DATA.options);
const state = {kinds: new Set(["directive","letter","document","shared-task","task","body"]),
               bases: new Set(["stated","cited","inherited","inferred","holds"]), issuer: "", selected: null};
const KIND_COLORS = {directive:"#8e2c2c",letter:"#1f4e8c",document:"#6b8fc7","shared-task":"#7b3fa0",task:"#e08a1e",body:"#2e8b57"};
const BASIS_COLORS = {stated:"#555555",cited:"#138a8a",inherited:"#b0b0b0",inferred:"#7b3fa0",holds:"#2e8b57"};

function checkboxes(box, items, set, colors){
  box.querySelectorAll("label").forEach(l => l.remove());
  items.forEach(k => {
    const l = document.createElement("label");
    const c = document.createElement("input"); c.type = "checkbox"; c.checked = set.has(k); c.dataset.key = k;
    c.id = box.id + "-" + k;
    c.addEventListener("change", () => { c.checked ? set.add(k) : set.delete(k); applyFilters(); });
    const s = document.createElement("span"); s.textContent = " " + t(k) + " "; s.style.color = colors[k];
    l.append(c, s); box.append(l);
  });
}
function legend(){
  const el = document.getElementById("legend"); el.textContent = "";
  Object.entries(KIND_COLORS).forEach(([k,c]) => { const s = document.createElement("span"); const i = document.createElement("i");
    i.style.background = c; s.append(i, document.createTextNode(t(k))); el.append(s); });
}
function translate(){
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach(e => e.textContent = t(e.dataset.t));
  document.getElementById("search").placeholder = t("search");
  document.getElementById("langbtn").textContent = t("lang");
  checkboxes(document.getElementById("kinds"), Object.keys(KIND_COLORS), state.kinds, KIND_COLORS);
  checkboxes(document.getElementById("bases"), Object.keys(BASIS_COLORS), state.bases, BASIS_COLORS);
  legend();
  if (state.selected) showPanel(state.selected);
}
function nodeVisible(n){
  if (!state.kinds.has(n.kind)) return false;
  if (state.issuer && (n.kind === "task" || n.kind === "letter")) {
    const d = meta.details[n.id] || {};
    if ((d.letterIssuer || "") !== state.issuer) return false;
  }
  return true;
}
function applyFilters(){
  const nu = [], eu = [];
  DATA.nodes.forEach(n => nu.push({id:n.id, hidden: !nodeVisible(n)}));
  DATA.edges.forEach(e => eu.push({id:e.id, hidden: !state.bases.has(e.basis) ||
      !nodeVisible(byId.get(e.from)) || !nodeVisible(byId.get(e.to))}));
  nodes.update(nu); edges.update(eu);
  if (state.selected) showPanel(state.selected);
}
function chainOf(id){
  const seenN = new Set([id]), seenE = new Set(), order = [id];
  for (let i = 0; i < order.length; i++) {
    (meta.steps[order[i]] || []).forEach(s => {
      if (!state.bases.has(s.basis)) return;
      seenE.add(order[i] + "|" + s.to);
      if (!seenN.has(s.to)) { seenN.add(s.to); order.push(s.to); }
    });
  }
  return {nodes: seenN, edges: seenE, order};
}
function highlight(id){
  const c = chainOf(id);
  nodes.update(DATA.nodes.map(n => ({id:n.id, opacity: c.nodes.has(n.id) ? 1 : 0.15})));
  edges.update(DATA.edges.map(e => ({id:e.id, color: {color: e.color, opacity: c.edges.has(e.id) ? 1 : 0.08},
                                      width: c.edges.has(e.id) ? 2.5 : 1})));
  return c;
}
function el(tag, text, cls){ const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = text; if (cls) e.className = cls; return e; }
function field(dl, key, value){ if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
  dl.append(el("dt", t(key)), el("dd", Array.isArray(value) ? value.join("; ") : String(value))); }
function showPanel(id){
  const side = document.getElementById("side"); side.textContent = "";
  const n = byId.get(id), d = meta.details[id] || {};
  side.append(el("h2", t(n.kind) + ": " + (d.kind === "task" ? d.number + " " + d.path : n.label)));
  const dl = el("dl"); side.append(dl);
  field(dl, "number", d.number); field(dl, "type", d.type); field(dl, "date", d.date);
  field(dl, "issuerL", d.issuer); field(dl, "signer", d.signer);
  if (d.kind === "task") { field(dl, "assignees", d.assignees); field(dl, "lead", d.lead); field(dl, "cooperating", d.cooperating);
    field(dl, "deadlines", d.deadlines); field(dl, "text", d.text); }
  else field(dl, "text", d.text || d.title);
  field(dl, "note", d.note);
  if (d.knownOnlyByCitation) side.append(el("p", t("cited_only")));
  if (d.quote) { side.append(el("h3", t("quote"))); side.append(el("p", "“" + d.quote + "”", "quote")); }
  const c = highlight(id);
  side.append(el("h3", t("chain")));
  const list = el("div", null, "chain"); list.id = "chain"; side.append(list);
  c.order.forEach(from => (meta.steps[from] || []).forEach(s => {
    if (!state.bases.has(s.basis)) return;
    const box = el("div", null, "step " + s.basis);
    const to = byId.get(s.to) || {label: s.to};
    const score = s.score !== null && s.score !== undefined ? " " + t("score") + " " + Number(s.score).toFixed(2) : "";
    box.append(el("div", (byId.get(from) || {label: from}).label + " → " + s.relation + " [" + t(s.basis) + score + "] → " + to.label));
    if (s.evidence) box.append(el("div", "“" + s.evidence + "”", "quote"));
    list.append(box);
  }));
}
function select(id){
  state.selected = id; showPanel(id);
  network.selectNodes([id]);
  network.fit({nodes: Array.from(chainOf(id).nodes), animation: false});
}
network.on("click", p => { if (p.nodes.length) select(p.nodes[0]); else { state.selected = null;
  nodes.update(DATA.nodes.map(n => ({id:n.id, opacity:1}))); edges.update(DATA.edges.map(e => ({id:e.id, color:{color:e.color, opacity:1}, width:1.2}))); } });
const search = document.getElementById("search"), hits = document.getElementById("hits");
search.addEventListener("input", () => {
  const q = fold(search.value); hits.textContent = "";
  if (q.length < 2) { hits.hidden = true; return; }
  const found = DATA.nodes.filter(n => (meta.search[n.id] || "").includes(q)).slice(0, 25);
  if (!found.length) hits.append(el("li", t("nohits")));
  found.forEach(n => { const d = meta.details[n.id] || {};
    const li = el("li", t(n.kind) + ": " + (d.kind === "task" ? d.number + " " + d.path + " — " + d.text.slice(0, 90) : n.label));
    li.dataset.id = n.id; li.className = "hit"; li.addEventListener("click", () => { hits.hidden = true; select(n.id); }); hits.append(li); });
  hits.hidden = false;
});
const issuerSel = document.getElementById("issuer");
(meta.issuers || []).forEach(i => { const o = el("option", i); o.value = i; issuerSel.append(o); });
issuerSel.addEventListener("change", () => { state.issuer = issuerSel.value; applyFilters(); });
document.getElementById("langbtn").addEventListener("click", () => { lang = lang === "vi" ? "en" : "vi"; translate(); });
document.getElementById("png").addEventListener("click", () => {
  const canvas = document.querySelector("#network canvas");
  const a = document.createElement("a"); a.download = "policykg-lineage.png"; a.href = canvas.toDataURL("image/png"); a.click();
});
window.policykg = {network, nodes, edges, state, select, applyFilters,
  visibleEdges: basis => edges.get({filter: e => e.basis === basis && !e.hidden}).length,
  png: () => document.querySelector("#network canvas").toDataURL("image/png")};
// everything starts visible: filters are applied only when changed (an update of every node
// and edge costs seconds on large graphs)
translate();
network.fit({animation: false});
network.once("afterDrawing", () => { window.policykgReady = true; });
network.redraw();
})();
</script>
</body>
</html>
"""
