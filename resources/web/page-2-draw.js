/* CJM Studio web page, part 2 of 6: drawing the map as SVG, as the poster draws it. */

// ------------------------------------------------------------------ drawing
var parts = {};
var laneParts = [];  // per lane: {entry, body, head, cards: [g...]}
var cardNodes = {};  // card id -> g.card
var curveNodes = [];  // per persona: [g.curve...]

function icons(defs) {
  Object.keys(view.kinds).forEach(function (kind) {
    symbol(defs, "kind-" + kind, view.kinds[kind].icon, view.kinds[kind].accent);
  });
  symbol(defs, "star", view.star, ink.moment);
}

function symbol(defs, id, shapes, ink) {
  var group = svg("symbol", { id: id, viewBox: "0 0 1 1", overflow: "visible" }, defs);
  shapes.forEach(function (part) {
    var paint = part[1] ? { fill: ink } : { fill: "none", stroke: ink, "stroke-width": 0.12 };
    var xy = part[3];
    var shape;
    if (part[0] === "circle") {
      shape = svg("circle", { cx: xy[0], cy: xy[1], r: part[2] }, group);
    } else {
      var points = [];
      for (var i = 0; i < xy.length; i += 2) points.push(xy[i] + "," + xy[i + 1]);
      shape = svg(part[0], { points: points.join(" ") }, group);
      if (part[0] === "polyline") paint = { fill: "none", stroke: ink, "stroke-width": 0.12 };
    }
    for (var name in paint) shape.setAttribute(name, paint[name]);
  });
}

function draw() {
  var defs = svg("defs", {}, canvas);
  icons(defs);
  // Each layer sits in a "world" group that pans and zooms; the layer itself never
  // moves, so the printed sheets can show pieces of it with <use>.
  ["body", "heads", "tops", "corner"].forEach(function (name) {
    var world = svg("g", { id: "world-" + name }, canvas);
    parts[name] = svg("g", { id: "layer-" + name }, world);
    parts["world-" + name] = world;
  });
  drawTops();
  drawCorner();
  view.lanes.forEach(drawLane);
}

function drawTops() {
  var tops = parts.tops;
  var top = view.stageHeight;
  view.stages.forEach(function (entry) {
    var x = entry[0], w = entry[1];
    svg("rect", { x: x, y: 0, width: w, height: top, fill: entry[2] }, tops);
    svg("line", { x1: x + w, y1: 0, x2: x + w, y2: top, stroke: ink.paper }, tops);
    label(x + 8, top / 2 + 12 * 0.36, entry[3], "t-stage", ink.paper, tops);
  });
  var h = view.stepHeight;
  view.steps.forEach(function (entry) {
    var x = entry[1], w = entry[2];
    svg("rect", { x: x, y: top, width: w, height: h, fill: ink.step }, tops);
    svg("path", { d: "M" + (x + w) + " " + top + "V" + (top + h) + "H" + x,
                  stroke: ink.grid, fill: "none" }, tops);
    label(x + 7, top + h / 2 + 9.5 * 0.36, entry[3], "t-step", ink.ink, tops);
  });
}

function drawCorner() {
  var corner = parts.corner;
  var w = view.laneHeader, h = view.stageHeight + view.stepHeight;
  svg("rect", { x: 0, y: 0, width: w, height: h, fill: ink.header }, corner);
  label(7, 20, view.corner[0], "t-lane", ink.paper, corner);
  label(7, 38, view.corner[1], "t-meta", ink.corner, corner);
}

