// tidings web UI: plain JS + SVG over the JSON API. No external resources.
"use strict";
const app = document.getElementById("app");
const QUAD = { 1: ["Verbal cooperation", "#4e9a06"], 2: ["Material cooperation", "#2a7ab0"],
               3: ["Verbal conflict", "#e08a00"], 4: ["Material conflict", "#c4262e"] };
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs, ...kids) {
  const e = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}
async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}
function fail(e) { app.replaceChildren(el("p", { class: "error" }, "Error: " + e.message)); }

async function indexPage() {
  const s = await api("/api/stories?limit=200");
  const rows = s.stories.map(st => el("tr", {},
    el("td", {}, el("a", { href: "/story/" + st.story_id }, st.headline || ("Story " + st.story_id))),
    el("td", {}, st.date || ""), el("td", {}, st.place || ""),
    el("td", {}, st.num_articles), el("td", {}, st.num_sources), el("td", {}, st.num_mentions)));
  app.replaceChildren(el("h1", {}, "Stories"),
    s.total ? el("table", {}, el("tr", {}, ...["Headline", "Date", "Place", "Articles", "Sources", "Mentions"].map(h => el("th", {}, h))), ...rows)
            : el("p", { class: "muted" }, "No stories yet (run the story engine)."));
}

function values(d) {
  return (d.values || []).map(v => (v.value ?? v.text ?? JSON.stringify(v)) + (v.sources ? " (" + v.sources.join(", ") + ")" : "")).join(" | ");
}

async function storyPage(id) {
  const s = await api("/api/stories/" + id);
  const st = s.story, b = st.brief || {};
  const parts = [el("h1", {}, st.headline || ("Story " + id)),
    el("p", { class: "muted" }, [st.date, st.place, st.num_articles + " articles", st.num_sources + " sources"].filter(Boolean).join(" · "))];
  const list = (title, items, f) => items && items.length ?
    el("div", { class: "box", id: title.toLowerCase() }, el("h3", {}, title), el("ul", {}, ...items.map(x => el("li", {}, f(x))))) : null;
  for (const box of [list("Agreements", b.agreements, d => d.slot + ": " + values(d)),
                     list("Conflicts", b.conflicts, d => d.slot + ": " + values(d)),
                     list("Quotes", b.quotes, q => "“" + q.text + "”" + (q.speaker ? " — " + q.speaker : "") + (q.outlets ? " (" + q.outlets.join(", ") + ")" : ""))]) {
    if (box) parts.push(box);
  }
  const arts = s.articles.map(a => {
    const text = el("div", { class: "text" });
    for (const seg of a.segments) {
      let node = seg.verb ? el("span", { class: "verb" }, seg.text) : seg.actor ? el("span", { class: "actor" }, seg.text) : document.createTextNode(seg.text);
      if (seg.events.length) node = el("mark", { class: "evidence", "data-events": seg.events.join(" "), title: "events " + seg.events.join(", ") }, node);
      text.append(node);
    }
    const evs = el("ul", {}, ...a.events.map(e => el("li", {}, `${e.code} ${(e.actor1 || {}).code || "—"} → ${(e.actor2 || {}).code || "—"} (${QUAD[e.quad_class] ? QUAD[e.quad_class][0] : "?"}; ${e.num_mentions} mentions)`)));
    return el("article", { "data-doc": a.doc }, el("h2", {}, a.title || a.doc),
      el("p", { class: "muted" }, [a.outlet, a.date].filter(Boolean).join(" · ")), text, el("h4", {}, "Coded events"), evs);
  });
  parts.push(el("div", { class: "articles" }, ...arts));
  app.replaceChildren(...parts);
}

async function timelinePage() {
  const t = await api("/api/timeline");
  const days = [...new Set(t.counts.map(c => c.day))].sort();
  const by = {};
  for (const c of t.counts) { by[c.day] = by[c.day] || {}; by[c.day][c.quad_class] = (by[c.day][c.quad_class] || 0) + c.count; }
  const max = Math.max(1, ...days.map(d => Object.values(by[d]).reduce((a, b) => a + b, 0)));
  const W = Math.max(400, days.length * 40 + 60), H = 260, bw = Math.min(30, (W - 60) / Math.max(1, days.length) - 6);
  const svg = el("svg:svg", { width: W, height: H + 40, id: "timeline-chart" });
  svg.append(el("svg:line", { x1: 40, y1: H, x2: W, y2: H, stroke: "#888" }));
  svg.append(el("svg:text", { x: 2, y: 12 }, max));
  days.forEach((d, i) => {
    let y = H; const x = 50 + i * (bw + 6);
    for (const q of [1, 2, 3, 4]) {
      const n = by[d][q] || 0; if (!n) continue;
      const h = n / max * (H - 20);
      y -= h;
      svg.append(el("svg:rect", { x, y, width: bw, height: h, fill: QUAD[q][1], class: "bar q" + q }, el("svg:title", {}, `${d}: ${n} ${QUAD[q][0]}`)));
    }
    svg.append(el("svg:text", { x, y: H + 14, transform: `rotate(30 ${x} ${H + 14})` }, d));
  });
  const legend = el("p", { class: "legend" }, ...[1, 2, 3, 4].map(q => el("span", {}, el("i", { class: "swatch", style: "background:" + QUAD[q][1] }), QUAD[q][0])));
  app.replaceChildren(el("h1", {}, "Events per day by QuadClass"), legend, days.length ? svg : el("p", { class: "muted" }, "No dated events."),
    el("p", { class: "muted" }, t.undated + " undated events not shown."));
}

