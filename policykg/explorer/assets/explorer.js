/* policykg explorer: an overview of documents by level, a document's tasks by assignee, a task's
   chain up to the top and who carries it out below. The same code runs offline on the whole graph
   embedded in the page and live on fragments a server sends (policykg.explore_live): either way it
   works on the merged store S. */
(function(){
"use strict";
const CFG = JSON.parse(document.getElementById("config").textContent);
const LIVE = CFG.mode === "live";
const API = LIVE ? location.pathname.replace(/\/+$/, "") + "/api/" : null;

const T = {
  vi:{overview:"Tổng quan", coverage:"Độ phủ", search:"Tìm số văn bản, địa phương, cơ quan, nội dung (không cần dấu)…",
      levels:"Cấp", place:"Địa phương", allPlaces:"Tất cả địa phương", bases:"Căn cứ", citedDocs:"Văn bản chỉ được trích dẫn",
      png:"Lưu PNG", svg:"Lưu SVG", lang:"English",
      lv0:"Trung ương Đảng và Chính phủ", lv1:"Bộ, ngành", lv2:"Tỉnh, thành phố", lv3:"Huyện, xã",
      docs:"văn bản", tasksN:"nhiệm vụ", open:"bấm để mở", close:"bấm để thu gọn",
      hint:"Bấm vào một văn bản để xem các nhiệm vụ của nó; bấm vào một nhóm (khung viền đôi) để mở hoặc thu gọn nhóm. Hoặc tìm theo số, địa phương, nội dung.",
      number:"Số", placeCol:"Địa phương", assignee:"Cơ quan được giao", text:"Nội dung", nohits:"Không tìm thấy kết quả",
      doc:"Văn bản", letter:"Văn bản trong kho", citedDoc:"Văn bản chỉ được trích dẫn", group:"Nhóm văn bản", task:"Nhiệm vụ",
      shared:"Nhiệm vụ chung", carriers:"Nơi thực hiện", date:"Ngày", issuer:"Cơ quan ban hành", type:"Loại",
      title:"Trích yếu", lead:"Chủ trì", coop:"Phối hợp", deadlines:"Thời hạn", tasksBy:"Nhiệm vụ theo cơ quan được giao",
      chain:"Chuỗi nguồn gốc, từ trên xuống", others:"Liên kết khác", below:"Thực hiện ở cấp dưới, theo địa phương",
      none:"Không có", up:"Cấp trên", down:"Cấp dưới", lower:"Văn bản cấp dưới", closing:"Yêu cầu chung", unknown:"(chưa rõ cơ quan)",
      score:"điểm", more:n=>"… và "+n+" nữa", notFound:"Không có nút này trong dữ liệu", loading:"Đang tải…",
      nodes:"Nút", links:"Liên kết", kindDoc:"Văn bản (màu theo cấp)", kindCited:"Văn bản chỉ được trích dẫn", kindGroup:"Nhóm văn bản",
      kindTask:"Nhiệm vụ", kindShared:"Nhiệm vụ chung", kindPlace:"Địa phương thực hiện", kindBand:"Cấp",
      stated:"nêu rõ", cited:"trích dẫn", inherited:"kế thừa", inferred:"suy luận",
      implements:"thực hiện", continues:"tiếp tục thực hiện", cites:"trích dẫn", "assigned-by":"được giao bởi",
      carries:"mang nhiệm vụ chung", "carries-out":"triển khai nhiệm vụ", "derives-from":"bắt nguồn từ", implementsAgg:"thực hiện",
      tasksOf:n=>n+" nhiệm vụ", docsOf:n=>n+" văn bản", lowerShort:"huyện",
      dueTitle:"Lịch thời hạn", dueDoc:"Thời hạn của văn bản", dueTask:"Thời hạn của nhiệm vụ", dueBody:"Thời hạn của cơ quan",
      dueSpan:(a)=>"Định kỳ tính từ ngày văn bản đến "+a+" năm sau; tình trạng tính đến ngày ", dueNone:"Không có thời hạn nào có ngày",
      met:"đã báo cáo đúng hạn", late:"báo cáo muộn", overdue:"quá hạn", pending:"chưa đến hạn", asOfMark:"ngày xét",
      owes:"Cơ quan thực hiện", reportTo:"Báo cáo về", via:"Qua", words:"Thời hạn ghi trong văn bản", rec:"Lặp lại",
      monthly:"hằng tháng", quarterly:"hằng quý", semiannual:"6 tháng một lần", annual:"hằng năm", once:"một lần",
      bodyTimeline:"Xem lịch thời hạn của cơ quan", back:"Quay lại văn bản", dueCount:n=>n+" mốc thời hạn", fromBoxes:n=>"từ "+n+" khung", arrows:"↑n: số liên kết lên cấp trên · ↓n: số nhiệm vụ cấp dưới thực hiện"},
  en:{overview:"Overview", coverage:"Coverage", search:"Search numbers, places, bodies, text (diacritics optional)…",
      levels:"Levels", place:"Place", allPlaces:"All places", bases:"Basis", citedDocs:"Documents only cited",
      png:"Save PNG", svg:"Save SVG", lang:"Tiếng Việt",
      lv0:"Party central & Government", lv1:"Ministries", lv2:"Provinces", lv3:"Districts & communes",
      docs:"documents", tasksN:"tasks", open:"click to open", close:"click to fold",
      hint:"Click a document to see its tasks; click a group (double border) to open or fold it. Or search by number, place or text.",
      number:"Number", placeCol:"Place", assignee:"Assignee", text:"Text", nohits:"No match",
      doc:"Document", letter:"Letter in the corpus", citedDoc:"Document only cited", group:"Group of documents", task:"Task",
      shared:"Shared task", carriers:"Carried out in", date:"Date", issuer:"Issuer", type:"Type",
      title:"Subject", lead:"Lead", coop:"Cooperating", deadlines:"Deadlines", tasksBy:"Tasks by assignee",
      chain:"Chain of origin, top down", others:"Other links", below:"Carried out below, by place",
      none:"None", up:"Up", down:"Down", lower:"Lower documents", closing:"Closing obligations", unknown:"(body not stated)",
      score:"score", more:n=>"… and "+n+" more", notFound:"No such node in the data", loading:"Loading…",
      nodes:"Nodes", links:"Links", kindDoc:"Document (colour by level)", kindCited:"Document only cited", kindGroup:"Group of documents",
      kindTask:"Task", kindShared:"Shared task", kindPlace:"Place carrying it out", kindBand:"Level",
      stated:"stated", cited:"cited", inherited:"inherited", inferred:"inferred",
      implements:"implements", continues:"continues", cites:"cites", "assigned-by":"assigned by",
      carries:"carries the shared task", "carries-out":"carries out", "derives-from":"derives from", implementsAgg:"implements",
      tasksOf:n=>n+" tasks", docsOf:n=>n+" documents", lowerShort:"district",
      dueTitle:"Due dates", dueDoc:"Due dates of the document", dueTask:"Due dates of the task", dueBody:"Due dates of the body",
      dueSpan:(a)=>"Recurring duties from the document's date to "+a+" years after; status as of ", dueNone:"No dated deadline",
      met:"met on time", late:"met late", overdue:"overdue", pending:"not yet due", asOfMark:"as of",
      owes:"Owed by", reportTo:"Report to", via:"Through", words:"Deadline as written", rec:"Recurrence",
      monthly:"monthly", quarterly:"quarterly", semiannual:"every six months", annual:"annual", once:"once",
      bodyTimeline:"Show this body's due dates", back:"Back to the document", dueCount:n=>n+" due dates", fromBoxes:n=>"from "+n+" boxes", arrows:"↑n: links up to higher tasks or documents · ↓n: lower tasks carrying it out"}
};
let lang = CFG.lang === "en" ? "en" : "vi";
function t(k, arg){
  const v = T[lang][k];
  if (typeof v === "function") return v(arg);
  if (v !== undefined) return v;
  const fromStore = S.labels[k] && S.labels[k][lang];
  return fromStore || k;
}
const LEVEL_COLOURS = ["#8e2c2c", "#6d4c9f", "#1f4e8c", "#2e7d5b"];
const BASIS_COLOURS = {stated:"#4a4f57", cited:"#138a8a", inherited:"#9aa0a8", inferred:"#7b3fa0"};
const BASES = ["stated", "cited", "inherited", "inferred"];
const GROUP_MIN = 14;   // a level with more documents than this is shown grouped by province or ministry

// --- the store --------------------------------------------------------------------------
const S = {docs:new Map(), tasks:new Map(), shared:new Map(), up:new Map(), down:new Map(), seen:new Set(),
           tasksOf:new Map(), doclinks:[], labels:{}, loaded:new Set(), coverage:null, index:null,
           due:[], dueSeen:new Set(), asOf:"", dueYears:0, bodyLoaded:new Set()};
function push(map, k, v){ let a = map.get(k); if (!a) map.set(k, a = []); a.push(v); }
function merge(p){
  const full = i => { const s = p.ids[i]; return /^[a-z]+:/.test(s) ? s : p.base + s; };
  const nm = i => p.names[i] || "";
  p.docs.forEach(r => { const id = full(r[0]), had = S.docs.get(id);
    S.docs.set(id, {id, kind:"doc", number:r[1], type:r[2], date:r[3], issuer:nm(r[4]),
      level:r[5], province:nm(r[6]), district:nm(r[7]), group:nm(r[8]), letter:!!r[9], title:r[10] || (had ? had.title : ""), ntasks:r[11]}); });
  p.tasks.forEach(r => { const id = full(r[0]); if (S.tasks.has(id)) return; const doc = full(r[1]);
    S.tasks.set(id, {id, kind:"task", doc, path:r[2], text:r[3], assignees:r[4].map(nm), lead:r[5].map(nm), coop:r[6].map(nm),
      deadlines:r[7], closing:!!r[8]}); push(S.tasksOf, doc, id); });
  p.shared.forEach(r => { S.shared.set(full(r[0]), {id:full(r[0]), kind:"shared", text:r[1]}); });
  p.edges.forEach(r => { const e = {child:full(r[0]), parent:full(r[1]), rel:p.terms[r[2]], basis:p.terms[r[3]], score:r[4],
      quote:r[5] >= 0 ? p.quotes[r[5]] : ""};
    const key = e.child + "|" + e.parent + "|" + e.rel + "|" + e.basis; if (S.seen.has(key)) return; S.seen.add(key);
    push(S.up, e.child, e); push(S.down, e.parent, e); });
  (p.doclinks || []).forEach(r => S.doclinks.push({child:full(r[0]), parent:full(r[1]), rel:p.terms[r[2]], n:r[3]}));
  const STATUS = {m: "met", l: "late", o: "overdue", p: "pending"};
  (p.due || []).forEach(r => { const task = full(r[0]), tk = S.tasks.get(task);
    r[7].forEach((date, k) => { const d = {task, doc: tk ? tk.doc : "", date, status: STATUS[r[8][k]] || "pending", body: nm(r[1]),
      bodyIri: r[2] >= 0 ? full(r[2]) : "", to: r[3] >= 0 ? nm(r[3]) : "", via: r[4] >= 0 ? nm(r[4]) : "",
      words: r[5] >= 0 ? p.quotes[r[5]] : "", rec: r[6]};
      const key = [d.task, d.date, d.bodyIri || d.body, d.words].join("|"); if (S.dueSeen.has(key)) return; S.dueSeen.add(key); S.due.push(d); }); });
  if (p.asOf) S.asOf = p.asOf;
  if (p.dueYears) S.dueYears = p.dueYears;
  Object.assign(S.labels, p.labels || {});
  if (p.coverage) S.coverage = p.coverage;
  S.index = null;
}
function node(id){ return S.docs.get(id) || S.tasks.get(id) || S.shared.get(id) || null; }
async function api(path){
  const r = await fetch(API + path);
  if (!r.ok) throw new Error((await r.json().catch(() => ({error: r.statusText}))).error || r.statusText);
  return r.json();
}
async function ensure(id){
  if (!LIVE || S.loaded.has(id)) return;
  const p = await api("node?id=" + encodeURIComponent(id));
  merge(p); S.loaded.add(id);
}

// --- text -------------------------------------------------------------------------------
const fold = s => (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
// Labels are wrapped here, by measured width, not by cytoscape: the node's height follows its
// lines, and the SVG export writes the same lines.
const measure = document.createElement("canvas").getContext("2d");
function textWidth(s, fs){ measure.font = fs + "px DejaVu Sans, sans-serif"; return measure.measureText(s).width; }
function wrap(text, px, maxLines, fs){
  fs = fs || 13;
  const words = (text || "").split(/\s+/).filter(Boolean), lines = [];
  let cur = "", i = 0;
  for (; i < words.length; i++) {
    const w = words[i], next = cur ? cur + " " + w : w;
    if (!cur || textWidth(next, fs) <= px) { cur = next; continue; }
    lines.push(cur); cur = w;
    if (lines.length === maxLines) { cur = ""; break; }
  }
  if (cur && lines.length < maxLines) { lines.push(cur); i = words.length; }
  const cut = l => { while (l.length > 1 && textWidth(l + "…", fs) > px) l = l.slice(0, -1); return l + "…"; };
  const out = lines.map(l => textWidth(l, fs) > px ? cut(l) : l);
  if (i < words.length && out.length) out[out.length - 1] = cut(out[out.length - 1].replace(/…$/, ""));
  return out;
}
const shortBody = s => (s || "").replace(/^Ủy ban nhân dân/, "UBND");
const dmy = s => /^\d{4}-\d\d-\d\d$/.test(s || "") ? s.slice(8) + "/" + s.slice(5, 7) + "/" + s.slice(0, 4) : (s || "");
function docTitle(d){ return (d.type ? d.type + " " : "") + d.number; }
function docPlace(d){ return d.district ? d.district + ", " + d.province : (d.province || shortBody(d.issuer)); }
function taskRef(tk){ const d = S.docs.get(tk.doc); return (d ? d.number : "?") + " · " + (tk.closing ? t("closing") : tk.path); }
function sharedText(n){
  const own = n.text.replace(/^Nhiệm vụ chung của [^:]+:\s*/, "");
  if (own.length >= 16) return own;
  const member = (S.down.get(n.id) || []).map(e => S.tasks.get(e.child)).find(Boolean);
  return member ? member.text : own;
}
function nodeName(id){
  const n = node(id); if (!n) return id;
  if (n.kind === "doc") return docTitle(n);
  if (n.kind === "task") return taskRef(n);
  const text = sharedText(n);
  return t("shared") + ": " + (text.length > 90 ? text.slice(0, 89) + "…" : text);
}
function relName(e){ return t(e.rel) + " · " + t(e.basis) + (e.score !== null && e.score !== undefined ? " " + t("score") + " " + Number(e.score).toFixed(2) : ""); }

// --- filters ----------------------------------------------------------------------------
const state = {view:{kind:"overview"}, levels:new Set([0,1,2,3]), place:"", bases:new Set(BASES), cited:true, expanded:new Set(), tab:"graph"};
function docVisible(d){
  if (!d) return true;
  if (!state.levels.has(d.level)) return false;
  if (state.place && d.level >= 2 && d.province !== state.place && d.group !== state.place) return false;
  if (!state.cited && !d.letter) return false;
  return true;
}
function visible(id){
  const n = node(id); if (!n) return true;
  if (n.kind === "doc") return docVisible(n);
  if (n.kind === "task") return docVisible(S.docs.get(n.doc));
  const up = (S.up.get(id) || []).find(e => S.docs.has(e.parent));
  return up ? docVisible(S.docs.get(up.parent)) : true;
}
const edgeOn = e => state.bases.has(e.basis) || !BASES.includes(e.basis);

// --- the canvas -------------------------------------------------------------------------
if (window.cytoscapeDagre && window.cytoscape) { try { cytoscape.use(cytoscapeDagre); } catch (e) { /* registered already */ } }
const cy = cytoscape({container: document.getElementById("graph"), minZoom: 0.05, maxZoom: 3,
  boxSelectionEnabled: false, autoungrabify: true, style: [
  {selector: "node", style: {"label": "data(label)", "text-wrap": "wrap", "text-max-width": "data(tw)", "text-valign": "center",
    "text-halign": "center", "font-size": "data(fs)", "line-height": 1.25, "width": "data(w)", "height": "data(h)", "shape": "round-rectangle",
    "background-color": "data(bg)", "color": "data(fg)", "border-width": "data(bw)", "border-color": "data(bd)", "border-style": "data(bs)",
    "font-family": "DejaVu Sans, sans-serif"}},
  {selector: ":parent", style: {"background-color": "data(bg)", "background-opacity": 1, "text-valign": "top", "text-halign": "center",
    "font-size": 15, "font-weight": "bold", "padding": 18, "color": "#2c3a4d", "text-margin-y": -4}},
  {selector: "edge", style: {"curve-style": "bezier", "width": "data(wd)", "line-color": "data(c)", "source-arrow-shape": "triangle",
    "source-arrow-color": "data(c)", "arrow-scale": 0.9, "opacity": "data(op)", "line-style": "data(ls)", "label": "data(label)", "font-size": 11,
    "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 2, "color": "#333",
    "text-rotation": "none", "text-wrap": "wrap", "font-family": "DejaVu Sans, sans-serif"}},
  {selector: "node.focus", style: {"border-width": 4, "border-color": "#111"}},
]});
function nodeData(id, lines, o){
  const width = o.w || 200, fs = o.fs || 13;
  return {group: "nodes", data: Object.assign({id, label: lines.join("\n"), w: width, h: o.h || Math.round(lines.length * fs * 1.25 + 16),
    tw: width + 40, fs, bg: "#fff", fg: "#1d232b", bd: "#888", bw: 1.5, bs: "solid", ref: id}, o, {w: width}), classes: o.classes || ""};
}
function edgeData(parent, child, o){
  return {group: "edges", data: Object.assign({id: "e:" + parent + ">" + child + ":" + (o.key || ""), source: parent, target: child,
    label: "", c: "#4a4f57", wd: 1.4, ls: "solid", op: 1}, o)};
}
function basisStyle(b){ return {c: BASIS_COLOURS[b] || "#4a4f57", ls: b === "inherited" || b === "inferred" ? "dashed" : "solid"}; }
function docNodeStyle(d){
  const c = LEVEL_COLOURS[d.level];
  return d.letter ? {bg: c, fg: "#fff", bd: c, bs: "solid"} : {bg: "#fff", fg: "#1d232b", bd: c, bs: "dashed", bw: 2};
}
function docLines(d, w){
  const l = [docTitle(d), shortBody(d.issuer) || d.group];
  const n = d.ntasks || (S.tasksOf.get(d.id) || []).length;
  l.push(dmy(d.date) + (n ? " · " + t("tasksOf", n) : ""));
  return l.filter(Boolean).flatMap(s => wrap(s, (w || 200) - 18, 2));
}

// --- overview ---------------------------------------------------------------------------
function overview(){
  const els = [], units = new Map(), unitOf = new Map();
  const docs = [...S.docs.values()].filter(docVisible);
  const byLevel = [[], [], [], []];
  docs.forEach(d => byLevel[d.level].push(d));
  const addTo = (uid, lv, d, group) => {
    if (!units.has(uid)) units.set(uid, {id: uid, level: lv, docs: [], below: 0, group});
    const u = units.get(uid); u.docs.push(d); if (d.level > lv) u.below++; unitOf.set(d.id, uid);
  };
  const provinceKey = d => "group:2:" + (d.province || d.group || "?");
  // provinces, districts and communes grouped by province together when there are many: a
  // province's box counts its districts' letters, which open (in their own level) with it
  const local = byLevel[2].length + byLevel[3].length > GROUP_MIN;
  byLevel.forEach((list, lv) => {
    const groups = new Map();
    list.forEach(d => push(groups, d.group || "?", d));
    list.forEach(d => {
      if (lv >= 2 && local) {
        const gk = provinceKey(d);
        if (!state.expanded.has(gk)) { addTo(gk, 2, d, d.province || d.group || "?"); return; }
        if (lv === 3 && list.filter(x => provinceKey(x) === gk).length > GROUP_MIN) {
          const dk = "group:3:" + (d.province || "?") + "/" + (d.district || "?");
          if (!state.expanded.has(dk)) { addTo(dk, 3, d, d.district || "?"); return; }
        }
        addTo(d.id, lv, d, null); return;
      }
      const gk = "group:" + lv + ":" + (d.group || "?");
      const grouped = list.length > GROUP_MIN && groups.get(d.group || "?").length > 1 && !state.expanded.has(gk);
      addTo(grouped ? gk : d.id, lv, d, grouped ? (d.group || "?") : null);
    });
  });
  // an opened province keeps a box to fold it again
  state.expanded.forEach(gk => { if (gk.startsWith("group:2:") && !units.has(gk)) {
    const name = gk.slice(8); if (docs.some(d => d.level >= 2 && (d.province || d.group) === name))
      units.set(gk, {id: gk, level: 2, docs: [], below: 0, group: name, open: true}); } });
  // links between units: a document's own links to documents, and what its tasks cite
  const links = new Map();
  const addLink = (c, p, rel, basis, n) => {
    const uc = unitOf.get(c), up = unitOf.get(p);
    if (!uc || !up || uc === up) return;
    const k = up + ">" + uc;  // one line per pair: its relation the strongest one (own links before citations)
    const l = links.get(k) || {p: up, c: uc, rel, basis, n: 0}; l.n += n; links.set(k, l);
    if (l.basis === "cited" && basis !== "cited") { l.rel = rel; l.basis = basis; }
  };
  S.docs.forEach(d => (S.up.get(d.id) || []).forEach(e => { if (S.docs.has(e.parent) && edgeOn(e)) addLink(e.child, e.parent, e.rel, e.basis, 1); }));
  if (state.bases.has("cited")) S.doclinks.forEach(l => addLink(l.child, l.parent, l.rel, "cited", l.n));
  // layout: a band per level; inside, rows by depth within the band, each ordered by its parents
  const grouped = [...units.values()].some(u => u.group);
  const GAP = grouped ? 16 : 26;
  const pos = new Map();
  let y = 0;
  const aspect = Math.max(1, (cy.width() || 1000) / Math.max(400, cy.height() || 700));
  for (let lv = 0; lv < 4; lv++) {
    const list = [...units.values()].filter(u => u.level === lv);
    if (!list.length) continue;
    els.push({group: "nodes", data: {id: "band:" + lv, label: t("lv" + lv) + " — " + t("docsOf", list.reduce((a, u) => a + u.docs.length - u.below, 0)) + (list.some(u => u.below) ? " (+ " + list.reduce((a, u) => a + u.below, 0) + " " + t("lowerShort") + ")" : ""),
      bg: lv % 2 ? "#f4f6f9" : "#eef2f7", w: 10, h: 10, tw: 400, fs: 15, fg: "#2c3a4d", bd: "#c9d1dc", bw: 1, bs: "solid"}, classes: "band"});
    const depth = new Map();
    const parentsIn = u => [...links.values()].filter(l => l.c === u.id && units.get(l.p) && units.get(l.p).level === lv).map(l => l.p);
    const dep = (u, seen) => { if (depth.has(u.id)) return depth.get(u.id); if (seen.has(u.id)) return 0; seen.add(u.id);
      const ps = parentsIn(u); const v = ps.length ? 1 + Math.max(...ps.map(p => dep(units.get(p), seen))) : 0; depth.set(u.id, v); return v; };
    list.forEach(u => dep(u, new Set()));
    const ranks = new Map(); list.forEach(u => push(ranks, depth.get(u.id), u));
    const cols = Math.max(4, Math.min(12, Math.round(Math.sqrt(list.length * aspect * 0.8))));
    [...ranks.keys()].sort((a, b) => a - b).forEach(r => {
      const row = ranks.get(r);
      const bary = u => { const xs = [...links.values()].filter(l => l.c === u.id && pos.has(l.p)).map(l => pos.get(l.p).x);
        return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Infinity; };
      row.forEach(u => { u.bx = bary(u); u.name = u.group || docTitle(u.docs[0]); });
      row.sort((a, b) => (a.bx === b.bx ? 0 : a.bx - b.bx) || (b.docs.length - a.docs.length) || a.name.localeCompare(b.name, "vi"));
      for (let i = 0; i < row.length; i += cols) {
        const chunk = row.slice(i, i + cols);
        const items = chunk.map(u => unitNode(u));
        const hmax = Math.max(...items.map(n => n.data.h));
        const W = Math.max(...items.map(n => n.data.w)) + GAP, width = chunk.length * W - GAP;
        chunk.forEach((u, k) => { const n = items[k]; n.data.parent = "band:" + lv;
          n.position = {x: k * W - width / 2 + (W - GAP) / 2, y: y + hmax / 2}; pos.set(u.id, n.position); els.push(n); });
        y += hmax + (grouped ? 20 : 34);
      }
    });
    y += 70;
  }
  // many boxes of one level linked to the same parent: one line from the level's frame
  const fan = new Map();
  links.forEach((l, k) => { const u = units.get(l.c); if (u && units.get(l.p) && units.get(l.p).level < u.level) push(fan, l.p + ">" + u.level, k); });
  fan.forEach((keys, pk) => { if (keys.length <= 12) return;
    const [p, lv] = [pk.slice(0, pk.lastIndexOf(">")), pk.slice(pk.lastIndexOf(">") + 1)];
    const first = links.get(keys[0]); let n = 0;
    keys.forEach(k => { n += 1; links.delete(k); });
    links.set(pk + ">band", {p, c: "band:" + lv, rel: first.rel, basis: first.basis, n, fan: true}); });
  links.forEach(l => {
    const s = basisStyle(l.basis);
    els.push(edgeData(l.p, l.c, {key: l.rel, c: s.c, ls: s.ls, wd: l.fan ? 3 : Math.min(6, 1.2 + Math.log2(l.n)),
      label: l.fan ? "" : (l.n > 1 && links.size < 60 ? String(l.n) : ""), rel: l.rel, basis: l.basis, op: links.size > 60 ? 0.45 : 1}));
  });
  return {els, layout: {name: "preset"}};
}
function unitNode(u){
  if (!u.group) { const d = u.docs[0]; return nodeData(d.id, docLines(d, 196), Object.assign({w: 196, kind: "doc"}, docNodeStyle(d))); }
  const c = LEVEL_COLOURS[u.level], own = u.docs.length - u.below;
  const count = u.open ? "(" + t("close") + ")" : t("docsOf", own) + (u.below ? " · " + u.below + " " + t("lowerShort") : "");
  const lines = [...wrap(u.group, 156, 1, 14), ...wrap(count, 156, 2, 14)];
  return nodeData(u.id, lines, {w: 170, kind: "group", bg: u.open ? "#f1f4f8" : "#fff", fg: "#1d232b", bd: c, bw: 3, bs: "double", fs: 14, group: u.group});
}
// --- a document -------------------------------------------------------------------------
function mainParent(id){
  const ups = (S.up.get(id) || []).filter(e => edgeOn(e));
  const n = node(id);
  if (n && n.kind === "task") {
    const higher = ups.find(e => S.tasks.has(e.parent));
    if (higher) return {id: higher.parent, edge: higher};
    return {id: n.doc, edge: {child: id, parent: n.doc, rel: "assigned-by", basis: "stated", quote: ""}};
  }
  const order = ["implements", "continues"];
  const docUps = ups.filter(e => S.docs.has(e.parent)).sort((a, b) =>
    ((order.indexOf(a.rel) + 3) % 3) - ((order.indexOf(b.rel) + 3) % 3) || (a.basis === "stated" ? -1 : 1));
  return docUps.length ? {id: docUps[0].parent, edge: docUps[0]} : null;
}
function chainUp(id){
  const steps = [], seen = new Set([id]);
  let cur = id;
  for (;;) { const p = mainParent(cur); if (!p || seen.has(p.id)) break; seen.add(p.id); steps.push(p); cur = p.id; }
  return steps.reverse();  // top first
}
function taskGroups(docId){
  const groups = new Map();
  (S.tasksOf.get(docId) || []).map(i => S.tasks.get(i)).forEach(tk => {
    const key = tk.closing ? t("closing") : (tk.lead[0] || tk.assignees[0] || t("unknown"));
    push(groups, key, tk);
  });
  const order = p => p.split(".").map(x => /^\d+$/.test(x) ? x.padStart(4, "0") : x).join(".");
  groups.forEach(list => list.sort((a, b) => order(a.path).localeCompare(order(b.path))));
  return [...groups.entries()].sort((a, b) => order(a[1][0].path).localeCompare(order(b[1][0].path)));
}
function downTasks(id){ return (S.down.get(id) || []).filter(e => S.tasks.has(e.child) && edgeOn(e) && visible(e.child)); }
function upLinks(id){ const n = node(id); return (S.up.get(id) || []).filter(e => edgeOn(e) && !(n && n.kind === "task" && e.parent === n.doc)); }
function documentView(id){
  const d = S.docs.get(id), els = [];
  const chain = chainUp(id);
  // the chain up in one row above the document, read left to right from the top
  const CW = 340;
  chain.forEach((s, i) => {
    els.push(Object.assign(nodeFor(s.id, {w: 220}), {position: {x: (i - (chain.length - 1) / 2) * CW, y: -150}})); });
  chain.forEach((s, i) => { const child = i + 1 < chain.length ? chain[i + 1].id : id; const e = s.edge; const bs = basisStyle(e.basis);
    els.push(edgeData(s.id, child, {label: t(e.rel) + "\n" + t(e.basis), c: bs.c, ls: bs.ls, basis: e.basis})); });
  els.push(Object.assign(nodeData(id, docLines(d, 260), Object.assign({w: 260, kind: "doc", classes: "focus", fs: 14}, docNodeStyle(d))), {position: {x: 0, y: 0}}));
  const groups = taskGroups(id);
  const GW = 262;
  // groups in columns, each into the shortest column, with as many columns as best fit the canvas
  const boxes = groups.map(([name, list]) => {
    const label = wrap(shortBody(name) + " (" + list.length + ")", GW - 40, 2, 13);
    const tasks = list.map(tk => {
      const ups = upLinks(tk.id).length, downs = downTasks(tk.id).length;
      const marks = (ups ? "  ↑" + ups : "") + (downs ? "  ↓" + downs : "");
      return nodeData(tk.id, [...wrap((tk.closing ? t("closing") : tk.path) + marks, GW - 54, 1, 12), ...wrap(tk.text, GW - 54, 2, 12)],
                      {w: GW - 36, kind: "task", bg: "#fff6ea", bd: "#e08a1e", fs: 12});
    });
    return {name, label, tasks, h: label.length * 17 + 30 + tasks.reduce((a, n) => a + n.data.h + 10, 0)};
  });
  const aspect = Math.max(0.8, (cy.width() || 1000) / Math.max(300, cy.height() || 700));
  let best = null;
  for (let c = 1; c <= Math.min(8, boxes.length || 1); c++) {
    const heights = new Array(c).fill(0), place = [];
    boxes.forEach(b => { const k = heights.indexOf(Math.min(...heights)); place.push([k, heights[k]]); heights[k] += b.h + 46; });
    const w = c * GW, h = Math.max(...heights) + 200, score = Math.abs(Math.log((w / h) / aspect));
    if (!best || score < best.score) best = {c, place, score, h: Math.max(...heights)};
  }
  let bottom = 130;
  boxes.forEach((b, i) => {
    const [k, top] = best.place[i];
    const x = (k - (best.c - 1) / 2) * GW, y = 130 + top;
    const gid = "assignee:" + id + ":" + b.name;
    els.push({group: "nodes", data: {id: gid, label: b.label.join("\n"), bg: "#f7f4ee", w: 10, h: 10, tw: GW, fs: 13, fg: "#2c3a4d", bd: "#d9cbb2", bw: 1, bs: "solid", kind: "assignee"}});
    let ty = y + b.label.length * 17;
    b.tasks.forEach(n => { n.data.parent = gid; n.position = {x, y: ty + n.data.h / 2}; ty += n.data.h + 10; els.push(n); });
    bottom = Math.max(bottom, ty);
    els.push(edgeData(id, gid, {key: "assigns", c: "#c9b48f", wd: 1.2}));
  });
  let y = bottom, rowH = 0;
  // documents below, grouped by place when many
  const lower = (S.down.get(id) || []).filter(e => S.docs.has(e.child) && edgeOn(e) && visible(e.child));
  if (lower.length) {
    y += rowH + 90;
    const byPlace = new Map(); lower.forEach(e => push(byPlace, docPlace(S.docs.get(e.child)), e));
    const many = lower.length > 8;
    const items = many ? [...byPlace.entries()].map(([p, es]) => ({id: "lowerplace:" + id + ":" + p, lines: [...wrap(p, 174, 2), t("docsOf", es.length)], es}))
                       : lower.map(e => ({id: e.child, lines: docLines(S.docs.get(e.child), 190), es: [e], doc: S.docs.get(e.child)}));
    const cols2 = Math.min(8, items.length);
    items.forEach((it, i) => {
      const x = ((i % cols2) - (cols2 - 1) / 2) * 214, yy = y + Math.floor(i / cols2) * 100;
      const style = it.doc ? docNodeStyle(it.doc) : {bg: "#eaf5ee", bd: "#2e8b57"};
      els.push(Object.assign(nodeData(it.id, it.lines, Object.assign({w: 190, kind: it.doc ? "doc" : "place"}, style)), {position: {x, y: yy}}));
      const bs = basisStyle(it.es[0].basis);
      els.push(edgeData(id, it.id, {label: t(it.es[0].rel), c: bs.c, ls: bs.ls}));
    });
  }
  return {els, layout: {name: "preset"}};
}

// --- a task or shared task --------------------------------------------------------------
function taskView(id){
  const els = [], have = new Set();
  const n = node(id);
  const add = (nid, o) => { if (have.has(nid)) return; have.add(nid); els.push(nodeFor(nid, o)); };
  const chain = chainUp(id);
  chain.forEach(s => add(s.id));
  add(id, {classes: "focus"});
  chain.forEach((s, i) => { const child = i + 1 < chain.length ? chain[i + 1].id : id; const bs = basisStyle(s.edge.basis);
    els.push(edgeData(s.id, child, {label: t(s.edge.rel) + "\n" + t(s.edge.basis), c: bs.c, ls: bs.ls, wd: 2.2})); });
  const onChain = new Set(chain.map(s => s.id));
  upLinks(id).filter(e => !onChain.has(e.parent)).slice(0, 8).forEach(e => {
    add(e.parent); const bs = basisStyle(e.basis);
    els.push(edgeData(e.parent, id, {key: e.rel, label: t(e.rel) + "\n" + t(e.basis), c: bs.c, ls: bs.ls}));
  });
  const carriers = carriersByPlace(id);
  carriers.slice(0, 12).forEach(([place, es]) => {
    const pid = "carriers:" + id + ":" + place;
    els.push(nodeData(pid, [...wrap(place, 164, 2), t("tasksOf", es.length)], {w: 180, kind: "place", bg: "#eaf5ee", bd: "#2e8b57", place}));
    const bs = basisStyle(es[0].basis);
    els.push(edgeData(id, pid, {label: t(es[0].rel), c: bs.c, ls: bs.ls}));
  });
  if (carriers.length > 12) {
    const rest = carriers.slice(12).reduce((a, c) => a + c[1].length, 0);
    els.push(nodeData("carriers:" + id + ":more", [t("more", carriers.length - 12), t("tasksOf", rest)], {w: 180, kind: "place", bg: "#fff", bd: "#2e8b57"}));
    els.push(edgeData(id, "carriers:" + id + ":more", {}));
  }
  return {els, layout: {name: "dagre", rankDir: "TB", nodeSep: 70, rankSep: 80, edgeSep: 20, fit: false, animate: false}};
}
function carriersByPlace(id){
  const byPlace = new Map();
  downTasks(id).forEach(e => { const tk = S.tasks.get(e.child), d = S.docs.get(tk.doc); push(byPlace, d ? docPlace(d) : "?", e); });
  return [...byPlace.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], "vi"));
}
function nodeFor(id, o){
  const n = node(id);
  o = o || {};
  if (!n) return nodeData(id, [id], o);
  if (n.kind === "doc") return nodeData(id, docLines(n, 230), Object.assign({w: 230, kind: "doc"}, docNodeStyle(n), o));
  if (n.kind === "task") {
    const d = S.docs.get(n.doc);
    const lines = [...wrap(taskRef(n), 232, 1, 12), ...(d ? wrap(docPlace(d), 232, 1, 12) : []), ...wrap(n.text, 232, 3, 12)];
    return nodeData(id, lines, Object.assign({w: 250, kind: "task", bg: "#fff6ea", bd: "#e08a1e", fs: 12}, o));
  }
  return nodeData(id, [t("shared"), ...wrap(sharedText(n), 232, 3, 12)],
                  Object.assign({w: 250, kind: "shared", bg: "#f3ecf8", bd: "#7b3fa0", fs: 12}, o));
}

// --- drawing ----------------------------------------------------------------------------
let ready = false;
function draw(view){
  cy.startBatch(); cy.elements().remove(); cy.add(view.els); cy.endBatch();
  legend();
  cy.resize();  // the legend's height changes the canvas's
  if (view.layout.name === "dagre" && window.cytoscapeDagre) cy.layout(view.layout).run();
  cy.fit(cy.elements(), 30);
  if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }
}
function currentKinds(){
  const kinds = new Set(cy.nodes().map(n => n.data("kind")).filter(Boolean));
  const bases = new Set(cy.edges().map(e => e.data("basis") || (e.data("ls") === "dashed" ? "inferred" : null)).filter(Boolean));
  cy.edges().forEach(e => { const c = e.data("c"); Object.entries(BASIS_COLOURS).forEach(([b, col]) => { if (col === c) bases.add(b); }); });
  const items = [];
  const levels = new Set(cy.nodes().filter(n => n.data("kind") === "doc" || n.data("kind") === "group").map(n => {
    const d = S.docs.get(n.id()); return d ? d.level : +String(n.id()).split(":")[1]; }));
  [...levels].filter(l => l >= 0 && l < 4).sort().forEach(l => items.push({kind: "box", colour: LEVEL_COLOURS[l], label: t("lv" + l)}));
  if (cy.nodes().some(n => n.data("kind") === "doc" && n.data("bs") === "dashed")) items.push({kind: "outline", colour: "#555", label: t("kindCited")});
  if (kinds.has("group")) items.push({kind: "outline", colour: "#1f4e8c", label: t("kindGroup")});
  if (kinds.has("task")) items.push({kind: "box", colour: "#e08a1e", label: t("kindTask")});
  if (kinds.has("shared")) items.push({kind: "box", colour: "#7b3fa0", label: t("kindShared")});
  if (kinds.has("place")) items.push({kind: "box", colour: "#2e8b57", label: t("kindPlace")});
  BASES.filter(b => bases.has(b)).forEach(b => items.push({kind: b === "inherited" || b === "inferred" ? "dash" : "line", colour: BASIS_COLOURS[b], label: t(b)}));
  if (kinds.has("task") && state.view.kind === "doc") items.push({kind: "text", colour: "#333", label: t("arrows")});
  return items;
}
function legend(){
  const box = document.getElementById("legend"); box.textContent = "";
  currentKinds().forEach(it => { const s = document.createElement("span"); let i = document.createElement("i");
    if (it.kind === "box") i.style.background = it.colour;
    else if (it.kind === "outline") { i.style.border = "2px dashed " + it.colour; i.style.background = "#fff"; }
    else if (it.kind === "text") { i = null; }
    else { i.className = "line" + (it.kind === "dash" ? " dash" : ""); i.style.borderTopColor = it.colour; }
    if (i) s.append(i); s.append(document.createTextNode(it.label)); box.append(s); });
}

