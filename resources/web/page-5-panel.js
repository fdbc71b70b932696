/* CJM Studio web page, part 5 of 6: the side panel (a card, the personas, the map). */

// ------------------------------------------------------------------ the side panel
var selected = null;

function openPanel(title) {
  panelBody.textContent = "";
  panel.hidden = false;
  panel.setAttribute("aria-label", title);
  document.body.classList.add("with-panel");
  panelBox = null;  // the map may go under the panel until a card asks to be seen
  return panelBody;
}

function closePanel() {
  panel.hidden = true;
  document.body.classList.remove("with-panel");
  select(null);
}

function select(id) {
  if (selected && cardNodes[selected]) cardNodes[selected].classList.remove("sel");
  selected = id;
  if (id && cardNodes[id]) cardNodes[id].classList.add("sel");
}

function icon(parent, name) {
  // One of the drawing's symbols (the star, a kind's icon) beside words.
  var picture = svg("svg", { viewBox: "0 0 1 1", "class": "icon", "aria-hidden": "true" },
                    parent);
  svg("use", { href: "#" + name, width: 1, height: 1 }, picture);
  return picture;
}

function fact(list, term, value) {
  if (value === undefined || value === null || value === "") return;
  html("dt", "", list, term);
  html("dd", "", list, value);
}

function paragraph(parent, text, className) {
  if (!text) return null;
  var node = html("p", className || "text", parent, text);
  node.dir = "auto";
  return node;
}

function heading(parent, text) {
  return html("h3", "", parent, text);
}

function metricValue(metric) {
  var value = Number(metric.value);
  return (Number.isInteger(value) ? String(value) : String(+value.toFixed(2))) + (metric.unit || "");
}

function showCard(id) {
  var card = cards[id];
  if (!card) return;
  select(id);
  var body = openPanel("Card");
  var kind = view.kinds[card.kind];
  var head = html("div", "tags", body);
  var chip = html("span", "pill", head, kind.label);
  chip.style.background = kind.accent;
  if (card.moment_of_truth) {
    var moment = html("span", "pill gold", head);
    icon(moment, "star");
    moment.appendChild(document.createTextNode(" Moment of truth"));
  }
  var title = html("h2", "card-title", body, card.title);
  title.dir = "auto";
  var where = steps[card.step] || {};
  var lane = lanes[card.lane];
  html("p", "where", body, [lane ? lane.name : "", where.stage ? where.stage.name : "",
    where.step ? where.step.name : ""].filter(Boolean).join(" › "));
  paragraph(body, card.body, "text body");
  var facts = html("dl", "facts", body);
  if (card.channel) fact(facts, "Channel", view.channels[card.channel].label);
  if (!view.clientSafe) fact(facts, "Owner", card.owner);
  if (card.status) fact(facts, "Status", view.words.status[card.status]);
  if (card.severity) fact(facts, "Severity", card.severity + " of 5");
  if (card.impact) fact(facts, "Impact", card.impact + " of 5");
  if (card.effort) fact(facts, "Effort", card.effort + " of 5");
  var entry = findEntry(id);
  if (entry && entry[14]) fact(facts, "Priority", entry[14]);
  if (!facts.childNodes.length) facts.remove();
  if ((card.metrics || []).length) {
    heading(body, "Metrics");
    var table = html("table", "metrics", body);
    var row = html("tr", "", html("thead", "", table));
    ["Metric", "Value", "Target"].forEach(function (name) { html("th", "", row, name); });
    var rows = html("tbody", "", table);
    card.metrics.forEach(function (metric) {
      var line = html("tr", "", rows);
      html("td", "", line, metric.kind === "custom" ? metric.name : view.words.metric[metric.kind]);
      html("td", "num", line, metricValue(metric));
      html("td", "num", line, metric.target === null || metric.target === undefined ? "" :
        metricValue({ value: metric.target, unit: metric.unit }));
    });
  }
  var evidence = card.evidence || {};
  if (!view.clientSafe) {
    heading(body, "Evidence");
    var list = html("dl", "facts", body);
    fact(list, "Confidence", view.words.confidence[evidence.confidence] || "");
    fact(list, "Source", evidence.source);
    (evidence.quotes || []).forEach(function (quote) {
      var block = html("blockquote", "", body, quote);
      block.dir = "auto";
    });
  }
  if ((card.tags || []).length) {
    heading(body, "Tags");
    var tags = html("div", "tags", body);
    card.tags.forEach(function (tag) { html("span", "tag", tags, tag); });
  }
  reveal(id);
}

function reveal(id) {
  // Move the map, if need be, so that the card is not under the panel.
  var entry = findEntry(id), node = cardNodes[id];
  if (!entry || !node) return;
  panelBox = panel.getBoundingClientRect();
  var free = room(), right = free.w, bottom = free.h;
  var lane = laneParts.filter(function (part) { return part.cards.indexOf(node) >= 0; })[0];
  var s = camera.s, x = camera.x + entry[1] * s;
  var y = camera.y + (entry[2] - (lane ? lane.shift : 0)) * s;
  var w = entry[3] * s, h = entry[4] * s, margin = 16, dx = 0, dy = 0;
  if (x + w > right - margin) dx = right - margin - (x + w);
  if (x + dx < view.laneHeader * s + margin) dx = view.laneHeader * s + margin - x;
  if (y + h > bottom - margin) dy = bottom - margin - (y + h);
  if (y + dy < (view.stageHeight + view.stepHeight) * s + margin) {
    dy = (view.stageHeight + view.stepHeight) * s + margin - y;
  }
  panBy(dx, dy);  // and held to the room the panel leaves
}

