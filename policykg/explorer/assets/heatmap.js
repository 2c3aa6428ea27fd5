/* Coverage as a heat map: places (rows) x shared or higher tasks (columns), both sorted by their
   totals, drawn as SVG so that 60 provinces and a few hundred tasks fit a screen; the task's text
   shows on hover. Used by the explorer's coverage tab and by `policykg coverage --format html`. */
(function(){
"use strict";
const TH = {
  vi:{title:"Độ phủ: địa phương × nhiệm vụ chung / cấp trên", total:"Tổng", place:"Địa phương",
      sub:(r,c)=>r+" địa phương × "+c+" nhiệm vụ chung hoặc cấp trên; ô: số nhiệm vụ của địa phương thực hiện nhiệm vụ đó.",
      cell:(n)=>n+" nhiệm vụ thực hiện", none:"Chưa có nhiệm vụ chung hay nhiệm vụ cấp trên nào được thực hiện.",
      scale:"Số nhiệm vụ", col:"Cột"},
  en:{title:"Coverage: places × shared or higher tasks", total:"Total", place:"Place",
      sub:(r,c)=>r+" places × "+c+" shared or higher tasks; a cell counts the place's tasks carrying that task.",
      cell:(n)=>n+" tasks carrying it", none:"No shared or higher task is carried yet.",
      scale:"Tasks", col:"Column"}
};
const NS = "http://www.w3.org/2000/svg";
function mk(tag, attrs, text){ const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = text; return e; }
function colour(v, max){
  if (!v) return "#f2f3f5";
  const x = Math.sqrt(v / max);  // a square root keeps small counts visible beside large ones
  const a = [222, 235, 247], b = [8, 48, 107];
  return "rgb(" + a.map((c, i) => Math.round(c + (b[i] - c) * x)).join(",") + ")";
}
function renderHeatmap(box, cov, lang, tip){
  const L = TH[lang] || TH.vi;
  box.textContent = "";
  const h = document.createElement("h2"); h.textContent = L.title; h.style.margin = ".2rem 0"; box.append(h);
  const p = document.createElement("p"); p.style.margin = ".2rem 0 .6rem"; p.style.color = "#555";
  p.textContent = cov.rows.length ? L.sub(cov.rows.length, cov.cols.length) : L.none; box.append(p);
  if (!cov.rows.length) return null;
  const nr = cov.rows.length, nc = cov.cols.length;
  const labelW = 190, totalW = 56, top = 34;
  const avail = Math.max(300, (box.clientWidth || window.innerWidth || 1000) - labelW - totalW - 30);
  const cw = Math.max(4, Math.min(30, Math.floor(avail / nc)));  // the whole width on one screen
  const ch = nr > 40 ? 15 : 20;
  const W = labelW + nc * cw + totalW + 10, H = top + nr * ch + 30 + 40;
  const svg = mk("svg", {xmlns: NS, width: W, height: H, viewBox: "0 0 " + W + " " + H, class: "heat", id: "heatmap"});
  svg.append(mk("rect", {x: 0, y: 0, width: W, height: H, fill: "#fff"}));
  const max = Math.max(1, ...cov.cells.map(c => c[2]));
  const grid = new Map(cov.cells.map(c => [c[0] + ":" + c[1], c[2]]));
  // column numbers every fifth column (the text is on hover: a column header per task would be a page wide)
  for (let j = 0; j < nc; j++) {
    if (j % 5 === 0 || nc <= 30) svg.append(mk("text", {x: labelW + j * cw + cw / 2, y: top - 8, "font-size": 10, "text-anchor": "middle", fill: "#666"}, String(j + 1)));
  }
  svg.append(mk("text", {x: labelW - 8, y: top - 8, "font-size": 11, "text-anchor": "end", fill: "#333", "font-weight": "bold"}, L.place));
  svg.append(mk("text", {x: labelW + nc * cw + 8, y: top - 8, "font-size": 11, fill: "#333", "font-weight": "bold"}, L.total));
  for (let i = 0; i < nr; i++) {
    const y = top + i * ch;
    svg.append(mk("text", {x: labelW - 8, y: y + ch * 0.72, "font-size": Math.min(13, ch - 3), "text-anchor": "end", fill: "#222"}, cov.rows[i].place));
    for (let j = 0; j < nc; j++) {
      const v = grid.get(i + ":" + j) || 0;
      const r = mk("rect", {x: labelW + j * cw, y: y, width: cw - 1, height: ch - 1, fill: colour(v, max), "data-r": i, "data-c": j, "data-v": v, class: "cell"});
      const col = cov.cols[j];
      r.append(mk("title", {}, cov.rows[i].place + " — " + (col.ref ? col.ref + ": " : "") + col.text + " — " + L.cell(v)));
      svg.append(r);
    }
    svg.append(mk("text", {x: labelW + nc * cw + 8, y: y + ch * 0.72, "font-size": Math.min(12, ch - 3), fill: "#222", class: "rowtotal"}, String(cov.rows[i].total)));
  }
  const fy = top + nr * ch + 4;
  svg.append(mk("text", {x: labelW - 8, y: fy + 12, "font-size": 11, "text-anchor": "end", fill: "#333", "font-weight": "bold"}, L.total));
  for (let j = 0; j < nc; j++) {
    const v = cov.cols[j].total;
    svg.append(mk("rect", {x: labelW + j * cw, y: fy, width: cw - 1, height: 14, fill: colour(v, Math.max(...cov.cols.map(c => c.total)))},));
    if (cw >= 18) svg.append(mk("text", {x: labelW + j * cw + cw / 2, y: fy + 11, "font-size": 9, "text-anchor": "middle", fill: "#fff"}, String(v)));
  }
  // the scale
  const sy = fy + 30;
  svg.append(mk("text", {x: labelW, y: sy + 10, "font-size": 11, fill: "#333"}, L.scale + ":"));
  [0, 1, Math.ceil(max / 4), Math.ceil(max / 2), max].filter((v, i, a) => a.indexOf(v) === i).forEach((v, k) => {
    svg.append(mk("rect", {x: labelW + 80 + k * 52, y: sy, width: 22, height: 13, fill: colour(v, max), stroke: "#ccc"}));
    svg.append(mk("text", {x: labelW + 106 + k * 52, y: sy + 11, "font-size": 11, fill: "#333"}, String(v)));
  });
  box.append(svg);
  if (tip) {
    svg.addEventListener("mousemove", ev => {
      const t = ev.target;
      if (!t.classList || !t.classList.contains("cell")) { tip.hidden = true; return; }
      const i = +t.dataset.r, j = +t.dataset.c, col = cov.cols[j];
      tip.textContent = "";
      const b = document.createElement("b"); b.textContent = cov.rows[i].place + " · " + L.col + " " + (j + 1) + (col.ref ? " · " + col.ref : "");
      const d = document.createElement("div"); d.textContent = col.text;
      const n = document.createElement("div"); n.textContent = L.cell(+t.dataset.v);
      tip.append(b, d, n); tip.hidden = false;
      tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - 460) + "px"; tip.style.top = (ev.clientY + 14) + "px";
    });
    svg.addEventListener("mouseleave", () => { tip.hidden = true; });
  }
  return svg;
}
window.policykgHeatmap = renderHeatmap;
})();