// --- the side panel ---------------------------------------------------------------------
const side = document.getElementById("side");
function el(tag, text, cls){ const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = text; if (cls) e.className = cls; return e; }
function link(id, text){ const a = el("a", text || nodeName(id), "node"); a.dataset.id = id; a.addEventListener("click", () => go(id)); return a; }
function dl(pairs){ const d = el("dl"); pairs.forEach(([k, v]) => { if (v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length)) return;
  d.append(el("dt", t(k)), el("dd", Array.isArray(v) ? v.join("; ") : String(v))); }); return d; }
const panels = [];  // more panels for a node (the deadline timeline below): fn(node, container, lang)
function extraPanels(n){ panels.forEach(fn => { const box = el("div", null, "extra"); fn(n, box, lang); if (box.childNodes.length) side.append(box); }); }
function hint(){ side.textContent = ""; side.append(el("p", t("hint"), "muted")); }
function docPanel(id){
  const d = S.docs.get(id); side.textContent = "";
  side.append(el("div", d.letter ? t("letter") : t("citedDoc"), "kind"), el("h2", docTitle(d)));
  side.append(dl([["issuer", d.issuer], ["placeCol", docPlace(d)], ["date", dmy(d.date)], ["title", d.title]]));
  extraPanels(d);  // the deadline timeline near the top, before the long list of tasks
  const chain = chainUp(id);
  if (chain.length) { side.append(el("h3", t("chain"))); side.append(chainList(chain, id)); }
  side.append(el("h3", t("tasksBy")));
  const groups = taskGroups(id);
  if (!groups.length) side.append(el("p", t("none"), "muted"));
  groups.forEach(([name, list]) => {
    const g = el("div", null, "group"), h4 = el("h4", name + " (" + list.length + ")"); g.append(h4);
    const owed = S.due.find(x => x.doc === id && x.body === name && x.bodyIri);
    if (owed) { const b = el("button", "⏱", "duebtn"); b.title = t("bodyTimeline"); b.setAttribute("aria-label", t("bodyTimeline"));
      b.addEventListener("click", () => { showBody(owed.bodyIri, name, id).catch(e => console.warn(e)); }); h4.append(b); }
    const ul = el("ul"); g.append(ul);
    list.forEach(tk => { const li = el("li"); li.append(link(tk.id, tk.closing ? t("closing") : tk.path), document.createTextNode(" " + tk.text.slice(0, 140) + (tk.text.length > 140 ? "…" : "")));
      const ups = upLinks(tk.id), downs = downTasks(tk.id);
      const ud = el("div", null, "updown");
      ud.append(el("b", "↑ " + t("up") + ": "));
      if (ups.length) ups.slice(0, 3).forEach((e, i) => { if (i) ud.append(document.createTextNode("; ")); ud.append(link(e.parent)); ud.append(document.createTextNode(" (" + t(e.rel) + ")")); });
      else ud.append(link(d.id, docTitle(d)));
      ud.append(el("br")); ud.append(el("b", "↓ " + t("down") + ": "));
      if (downs.length) ud.append(document.createTextNode(t("tasksOf", downs.length) + " — " + [...new Set(downs.map(e => docPlace(S.docs.get(S.tasks.get(e.child).doc) || {})))].slice(0, 4).join(", ")));
      else ud.append(el("span", t("none"), "muted"));
      li.append(ud); ul.append(li); });
    side.append(g);
  });
  const lower = (S.down.get(id) || []).filter(e => S.docs.has(e.child) && visible(e.child));
  if (lower.length) { side.append(el("h3", t("lower") + " (" + lower.length + ")")); const ul = el("ul"); lower.slice(0, 200).forEach(e => { const li = el("li"); li.append(link(e.child), document.createTextNode(" — " + docPlace(S.docs.get(e.child)))); ul.append(li); }); side.append(ul); }
}
function chainList(chain, selfId){
  const ol = el("ol", null, "chain"), shown = new Set();
  const selfNode = node(selfId);
  if (selfNode && selfNode.text) shown.add(fold(selfNode.text));
  const quote = (q, box) => { if (!q) return; const k = fold(q).replace(/…$/, "");
    if ([...shown].some(s => s.includes(k) || k.includes(s.slice(0, 60)))) return; shown.add(k); box.append(el("div", "“" + q + "”", "quote")); };
  chain.forEach((s, i) => {
    const li = el("li"); li.append(link(s.id));
    const n = node(s.id); if (n && n.kind === "doc") li.append(document.createTextNode(" — " + (shortBody(n.issuer) || n.group) + (n.date ? ", " + dmy(n.date) : "")));
    ol.append(li);
    const child = i + 1 < chain.length ? chain[i + 1].id : selfId;
    const ln = el("div", null, "link"); ln.append(document.createTextNode("↓ "), el("b", t(s.edge.rel)), document.createTextNode(" [" + t(s.edge.basis) + "] " + (node(child) ? "" : "")));
    ol.append(ln); quote(s.edge.quote, ol);
  });
  const me = el("li", null, "self"); me.append(el("b", nodeName(selfId))); ol.append(me);
  return ol;
}
function taskPanel(id){
  const n = node(id); side.textContent = "";
  if (n.kind === "task") {
    const d = S.docs.get(n.doc);
    side.append(el("div", t("task"), "kind"), el("h2", taskRef(n)));
    side.append(el("p", n.text, "text"));
    side.append(dl([["placeCol", d ? docPlace(d) : ""], ["assignee", n.assignees], ["lead", n.lead], ["coop", n.coop], ["deadlines", n.deadlines.map(dmy)]]));
    extraPanels(n);
  } else {
    side.append(el("div", t("shared"), "kind"), el("h2", nodeName(id)));
  }
  const chain = chainUp(id);
  side.append(el("h3", t("chain")));
  side.append(chainList(chain, id));
  const onChain = new Set(chain.map(s => s.id));
  const others = upLinks(id).filter(e => !onChain.has(e.parent));
  if (others.length) {
    side.append(el("h3", t("others")));
    const ul = el("ul"); others.forEach(e => { const li = el("li"); li.append(el("b", t(e.rel) + " [" + t(e.basis) + (e.score != null ? " " + t("score") + " " + Number(e.score).toFixed(2) : "") + "] ")); li.append(link(e.parent)); ul.append(li); });
    side.append(ul);
  }
  side.append(el("h3", t("below")));
  const carriers = carriersByPlace(id);
  if (!carriers.length) side.append(el("p", t("none"), "muted"));
  carriers.forEach(([place, es]) => {
    const g = el("div", null, "group"); g.append(el("h4", place + " (" + es.length + ")")); const ul = el("ul"); g.append(ul);
    es.slice(0, 50).forEach(e => { const tk = S.tasks.get(e.child); const li = el("li"); li.append(link(tk.id, taskRef(tk)));
      li.append(document.createTextNode(" — " + shortBody(tk.lead[0] || tk.assignees[0] || "") + ": " + tk.text.slice(0, 110) + (tk.text.length > 110 ? "…" : ""))); ul.append(li); });
    if (es.length > 50) ul.append(el("li", t("more", es.length - 50), "muted"));
    side.append(g);
  });
}

