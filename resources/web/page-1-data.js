/* CJM Studio web page, part 1 of 6: the data and small helpers.
 *
 * The page's script is made of these parts, in order, inside one function (html_page.py
 * joins them); together they draw the map this page carries and let a reader explore it
 * offline. The page's two JSON blocks are read with JSON.parse: "cjm-map" is the map
 * itself (cjm-json, as `cjm export --json` writes it) and "cjm-view" the poster's drawing
 * of it (places, colours, fitted lines). Every element is made with DOM calls and every
 * piece of user text is set with textContent or as an attribute value: nothing is ever
 * parsed as markup, and nothing is fetched (the page's Content-Security-Policy allows no
 * request at all).
 */

var SVG = "http://www.w3.org/2000/svg";
var started = performance.now();

function read(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

var map = read("cjm-map");
var view = read("cjm-view");
var ink = view.colours;

// ------------------------------------------------------------------ small helpers
function svg(tag, attrs, parent) {
  var node = document.createElementNS(SVG, tag);
  for (var name in attrs) {
    node.setAttribute(name, attrs[name]);
  }
  if (parent) parent.appendChild(node);
  return node;
}

function html(tag, className, parent, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (parent) parent.appendChild(node);
  return node;
}

function label(x, y, text, className, fill, parent) {
  var node = svg("text", { x: x, y: y, "class": className }, parent);
  if (fill) node.setAttribute("fill", fill);
  node.textContent = text;
  return node;
}

function byId(items) {
  var found = {};
  for (var i = 0; i < items.length; i++) found[items[i].id] = items[i];
  return found;
}

function fold(text) {
  return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

// ------------------------------------------------------------------ the map's parts
var cards = byId(map.cards || []);
var lanes = byId(map.lanes || []);
var personas = map.personas || [];
var steps = {};
(map.stages || []).forEach(function (stage) {
  (stage.steps || []).forEach(function (step) {
    steps[step.id] = { step: step, stage: stage };
  });
});
var cardCount = (map.cards || []).length;

var stage = document.getElementById("stage");
var canvas = document.getElementById("map");
var statusLine = document.getElementById("status");
var panel = document.getElementById("panel");
var panelBody = document.getElementById("panel-body");