function drawLane(entry, index) {
  var body = svg("g", { "class": "lane", "data-lane": entry.id }, parts.body);
  var head = svg("g", { "class": "lane-head", "data-lane": entry.id }, parts.heads);
  var y = entry.y, h = entry.h, left = view.laneHeader, right = view.w;
  svg("rect", { x: left, y: y, width: right - left, height: h,
                fill: entry.band || ink.paper }, body);
  var grid = [];
  view.steps.forEach(function (step) {
    grid.push("M" + (step[1] + step[2]) + " " + y + "V" + (y + h));
  });
  grid.push("M" + left + " " + (y + h) + "H" + right);
  svg("path", { d: grid.join(""), stroke: ink.grid, fill: "none" }, body);
  var edges = view.stageEdges.map(function (x) { return "M" + x + " " + y + "V" + (y + h); });
  svg("path", { d: edges.join(""), stroke: ink.stageEdge, "stroke-width": 1.6, fill: "none" },
      body);
  // The lane's header: its colour, the darker edge, its name and kind.
  svg("rect", { x: 0, y: y, width: left, height: h, fill: entry.fill }, head);
  svg("rect", { x: 0, y: y, width: 4, height: h, fill: entry.edge }, head);
  svg("path", { d: "M0 " + (y + h) + "H" + left + "M" + left + " " + y + "V" + (y + h),
                stroke: ink.grid, fill: "none" }, head);
  var baseline = y + 8 + 10;
  entry.name.forEach(function (line) {
    label(12, baseline, line, "t-lane", ink.ink, head);
    baseline += 13;
  });
  if (entry.detail) label(12, baseline, entry.detail, "t-meta", ink.muted, head);
  if (entry.emotion) drawEmotions(entry, body, head);
  var part = { entry: entry, body: body, head: head, cards: [], index: index, shift: 0 };
  part.cards = entry.cards.map(function (card) { return drawCard(card, body, part); });
  laneParts.push(part);
}

function drawEmotions(entry, body, head) {
  var emotion = entry.emotion, left = emotion.left, right = view.w;
  emotion.levels.forEach(function (level) {
    var zero = level[0] === 0;
    svg("line", { x1: left, y1: level[1], x2: right, y2: level[1],
                  stroke: zero ? ink.zero : ink.scale, "stroke-width": zero ? 1.2 : 0.8,
                  "stroke-dasharray": zero ? "none" : "3 2" }, body);
    if (level[2]) {
      var mark = label(left - 4, level[1] + 2.5, level[2], "t-meta", ink.muted, head);
      mark.setAttribute("text-anchor", "end");
    }
  });
  var top = entry.y, bottom = entry.y + entry.h;
  emotion.moments.forEach(function (x) {
    svg("line", { x1: x, y1: top + 13, x2: x, y2: bottom - 2, stroke: ink.moment,
                  "stroke-dasharray": "1 2" }, body);
    svg("use", { href: "#star", x: x - 5.5, y: top + 2, width: 11, height: 11 }, body);
  });
  emotion.curves.forEach(function (curve) {
    var group = svg("g", { "class": "curve", "data-persona": curve.persona }, body);
    svg("path", { d: curve.d, fill: "none", stroke: curve.colour, "stroke-width": 1.8 }, group);
    var persona = personas[curve.persona] || {};
    curve.points.forEach(function (point) {
      var dot = svg("circle", { cx: point[0], cy: point[1], r: emotion.radius,
                                fill: curve.colour, stroke: ink.paper,
                                "stroke-width": 1.2 }, group);
      var tip = svg("title", {}, dot);
      var words = emotion.labels[String(point[2])] || "";
      tip.textContent = (persona.name || "") + ": " + point[2] + (words ? " (" + words + ")" : "");
    });
    (curveNodes[curve.persona] = curveNodes[curve.persona] || []).push(group);
    if (persona.show_curve === false) group.setAttribute("display", "none");
  });
}

// A card is drawn in detail (its lines of text, icons, pill and badge) once it is on
// screen at a size where text can be read; until then as a sketch: its lines as bars,
// as the poster's small overview pictures draw them. A big map then opens quickly.
var DETAIL = 0.3;
var cardStates = [];

function drawCard(c, parent, lane) {
  // c: [id, x, y, w, h, fill, stroke, ink, soft, kind, titles, bodies, cut, meta, priority]
  var x = c[1], y = c[2], w = c[3], h = c[4];
  var g = svg("g", { "class": "card", "data-id": c[0], tabindex: 0, role: "button" }, parent);
  var card = cards[c[0]];
  g.setAttribute("aria-label", card ? card.title : "");
  svg("rect", { "class": "box", x: x, y: y, width: w, height: h, rx: 3,
                fill: c[5], stroke: c[6], "stroke-width": 0.8 }, g);
  svg("rect", { x: x, y: y + 1.2, width: 3, height: h - 2.4,
                fill: view.kinds[c[9]].accent }, g);
  if (c[12]) {
    svg("path", { d: "M" + (x + w - 7) + " " + (y + h) + "L" + (x + w) + " " + (y + h - 7) +
                     "V" + (y + h) + "Z", fill: ink.cut }, g);
  }
  var state = { c: c, g: g, lane: lane, detailed: false, sketch: [] };
  cardStates.push(state);
  cardNodes[c[0]] = g;
  if (camera.s >= DETAIL) detail(state);
  else sketch(state);
  return g;
}