// --- deadline timeline -------------------------------------------------------------------
const STATUS_COLOURS = {met:"#2e7d32", late:"#d08700", overdue:"#c62828", pending:"#5b6b80"};
const SVGNS = "http://www.w3.org/2000/svg";
function svg(tag, attrs, text){ const e = document.createElementNS(SVGNS, tag); Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v)); if (text !== undefined) e.textContent = text; return e; }
const dayOf = s => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
function dutyRef(x){ const tk = S.tasks.get(x.task); return tk ? taskRef(tk) : x.task; }
function dutyLines(x){
  return [dmy(x.date) + " — " + t(x.status || "pending"), dutyRef(x), t("owes") + ": " + shortBody(x.body),
    x.to ? t("reportTo") + ": " + x.to + (x.via ? " (" + t("via") + " " + x.via + ")" : "") : "",
    t("rec") + ": " + t(x.rec || "once"), x.words ? t("words") + ": “" + x.words + "”" : ""].filter(Boolean);
}
// drawn by hand in SVG: a few dozen marks on one axis, with lanes by body, need no chart library
function timeline(box, rows, title){
  document.getElementById("tip").hidden = true;  // a mark's words from the panel drawn before
  rows = rows.slice().sort((a, b) => a.date.localeCompare(b.date) || fold(a.body).localeCompare(fold(b.body)) || dutyRef(a).localeCompare(dutyRef(b)));
  const wrapEl = el("div", null, "timeline"); wrapEl.id = "timeline";
  wrapEl.append(el("h3", title + " (" + t("dueCount", rows.length) + ")"));
  if (S.asOf) wrapEl.append(el("p", t("dueSpan", S.dueYears || 2) + dmy(S.asOf), "muted small"));
  if (!rows.length) { wrapEl.append(el("p", t("dueNone"), "muted")); box.append(wrapEl); return; }
  const lanes = [...new Set(rows.map(x => x.body))];
  const W = Math.max(260, Math.min(600, side.clientWidth - 36)), L = 14, R = 16, laneH = 40, top = 8, axisY = top + lanes.length * laneH + 6, H = axisY + 34;
  let lo = dayOf(rows[0].date), hi = dayOf(rows[rows.length - 1].date);
  if (S.asOf) { const a = dayOf(S.asOf); if (a >= lo - 400 * 864e5 && a <= hi + 400 * 864e5) { lo = Math.min(lo, a); hi = Math.max(hi, a); } }
  const padDays = Math.max(20, (hi - lo) / 864e5 * 0.06) * 864e5; lo -= padDays; hi += padDays;
  const x = ms => L + (ms - lo) / (hi - lo) * (W - L - R);
  const g = svg("svg", {width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "tl", role: "img", "aria-label": title});
  const labels = [];  // drawn over the ticks, so that a tick never crosses a body's name
  lanes.forEach((b, i) => { const y = top + i * laneH;
    g.append(svg("rect", {x: 0, y, width: W, height: laneH, fill: i % 2 ? "#ffffff" : "#f3f5f8"}));
    labels.push(svg("text", {x: 4, y: y + 12, "font-size": 11, fill: "#333", stroke: i % 2 ? "#ffffff" : "#f3f5f8", "stroke-width": 3, "paint-order": "stroke"}, wrap(shortBody(b), W - 10, 1, 11)[0])); });
  g.append(svg("line", {x1: L, y1: axisY, x2: W - R, y2: axisY, stroke: "#444", "stroke-width": 1}));
  const y0 = new Date(lo).getUTCFullYear(), y1 = new Date(hi).getUTCFullYear();
  for (let yr = y0; yr <= y1 + 1; yr++) { for (const m of [0, 6]) { const ms = Date.UTC(yr, m, 1); if (ms < lo || ms > hi) continue;
    const xx = x(ms); g.append(svg("line", {x1: xx, y1: top, x2: xx, y2: axisY + (m ? 4 : 7), stroke: m ? "#d5dae1" : "#8a96a8", "stroke-width": 1}));
    g.append(svg("text", {x: xx, y: axisY + 19, "font-size": m ? 10 : 11, "text-anchor": "middle", fill: m ? "#666" : "#222", "font-weight": m ? "normal" : "bold"}, m ? "7/" + String(yr).slice(2) : String(yr))); } }
  if (S.asOf) { const a = dayOf(S.asOf); if (a >= lo && a <= hi) { const xx = x(a);
    g.append(svg("line", {x1: xx, y1: top, x2: xx, y2: axisY, stroke: "#111", "stroke-dasharray": "3 3", "stroke-width": 1.2}));
    g.append(svg("text", {x: Math.min(xx, W - 40), y: H - 2, "font-size": 10, "text-anchor": "middle", fill: "#111"}, t("asOfMark") + " " + dmy(S.asOf))); } }
  labels.forEach(l => g.append(l));
  const list = el("ol", null, "duelist"), items = [], tip = document.getElementById("tip");
  const select = i => { items.forEach((li, j) => li.classList.toggle("cur", j === i)); items[i].scrollIntoView({block: "nearest"}); };
  rows.forEach((r, i) => {
    const lane = lanes.indexOf(r.body), cx = x(dayOf(r.date)), cy = top + lane * laneH + 27, col = STATUS_COLOURS[r.status] || STATUS_COLOURS.pending;
    const c = svg("circle", {cx, cy, r: 6, fill: r.status === "pending" ? "#fff" : col, stroke: col, "stroke-width": 2.2, class: "mark", "data-i": i, "data-date": r.date, "data-status": r.status, tabindex: 0});
    c.append(svg("title", {}, dutyLines(r).join("\n")));
    const show = ev => { tip.textContent = ""; dutyLines(r).forEach((l, k) => tip.append(k ? el("div", l) : el("b", l))); tip.hidden = false;
      // beside the side panel, over the canvas, so that it hides neither the axis nor the list
      const bx = ev.target.getBoundingClientRect(), left = side.getBoundingClientRect().left;
      tip.style.left = Math.max(8, left - tip.offsetWidth - 10) + "px"; tip.style.top = Math.max(8, Math.min(bx.top - 12, innerHeight - tip.offsetHeight - 8)) + "px"; };
    c.addEventListener("mouseenter", show); c.addEventListener("mouseleave", () => { tip.hidden = true; });
    c.addEventListener("click", ev => { show(ev); select(i); });
    g.append(c);
    const li = el("li"); li.dataset.date = r.date; li.dataset.status = r.status;
    const dot = el("i"); dot.style.background = r.status === "pending" ? "#fff" : col; dot.style.borderColor = col;
    li.append(dot, el("b", dmy(r.date)), el("span", " " + t(r.status || "pending"), "st st-" + (r.status || "pending")), el("br"));
    if (S.tasks.has(r.task)) li.append(link(r.task, dutyRef(r))); else li.append(document.createTextNode(dutyRef(r)));
    li.append(document.createTextNode(" · "));
    if (r.bodyIri && !(state.body && state.body.iri === r.bodyIri)) {  // a body's own timeline, across the corpus
      const a = el("a", shortBody(r.body), "node bodylink"); a.title = t("bodyTimeline");
      a.addEventListener("click", ev => { ev.stopPropagation(); showBody(r.bodyIri, r.body, state.view.kind === "doc" ? state.view.id : null).catch(e => console.warn(e)); });
      li.append(a);
    } else li.append(document.createTextNode(shortBody(r.body)));
    li.append(document.createTextNode((r.to ? " → " + r.to : "") + (r.via ? " (" + t("via") + " " + r.via + ")" : "")));
    if (r.words) li.append(el("div", "“" + r.words + "” · " + t(r.rec || "once"), "quote"));
    li.addEventListener("click", () => select(i));
    items.push(li); list.append(li);
  });
  const key = el("div", null, "duekey");
  ["met", "late", "overdue", "pending"].forEach(s => { const sp = el("span"), i = el("i"); i.style.background = s === "pending" ? "#fff" : STATUS_COLOURS[s]; i.style.borderColor = STATUS_COLOURS[s]; sp.append(i, document.createTextNode(t(s))); key.append(sp); });
  wrapEl.append(g, key, list); box.append(wrapEl);
}
panels.push((n, box) => {
  if (n.kind === "doc") { const rows = S.due.filter(x => x.doc === n.id); if (rows.length || n.letter) timeline(box, rows, t("dueDoc")); }
  else if (n.kind === "task") { const rows = S.due.filter(x => x.task === n.id); if (rows.length) timeline(box, rows, t("dueTask")); }
});
async function showBody(iri, name, fromDoc){
  if (LIVE && !S.bodyLoaded.has(iri)) { merge(await api("due?body=" + encodeURIComponent(iri))); S.bodyLoaded.add(iri); }
  state.body = {iri, name, doc: fromDoc};
  side.textContent = "";
  side.append(el("div", t("owes"), "kind"), el("h2", name));
  if (fromDoc) { const a = el("a", "← " + t("back"), "node"); a.id = "backdoc"; a.addEventListener("click", () => { state.body = null; render(); }); side.append(a); }
  const box = el("div", null, "extra"); timeline(box, S.due.filter(x => x.bodyIri === iri), t("dueBody")); side.append(box);
}