async function networkPage() {
  const n = await api("/api/network");
  const W = 640, R = 230, cx = 320, cy = 280;
  const pos = {};
  n.nodes.forEach((d, i) => { const a = 2 * Math.PI * i / n.nodes.length - Math.PI / 2; pos[d.code] = [cx + R * Math.cos(a), cy + R * Math.sin(a)]; });
  const maxc = Math.max(1, ...n.edges.map(e => e.count));
  const svg = el("svg:svg", { width: W, height: 580, id: "network-chart" });
  svg.append(el("svg:defs", {}, el("svg:marker", { id: "arrow", viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" }, el("svg:path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" }))));
  for (const e of n.edges) {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    const g = e.goldstein_mean, color = g > 0 ? "#2a7ab0" : g < 0 ? "#c4262e" : "#888";
    svg.append(el("svg:line", { x1, y1, x2, y2, stroke: color, "stroke-width": 1 + 5 * e.count / maxc, "marker-end": "url(#arrow)", class: "edge", opacity: .75 },
      el("svg:title", {}, `${e.source} → ${e.target}: ${e.count} events, mean Goldstein ${g}`)));
  }
  for (const d of n.nodes) {
    const [x, y] = pos[d.code];
    svg.append(el("svg:circle", { cx: x, cy: y, r: 6 + Math.sqrt(d.weight) * 2, fill: "#203040", class: "node" }));
    svg.append(el("svg:text", { x: x + 10, y: y - 10 }, d.code));
  }
  app.replaceChildren(el("h1", {}, "Actor network"),
    el("p", { class: "muted" }, "Who acts on whom: arrow actor1 → actor2; width = events, blue = cooperative, red = conflictual (mean Goldstein)."),
    n.edges.length ? svg : el("p", { class: "muted" }, "No events with two actors."));
}

async function mapPage() {
  const p = await api("/api/places");
  const W = 720, H = 360, X = lon => (lon + 180) / 360 * W, Y = lat => (90 - lat) / 180 * H;
  const svg = el("svg:svg", { width: W, height: H, id: "map-chart", style: "background:#eef4f8" });
  for (let lon = -180; lon <= 180; lon += 30) svg.append(el("svg:line", { x1: X(lon), y1: 0, x2: X(lon), y2: H, stroke: "#cdd8e0" }));
  for (let lat = -90; lat <= 90; lat += 30) svg.append(el("svg:line", { x1: 0, y1: Y(lat), x2: W, y2: Y(lat), stroke: "#cdd8e0" }));
  const maxc = Math.max(1, ...p.places.map(x => x.count));
  for (const x of p.places) {
    const l = x.location;
    svg.append(el("svg:circle", { cx: X(l.lon), cy: Y(l.lat), r: 4 + 8 * Math.sqrt(x.count / maxc), fill: "#c4262e", opacity: .7, class: "place" },
      el("svg:title", {}, `${l.name} (${l.country}): ${x.count} events`)));
    svg.append(el("svg:text", { x: X(l.lon) + 8, y: Y(l.lat) - 6 }, l.name));
  }
  const rows = p.places.map(x => el("tr", {}, el("td", {}, x.location.name), el("td", {}, x.location.country), el("td", {}, x.count)));
  app.replaceChildren(el("h1", {}, "Event locations"), svg,
    el("table", {}, el("tr", {}, el("th", {}, "Place"), el("th", {}, "Country"), el("th", {}, "Events")), ...rows));
}

const pages = { index: indexPage, story: storyPage, timeline: timelinePage, network: networkPage, map: mapPage };
const page = document.body.dataset.page;
(pages[page] || indexPage)(Number(document.body.dataset.id)).then(() => document.body.setAttribute("data-ready", "1")).catch(fail);