function findEntry(id) {
  for (var i = 0; i < view.lanes.length; i++) {
    var list = view.lanes[i].cards;
    for (var j = 0; j < list.length; j++) if (list[j][0] === id) return list[j];
  }
  return null;
}

function photo(persona, index) {
  var type = view.personas[index].photo;
  if (!type || !persona.photo || !/^[A-Za-z0-9+/=]+$/.test(persona.photo)) return null;
  var img = html("img", "photo");
  img.alt = persona.name;
  img.src = "data:" + type + ";base64," + persona.photo;
  return img;
}

function showPersonas() {
  select(null);
  var body = openPanel("Personas");
  html("h2", "", body, "Personas");
  if (!personas.length) paragraph(body, "This map has no personas.");
  personas.forEach(function (persona, index) {
    var box = html("section", "persona", body);
    var top = html("div", "persona-head", box);
    var picture = photo(persona, index);
    if (picture) top.appendChild(picture);
    else {
      var initial = html("span", "photo initial", top, (persona.name || "?").charAt(0));
      initial.style.background = view.personas[index].colour;
    }
    var names = html("div", "", top);
    var name = html("h3", "", names, persona.name);
    name.dir = "auto";
    if (persona.primary) html("span", "pill", names, "Primary").style.background = "#2f3b4c";
    paragraph(names, persona.role, "where");
    if (persona.quote) html("blockquote", "", box, persona.quote).dir = "auto";
    var facts = html("dl", "facts", box);
    fact(facts, "Goals", persona.goals);
    fact(facts, "Needs", persona.needs);
    fact(facts, "Frustrations", persona.frustrations);
    fact(facts, "Notes", persona.notes);
    if (curveNodes[index]) {
      var toggle = html("label", "check", box);
      var input = html("input", "", toggle);
      input.type = "checkbox";
      input.checked = curveShown(index);
      input.setAttribute("data-persona-toggle", String(index));
      var dot = html("span", "swatch", toggle);
      dot.style.background = view.personas[index].colour;
      html("span", "", toggle, "Emotion curve shown");
      input.addEventListener("change", function () { setCurve(index, input.checked); });
    }
  });
}

function showAbout() {
  select(null);
  var body = openPanel("About this map");
  html("h2", "", body, view.title);
  view.subtitle.forEach(function (line) { paragraph(body, line, "where"); });
  var info = map.map || {};
  if (info.objective) {
    heading(body, "Objective");
    paragraph(body, info.objective);
  }
  if (info.description) {
    heading(body, "Description");
    paragraph(body, info.description);
  }
  heading(body, "Card kinds");
  var kinds = html("ul", "legend", body);
  Object.keys(view.kinds).forEach(function (kind) {
    var item = html("li", "", kinds);
    html("span", "swatch", item).style.background = view.kinds[kind].fill;
    item.lastChild.style.borderColor = view.kinds[kind].accent;
    html("span", "", item, view.kinds[kind].label);
  });
  heading(body, "Channels");
  var channels = html("ul", "legend", body);
  Object.keys(view.channels).forEach(function (key) {
    var item = html("li", "", channels);
    var glyph = html("span", "glyph", item, view.channels[key].glyph);
    glyph.style.background = view.channels[key].colour;
    html("span", "", item, view.channels[key].label);
  });
  heading(body, "Marks");
  var marks = html("ul", "legend", body);
  var star = html("li", "", marks);
  icon(star, "star");
  html("span", "", star, "Moment of truth");
  var cut = html("li", "", marks);
  var corner = svg("svg", { viewBox: "0 0 10 10", "class": "icon" }, cut);
  svg("path", { d: "M0 10L10 0V10Z", fill: ink.cut }, corner);
  html("span", "", cut, "Text continues: click the card to read it all");
  heading(body, "Moving around");
  var tips = html("ul", "tips", body);
  ["Drag the map to move it; scroll to move it too.",
   "Zoom with Ctrl (or Cmd) and the wheel, a trackpad pinch, two fingers, + and –.",
   "Fit (or 0) shows the whole map; Esc closes this panel.",
   "Click or tap a card to read all of it."].forEach(function (tip) {
    html("li", "", tips, tip);
  });
  heading(body, "This file");
  paragraph(body, "This page carries the whole map. CJM Studio opens it again: drop it on " +
    "the window, or run: cjm import this-page.html map.cjm");
}

document.getElementById("personas-button").addEventListener("click", showPersonas);
document.getElementById("about-button").addEventListener("click", showAbout);
document.getElementById("panel-close").addEventListener("click", closePanel);