// --- navigation -------------------------------------------------------------------------
function crumbs(){
  const c = document.getElementById("crumbs"); c.textContent = "";
  const a = el("a", t("overview")); a.id = "home"; a.addEventListener("click", () => go(null)); c.append(a);
  const v = state.view;
  if (v.kind === "overview") return;
  const n = node(v.id);
  if (n && n.kind === "task") { c.append(el("span", "›", "sep")); c.append(link(n.doc, S.docs.get(n.doc) ? docTitle(S.docs.get(n.doc)) : n.doc)); }
  c.append(el("span", "›", "sep")); c.append(el("b", nodeName(v.id)));
}
function go(id){
  if (!id) { if (location.hash) history.pushState(null, "", location.pathname + location.search); state.view = {kind: "overview"}; render(); return; }
  const h = "#node=" + encodeURIComponent(id);
  if (location.hash !== h) location.hash = h; else route();
}
function hashTarget(){
  const m = /^#(node|doc|task)=(.+)$/.exec(location.hash || "");
  return m ? decodeURIComponent(m[2]) : null;
}
async function route(){
  if (location.hash === "#coverage") { showTab("coverage"); return; }
  showTab("graph", true);
  const id = hashTarget();
  if (!id) { state.view = {kind: "overview"}; render(); return; }
  try { await ensure(id); } catch (e) { /* an unknown node: said below */ }
  const n = node(id);
  if (!n) { state.view = {kind: "overview"}; render(); side.textContent = ""; side.append(el("p", t("notFound") + ": " + id, "muted")); return; }
  state.view = {kind: n.kind === "doc" ? "doc" : "task", id};
  render();
}
function render(){
  const v = state.view, t0 = performance.now();
  if (v.kind === "overview") { draw(overview()); hint(); }
  else if (v.kind === "doc") { draw(documentView(v.id)); if (state.body && state.body.doc === v.id) showBody(state.body.iri, state.body.name, v.id); else { state.body = null; docPanel(v.id); } }
  else { draw(taskView(v.id)); taskPanel(v.id); }
  crumbs();
  document.getElementById("stage").dataset.view = v.kind;
  timings.render = performance.now() - t0;
}
cy.on("tap", "node", ev => {
  const n = ev.target, id = n.id();
  if (n.isParent()) return;
  if (id.startsWith("group:")) {
    const opening = !state.expanded.has(id);
    opening ? state.expanded.add(id) : state.expanded.delete(id);
    render();
    if (opening) {  // show what opened, large enough to read; the rest is a zoom out away
      const name = id.slice(id.indexOf(":", 6) + 1);
      const opened = cy.nodes().filter(n => !n.isParent() && (n.id() === id || (S.docs.get(n.id()) && [S.docs.get(n.id()).province, S.docs.get(n.id()).group].includes(name))));
      if (opened.length) { cy.fit(opened, 40); if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(opened); } }
    }
    return;
  }
  if (id.startsWith("carriers:") || id.startsWith("lowerplace:")) return;
  if (node(id)) go(id);
});