function sketch(state) {
  var c = state.c, x = c[1] + view.pad, room = c[3] - 2 * view.pad;
  var top = c[2] + view.pad, titles = "", bodies = "";
  c[10].forEach(function (line, i) {
    titles += bar(x, top + i * 9.5 * 1.3 + 2.5, Math.min(line.length * 5.2, room), 6);
  });
  top += c[10].length * 9.5 * 1.3;
  c[11].forEach(function (line, i) {
    bodies += bar(x, top + i * 8 * 1.3 + 2.5, Math.min(line.length * 4.1, room), 4.5);
  });
  if (titles) state.sketch.push(svg("path", { d: titles, fill: c[7], opacity: 0.55 }, state.g));
  if (bodies) state.sketch.push(svg("path", { d: bodies, fill: c[8], opacity: 0.4 }, state.g));
}

function bar(x, y, w, h) {
  return "M" + x + " " + y + "h" + w.toFixed(1) + "v" + h + "h" + (-w).toFixed(1) + "z";
}

function detail(state) {
  var c = state.c, g = state.g, x = c[1], y = c[2], pad = view.pad;
  state.sketch.forEach(function (node) { node.remove(); });
  state.sketch = [];
  state.detailed = true;
  var baseline = y + pad + 9.5 * 1.02;
  c[10].forEach(function (line) {
    label(x + pad, baseline, line, "t-title", c[7], g);
    baseline += 9.5 * 1.3;
  });
  if (c[11].length) {
    baseline = y + pad + c[10].length * 9.5 * 1.3 + 8 * 1.02;
    c[11].forEach(function (line) {
      label(x + pad, baseline, line, "t-body", c[8], g);
      baseline += 8 * 1.3;
    });
  }
  drawMeta(c, g);
}

function refine() {
  // Detail every card now on screen, if cards are shown large enough to read.
  refining = false;
  if (camera.s < DETAIL) return;
  var s = camera.s, area = size(), margin = 200;
  var left = (-camera.x - margin) / s, right = (area.w - camera.x + margin) / s;
  var top = (-camera.y - margin) / s, bottom = (area.h - camera.y + margin) / s;
  cardStates.forEach(function (state) {
    if (state.detailed || hiddenLanes[state.lane.entry.id]) return;
    var c = state.c, y = c[2] - state.lane.shift;
    if (c[1] < right && c[1] + c[3] > left && y < bottom && y + c[4] > top) detail(state);
  });
}

var refining = false;

function refineSoon() {
  if (!refining && camera.s >= DETAIL) {
    refining = true;
    requestAnimationFrame(refine);
  }
}

function detailAll() {
  cardStates.forEach(function (state) { if (!state.detailed) detail(state); });
}

function drawMeta(c, g) {
  // The bottom line: kind icon, star, channel pill and label; the badge on the right.
  var pad = view.pad, meta = c[13];
  var left = c[1] + pad, bottom = c[2] + c[4] - pad, baseline = bottom - (6 - 7 * 0.36);
  svg("use", { href: "#kind-" + c[9], x: left, y: bottom - 9.75, width: 7.5, height: 7.5 }, g);
  var at = left + 10.5;
  if (meta[2]) {
    svg("use", { href: "#star", x: at, y: bottom - 10.25, width: 8.5, height: 8.5 }, g);
    at += 11;
  }
  if (meta[1]) {
    var channel = view.channels[meta[1]];
    svg("rect", { x: at, y: bottom - 10.5, width: channel.width, height: 9, rx: 3,
                  fill: channel.colour }, g);
    label(at + 2.5, baseline, channel.glyph, "t-meta", ink.paper, g);
    at += channel.width + 3;
  }
  if (meta[0]) label(at, baseline, meta[0], "t-meta", c[8], g);
  if (meta[3]) {
    var right = c[1] + c[3] - pad - (c[12] ? 6 : 0);
    var badge = meta[3], bx = right - badge[2];
    svg("rect", { x: bx, y: bottom - 10.5, width: badge[2], height: 9, rx: 3,
                  fill: badge[1] }, g);
    label(bx + 3, baseline, badge[0], "t-meta", ink.paper, g);
  }
}
