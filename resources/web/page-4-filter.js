/* CJM Studio web page, part 4 of 6: filters by lane, card kind and words; persona curves. */

// ------------------------------------------------------------------ filters
var search = document.getElementById("search");
var hiddenKinds = {};
var haystack = null;

function searchText(card) {
  var parts = [card.title, card.body, card.owner, view.kinds[card.kind].label];
  if (card.channel && view.channels[card.channel]) parts.push(view.channels[card.channel].label);
  (card.tags || []).forEach(function (tag) { parts.push(tag); });
  (card.metrics || []).forEach(function (metric) { parts.push(metric.name); });
  if (card.evidence) {
    parts.push(card.evidence.source);
    (card.evidence.quotes || []).forEach(function (quote) { parts.push(quote); });
  }
  return fold(parts.filter(Boolean).join("\n"));
}

function filter() {
  var words = fold(search.value).split(/\s+/).filter(Boolean);
  if (words.length && !haystack) {
    haystack = {};
    Object.keys(cards).forEach(function (id) { haystack[id] = searchText(cards[id]); });
  }
  var shown = 0, total = 0;
  laneParts.forEach(function (lane) {
    var laneShown = !hiddenLanes[lane.entry.id];
    lane.entry.cards.forEach(function (c, i) {
      var node = lane.cards[i];
      var match = !hiddenKinds[c[9]] && words.every(function (word) {
        return haystack[c[0]].indexOf(word) >= 0;
      });
      node.classList.toggle("off", !match);
      if (laneShown) {
        total += 1;
        if (match) shown += 1;
      }
    });
  });
  var filtered = words.length || Object.keys(hiddenKinds).length;
  statusLine.textContent = filtered
    ? shown + " of " + total + " cards match"
    : total + (total === 1 ? " card" : " cards") +
      (total < cardCount ? " in the lanes shown" : "");
}

function checklist(details, items, hidden, changed) {
  var box = details.querySelector(".pop");
  var summary = details.querySelector("summary");
  var base = summary.textContent;
  var inputs = [];
  var controls = html("div", "pop-actions", box);
  var all = html("button", "link", controls, "All");
  var none = html("button", "link", controls, "None");
  all.type = none.type = "button";
  items.forEach(function (item) {
    var row = html("label", "check", box);
    var input = html("input", "", row);
    input.type = "checkbox";
    input.checked = true;
    input.value = item.key;
    if (item.colour) {
      var dot = html("span", "swatch", row);
      dot.style.background = item.colour;
    }
    html("span", "", row, item.label);
    input.addEventListener("change", update);
    inputs.push(input);
  });
  function update() {
    inputs.forEach(function (input) {
      if (input.checked) delete hidden[input.value];
      else hidden[input.value] = true;
    });
    var count = inputs.filter(function (input) { return input.checked; }).length;
    summary.textContent = count === inputs.length ? base : base + " (" + count + "/" +
      inputs.length + ")";
    changed();
  }
  all.addEventListener("click", function () {
    inputs.forEach(function (input) { input.checked = true; });
    update();
  });
  none.addEventListener("click", function () {
    inputs.forEach(function (input) { input.checked = false; });
    update();
  });
}

function setUpFilters() {
  checklist(document.getElementById("lane-filter"), (map.lanes || []).map(function (lane, i) {
    return { key: lane.id, label: lane.name, colour: view.lanes[i].fill };
  }), hiddenLanes, function () {
    placeLanes();
    filter();
    fit();
  });
  var present = {};
  (map.cards || []).forEach(function (card) { present[card.kind] = true; });
  checklist(document.getElementById("kind-filter"), Object.keys(view.kinds).filter(function (k) {
    return present[k];
  }).map(function (kind) {
    return { key: kind, label: view.kinds[kind].label, colour: view.kinds[kind].fill };
  }), hiddenKinds, filter);
  search.addEventListener("input", filter);
  // One open menu at a time; a click elsewhere closes it.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
}

// ------------------------------------------------------------------ personas
function setCurve(index, shown) {
  (curveNodes[index] || []).forEach(function (node) {
    if (shown) node.removeAttribute("display");
    else node.setAttribute("display", "none");
  });
  document.querySelectorAll("[data-persona-toggle='" + index + "']").forEach(function (el) {
    if (el.tagName === "INPUT") el.checked = shown;
    else el.setAttribute("aria-pressed", shown ? "true" : "false");
  });
}

function curveShown(index) {
  var nodes = curveNodes[index] || [];
  return nodes.length ? nodes[0].getAttribute("display") !== "none" : false;
}

function setUpPersonaChips() {
  var box = document.getElementById("persona-chips");
  var menu = document.getElementById("curve-filter");
  var list = menu.querySelector(".pop");
  personas.forEach(function (persona, index) {
    if (!curveNodes[index]) return;
    var row = html("label", "check", list);
    var input = html("input", "", row);
    input.type = "checkbox";
    input.checked = curveShown(index);
    input.setAttribute("data-persona-toggle", String(index));
    html("span", "swatch", row).style.background = view.personas[index].colour;
    html("span", "", row, persona.name);
    input.addEventListener("change", function () { setCurve(index, input.checked); });
  });
  if (!list.childNodes.length) menu.hidden = true;
  personas.forEach(function (persona, index) {
    if (!curveNodes[index]) return;  // no curve to toggle
    var chip = html("button", "chip", box);
    chip.type = "button";
    chip.setAttribute("data-persona-toggle", String(index));
    chip.setAttribute("aria-pressed", curveShown(index) ? "true" : "false");
    chip.title = "Show or hide this persona's emotion curve";
    var dot = html("span", "dot", chip);
    dot.style.background = view.personas[index].colour;
    html("span", "", chip, persona.name);
    chip.addEventListener("click", function () { setCurve(index, !curveShown(index)); });
  });
  if (!box.childNodes.length) box.hidden = true;
}