// --- filters ----------------------------------------------------------------------------
function refilter(){
  const v = state.view;
  if (v.kind !== "overview" && !visible(v.id)) {  // the filter hides what was selected: let it go
    history.replaceState(null, "", location.pathname + location.search); state.view = {kind: "overview"};
  }
  render();
}
function buildFilters(){
  const lv = document.getElementById("levels"); lv.querySelectorAll("label").forEach(l => l.remove());
  [0, 1, 2, 3].forEach(l => { const lab = el("label"), c = el("input"); c.type = "checkbox"; c.checked = state.levels.has(l); c.id = "level-" + l;
    c.addEventListener("change", () => { c.checked ? state.levels.add(l) : state.levels.delete(l); refilter(); });
    const sw = el("i"); sw.style.cssText = "display:inline-block;width:.7rem;height:.7rem;margin:0 .2rem;background:" + LEVEL_COLOURS[l];
    lab.append(c, sw, document.createTextNode(t("lv" + l))); lv.append(lab); });
  const bs = document.getElementById("bases"); bs.querySelectorAll("label").forEach(l => l.remove());
  BASES.forEach(b => { const lab = el("label"), c = el("input"); c.type = "checkbox"; c.checked = state.bases.has(b); c.id = "basis-" + b;
    c.addEventListener("change", () => { c.checked ? state.bases.add(b) : state.bases.delete(b); refilter(); });
    const s = el("span", " " + t(b)); s.style.color = BASIS_COLOURS[b]; lab.append(c, s); bs.append(lab); });
  const sel = document.getElementById("place"), cur = state.place; sel.textContent = "";
  const all = el("option", t("allPlaces")); all.value = ""; sel.append(all);
  [...new Set([...S.docs.values()].filter(d => d.level >= 2).map(d => d.province || d.group).filter(Boolean))].sort((a, b) => a.localeCompare(b, "vi"))
    .forEach(p => { const o = el("option", p); o.value = p; sel.append(o); });
  sel.value = cur;
  const ct = document.getElementById("cited"); ct.checked = state.cited;
}
document.getElementById("place").addEventListener("change", e => { state.place = e.target.value; refilter(); });
document.getElementById("cited").addEventListener("change", e => { state.cited = e.target.checked; refilter(); });

// --- search -----------------------------------------------------------------------------
const search = document.getElementById("search"), hits = document.getElementById("hits");
function localSearch(q){
  if (!S.index) {
    S.index = [];
    S.docs.forEach(d => S.index.push({id: d.id, key: fold([d.number, d.type, d.issuer, d.province, d.district, d.title].join(" "))}));
    S.tasks.forEach(tk => { const d = S.docs.get(tk.doc) || {};
      S.index.push({id: tk.id, key: fold([d.number, tk.path, d.province, d.district, tk.assignees.join(" "), tk.text].join(" "))}); });
    S.shared.forEach(s => S.index.push({id: s.id, key: fold(s.text)}));
  }
  const words = fold(q).split(" ").filter(Boolean);
  // every word somewhere; ranked by how many of the query's neighbouring word pairs stand side by
  // side in the match ("kien giang" as a place, not "kiện" here and "Giang" there)
  const pairs = words.slice(1).map((w, i) => words[i] + " " + w);
  const found = [];
  for (const r of S.index) {
    if (!words.every(w => r.key.includes(w))) continue;
    found.push({id: r.id, score: pairs.filter(p => r.key.includes(p)).length});
  }
  found.sort((a, b) => b.score - a.score);
  return found.slice(0, 60).map(f => f.id);
}
let searchSeq = 0;
async function runSearch(){
  const q = search.value.trim(), seq = ++searchSeq;
  if (fold(q).length < 2) { hits.hidden = true; return; }
  let ids;
  if (LIVE) { const r = await api("search?q=" + encodeURIComponent(q)); if (seq !== searchSeq) return; merge(r.payload); ids = r.results; }
  else ids = localSearch(q);
  hits.textContent = "";
  if (!ids.length) { hits.append(el("div", t("nohits"), "none")); hits.hidden = false; return; }
  const table = el("table"), head = el("tr");
  ["number", "placeCol", "assignee", "text"].forEach(k => head.append(el("th", t(k)))); table.append(head);
  ids.forEach(id => {
    const n = node(id); if (!n) return;
    const tr = el("tr", null, "hit"); tr.dataset.id = id;
    if (n.kind === "doc") { tr.append(el("td", docTitle(n)), el("td", docPlace(n)), el("td", shortBody(n.issuer)), el("td", n.title.slice(0, 120))); }
    else if (n.kind === "task") { const d = S.docs.get(n.doc) || {};
      tr.append(el("td", taskRef(n)), el("td", d.id ? docPlace(d) : ""), el("td", shortBody(n.lead[0] || n.assignees[0] || "")), el("td", n.text.slice(0, 130) + (n.text.length > 130 ? "…" : ""))); }
    else tr.append(el("td", t("shared")), el("td", ""), el("td", ""), el("td", n.text.slice(0, 130)));
    tr.addEventListener("click", () => { hits.hidden = true; go(id); });
    table.append(tr);
  });
  hits.append(table); hits.hidden = false;
}
search.addEventListener("input", () => { runSearch().catch(e => console.warn(e)); });
search.addEventListener("keydown", e => {
  if (e.key === "Enter") { const first = hits.querySelector("tr.hit"); if (first) { hits.hidden = true; go(first.dataset.id); } }
  if (e.key === "Escape") hits.hidden = true;
});
document.addEventListener("click", e => { if (!document.getElementById("searchbox").contains(e.target)) hits.hidden = true; });

// --- export -----------------------------------------------------------------------------
function legendItemsForExport(){ return [{kind: "title", label: t(state.view.kind === "overview" ? "overview" : (state.view.kind === "doc" ? "doc" : "task")) +
  (state.view.id ? ": " + nodeName(state.view.id) : "")}, ...currentKinds()]; }
async function exportPNG(){
  const scale = Math.max(0.5, Math.min(2, 8000 / Math.max(cy.elements().boundingBox().w, 1)));
  const url = cy.png({full: true, scale, bg: "#ffffff", output: "base64uri"});
  const img = new Image(); await new Promise((ok, bad) => { img.onload = ok; img.onerror = bad; img.src = url; });
  // the legend at the picture's scale, so that it reads as large as the labels
  const k = scale, items = legendItemsForExport(), rowH = 26 * k, pad = 16 * k, font = (b, px) => (b ? "bold " : "") + px * k + "px DejaVu Sans, sans-serif";
  const cv = document.createElement("canvas"); const ctx = cv.getContext("2d");
  ctx.font = font(true, 15);
  const legendW = Math.max(...items.map(i => ctx.measureText(i.label).width + 40 * k)) + 2 * pad;
  cv.width = Math.max(img.width, legendW) + 2 * pad; cv.height = img.height + items.length * rowH + 3 * pad;
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, cv.width, cv.height);
  ctx.drawImage(img, pad, pad);
  let y = img.height + 2 * pad;
  ctx.strokeStyle = "#ccc"; ctx.lineWidth = k; ctx.beginPath(); ctx.moveTo(pad, y - pad / 2); ctx.lineTo(cv.width - pad, y - pad / 2); ctx.stroke();
  ctx.textBaseline = "middle";
  items.forEach(it => {
    const cyy = y + rowH / 2;
    ctx.font = font(it.kind === "title", it.kind === "title" ? 15 : 14);
    if (it.kind === "title") { ctx.fillStyle = "#111"; ctx.fillText(it.label, pad, cyy); }
    else {
      if (it.kind === "box") { ctx.fillStyle = it.colour; ctx.fillRect(pad, cyy - 8 * k, 22 * k, 16 * k); }
      else if (it.kind === "text") { /* words only */ }
      else if (it.kind === "outline") { ctx.setLineDash([4 * k, 3 * k]); ctx.strokeStyle = it.colour; ctx.lineWidth = 2 * k; ctx.strokeRect(pad + k, cyy - 7 * k, 20 * k, 14 * k); ctx.setLineDash([]); }
      else { ctx.setLineDash(it.kind === "dash" ? [6 * k, 4 * k] : []); ctx.strokeStyle = it.colour; ctx.lineWidth = 2.5 * k; ctx.beginPath(); ctx.moveTo(pad, cyy); ctx.lineTo(pad + 22 * k, cyy); ctx.stroke(); ctx.setLineDash([]); }
      ctx.fillStyle = "#222"; ctx.fillText(it.label, it.kind === "text" ? pad : pad + 32 * k, cyy);
    }
    y += rowH;
  });
  return cv.toDataURL("image/png");
}
const esc = s => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
function exportSVG(){
  // by hand: cytoscape draws on a canvas and its SVG extension is GPL; the view is boxes, lines and text
  const bb = cy.elements().boundingBox({includeLabels: true}), pad = 24;
  const items = legendItemsForExport(), rowH = 24;
  const W = Math.ceil(bb.w + 2 * pad), legendTop = Math.ceil(bb.h + 2 * pad), H = legendTop + items.length * rowH + pad;
  const ox = pad - bb.x1, oy = pad - bb.y1;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`,
    `<g id="graph">`];
  cy.nodes(":parent").forEach(n => { const b = n.boundingBox({includeLabels: false});
    out.push(`<rect x="${b.x1 + ox}" y="${b.y1 + oy}" width="${b.w}" height="${b.h}" rx="6" fill="${n.data("bg") || "#f4f6f9"}" stroke="${n.data("bd") || "#c9d1dc"}"/>`);
    out.push(`<text x="${b.x1 + ox + b.w / 2}" y="${b.y1 + oy - 6}" font-size="15" font-weight="bold" text-anchor="middle" fill="#2c3a4d">${esc(n.data("label"))}</text>`); });
  cy.edges().forEach(e => { const s = e.sourceEndpoint(), tg = e.targetEndpoint(), c = e.data("c") || "#555";
    const dash = e.data("ls") === "dashed" ? ` stroke-dasharray="6 4"` : "";
    const cp = e.controlPoints && e.controlPoints();
    const d = cp && cp.length ? `M${s.x + ox},${s.y + oy} Q${cp[0].x + ox},${cp[0].y + oy} ${tg.x + ox},${tg.y + oy}` : `M${s.x + ox},${s.y + oy} L${tg.x + ox},${tg.y + oy}`;
    out.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="${e.data("wd") || 1.4}"${dash} marker-start="url(#arrow)"/>`);
    if (e.data("label")) { const m = e.midpoint(), ls = String(e.data("label")).split("\n"), y0 = m.y + oy + 4 - (ls.length - 1) * 7;
      out.push(`<text font-size="11" text-anchor="middle" fill="#333" paint-order="stroke" stroke="#fff" stroke-width="4">` +
        ls.map((l, i) => `<tspan x="${m.x + ox}" y="${y0 + i * 14}">${esc(l)}</tspan>`).join("") + `</text>`); } });
  cy.nodes().filter(n => !n.isParent()).forEach(n => { const p = n.position(), w = n.data("w"), h = n.data("h"), fs = n.data("fs") || 13;
    const dash = n.data("bs") === "dashed" ? ` stroke-dasharray="5 3"` : "";
    out.push(`<g class="node"><rect x="${p.x - w / 2 + ox}" y="${p.y - h / 2 + oy}" width="${w}" height="${h}" rx="6" fill="${n.data("bg")}" stroke="${n.hasClass("focus") ? "#111" : n.data("bd")}" stroke-width="${n.hasClass("focus") ? 4 : (n.data("bw") || 1.5)}"${dash}/>`);
    const lines = String(n.data("label")).split("\n"), lh = fs * 1.25, y0 = p.y + oy - (lines.length - 1) * lh / 2 + fs * 0.35;
    out.push(`<text font-size="${fs}" text-anchor="middle" fill="${n.data("fg")}">` + lines.map((l, i) => `<tspan x="${p.x + ox}" y="${(y0 + i * lh).toFixed(1)}">${esc(l)}</tspan>`).join("") + `</text></g>`); });
  out.push(`</g><g id="legend" transform="translate(${pad},${legendTop})">`);
  items.forEach((it, i) => { const y = i * rowH + rowH / 2;
    if (it.kind === "title") { out.push(`<text x="0" y="${y + 5}" font-size="15" font-weight="bold">${esc(it.label)}</text>`); return; }
    if (it.kind === "box") out.push(`<rect x="0" y="${y - 8}" width="22" height="16" fill="${it.colour}"/>`);
    else if (it.kind === "outline") out.push(`<rect x="1" y="${y - 7}" width="20" height="14" fill="#fff" stroke="${it.colour}" stroke-width="2" stroke-dasharray="4 3"/>`);
    else if (it.kind === "text") { out.push(`<text x="0" y="${y + 5}" font-size="14">${esc(it.label)}</text>`); return; }
    else out.push(`<line x1="0" y1="${y}" x2="22" y2="${y}" stroke="${it.colour}" stroke-width="2.5"${it.kind === "dash" ? ' stroke-dasharray="6 4"' : ""}/>`);
    out.push(`<text x="32" y="${y + 5}" font-size="14">${esc(it.label)}</text>`); });
  out.push(`</g></svg>`);
  return out.join("\n");
}
function download(name, href){ const a = document.createElement("a"); a.download = name; a.href = href; document.body.append(a); a.click(); a.remove(); }
document.getElementById("png").addEventListener("click", async () => download("policykg-explorer.png", await exportPNG()));
document.getElementById("svg").addEventListener("click", () => {
  const url = URL.createObjectURL(new Blob([exportSVG()], {type: "image/svg+xml"})); download("policykg-explorer.svg", url); setTimeout(() => URL.revokeObjectURL(url), 5000); });

// --- coverage tab -----------------------------------------------------------------------
async function showTab(name, quiet){
  state.tab = name;
  document.getElementById("tab-graph").classList.toggle("on", name === "graph");
  document.getElementById("tab-coverage").classList.toggle("on", name === "coverage");
  document.getElementById("stage").hidden = name !== "graph";
  document.getElementById("cov").hidden = name !== "coverage";
  if (name === "coverage") {
    if (!S.coverage && LIVE) merge({base: "", ids: [], names: [], quotes: [], terms: [], docs: [], tasks: [], shared: [], edges: [], coverage: await api("coverage")});
    window.policykgHeatmap(document.getElementById("cov"), S.coverage || {rows: [], cols: [], cells: []}, lang, document.getElementById("tip"));
  } else if (!quiet) cy.resize();
}
document.getElementById("tab-graph").addEventListener("click", () => { if (location.hash === "#coverage") history.pushState(null, "", location.pathname); route(); });
document.getElementById("tab-coverage").addEventListener("click", () => { location.hash = "coverage"; });

// --- language ---------------------------------------------------------------------------
function translate(){
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach(e => { e.textContent = t(e.dataset.t); });
  search.placeholder = t("search");
  document.getElementById("langbtn").textContent = t("lang");
  buildFilters();
}
document.getElementById("langbtn").addEventListener("click", () => {
  lang = lang === "vi" ? "en" : "vi"; translate();
  if (state.tab === "coverage") showTab("coverage"); else render();
  if (!hits.hidden) runSearch();
});

// --- start ------------------------------------------------------------------------------
window.addEventListener("hashchange", route);
window.addEventListener("popstate", route);
window.addEventListener("resize", () => { cy.resize(); });
const timings = {};
async function start(){
  const t0 = performance.now();
  const data = LIVE ? await api("overview") : JSON.parse(document.getElementById("data").textContent);
  timings.load = performance.now() - t0;
  merge(data);
  timings.merge = performance.now() - t0 - timings.load;
  translate();
  if (!location.hash && CFG.start) history.replaceState(null, "", "#node=" + encodeURIComponent(CFG.start));
  const t1 = performance.now();
  await route();
  timings.firstView = performance.now() - t1;
  window.policykgReady = true;
}
window.policykg = {S, state, cy, go, exportPNG, exportSVG, render, panels, t, timings, showBody,
  nodes: () => cy.nodes().filter(n => !n.isParent()).map(n => ({id: n.id(), label: n.data("label"), kind: n.data("kind"),
    box: n.renderedBoundingBox({includeLabels: false}), labelBox: n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true})}))};
start().catch(e => { console.error(e); side.textContent = String(e); });
})();
