/* CJM Studio web page, part 6 of 6: printing on sheets, and the start. */

// ------------------------------------------------------------------ printing
// Sheets of the map at a readable size (card titles about 7 pt), each with its stage,
// step and lane headers. Made when printing starts from the drawing as it is then
// (lanes, filters and curves as shown), each sheet holding copies of only the cards
// it shows, and dropped when printing ends.
var PRINT_SCALE = 0.75, SHEET_W = 740, SHEET_H = 500;
var printBox = document.getElementById("print");

function spans(ranges, room) {
  var out = [], start = null, end = null;
  ranges.forEach(function (range) {
    if (start === null) {
      start = range[0];
      end = range[1];
    } else if (range[1] - start <= room) {
      end = range[1];
    } else {
      out.push([start, end]);
      start = range[0];
      end = range[1];
    }
    while (end - start > room) {  // one piece taller or wider than a sheet: cut it
      out.push([start, start + room]);
      start += room;
    }
  });
  if (start !== null && end > start) out.push([start, end]);
  return out;
}

function copy(node) {
  var clone = node.cloneNode(true);
  clone.removeAttribute("id");
  return clone;
}

function buildPrint() {
  printBox.textContent = "";
  detailAll();
  var lh = view.laneHeader, th = view.stageHeight + view.stepHeight;
  var shown = laneParts.filter(function (lane) { return !hiddenLanes[lane.entry.id]; });
  var columns = spans(view.steps.map(function (s) { return [s[1], s[1] + s[2]]; }),
                      SHEET_W / PRINT_SCALE - lh);
  var rows = spans(shown.map(function (lane) {
    return [lane.entry.y - lane.shift, lane.entry.y - lane.shift + lane.entry.h];
  }), SHEET_H / PRINT_SCALE - th);
  if (!columns.length) columns = [[lh, view.w]];
  if (!rows.length) rows = [[th, th]];
  var count = columns.length * rows.length, number = 0;
  rows.forEach(function (row) {
    var lanesHere = shown.filter(function (lane) {
      var top = lane.entry.y - lane.shift;
      return top < row[1] && top + lane.entry.h > row[0];
    });
    columns.forEach(function (column) {
      number += 1;
      var sheet = html("section", "sheet", printBox);
      html("p", "caption", sheet, view.title + " — sheet " + number + " of " + count);
      var w = lh + column[1] - column[0], h = th + row[1] - row[0];
      var page = svg("svg", { viewBox: "0 0 " + w + " " + h, width: w * PRINT_SCALE + "pt",
                              height: h * PRINT_SCALE + "pt", "class": "sheet-map" }, sheet);
      var body = frame(page, lh, th, column[1] - column[0], row[1] - row[0], column[0], row[0]);
      var heads = frame(page, 0, th, lh, row[1] - row[0], 0, row[0]);
      lanesHere.forEach(function (lane) {
        var group = lane.body.cloneNode(false);
        body.appendChild(group);
        Array.prototype.forEach.call(lane.body.childNodes, function (child) {
          if (!child.classList.contains("card")) group.appendChild(copy(child));
        });
        lane.entry.cards.forEach(function (entry, i) {  // only the cards in this column
          if (entry[1] < column[1] && entry[1] + entry[3] > column[0]) {
            group.appendChild(copy(lane.cards[i]));
          }
        });
        heads.appendChild(copy(lane.head));
      });
      frame(page, lh, 0, column[1] - column[0], th, column[0], 0).appendChild(copy(parts.tops));
      frame(page, 0, 0, lh, th, 0, 0).appendChild(copy(parts.corner));
    });
  });
}

function frame(page, x, y, w, h, fromX, fromY) {
  return svg("svg", { x: x, y: y, width: Math.max(w, 0), height: Math.max(h, 0),
                      viewBox: fromX + " " + fromY + " " + Math.max(w, 0.01) + " " +
                               Math.max(h, 0.01) }, page);
}

window.addEventListener("beforeprint", buildPrint);
window.addEventListener("afterprint", function () { printBox.textContent = ""; });
if (window.matchMedia) {
  var printing = window.matchMedia("print");
  var onPrint = function (query) { if (query.matches) buildPrint(); };
  if (printing.addEventListener) printing.addEventListener("change", onPrint);
}

// ------------------------------------------------------------------ start
document.title = view.title;
document.getElementById("map-title").textContent = view.title;
document.getElementById("map-sub").textContent = view.subtitle[0];
camera.s = fitScale();  // before drawing: cards too small to read are sketched
draw();
placeLanes();
setUpFilters();
setUpPersonaChips();
filter();
fit();
stage.classList.add("ready");
requestAnimationFrame(function () {
  requestAnimationFrame(function () {
    document.documentElement.setAttribute("data-drawn", String(performance.now()));
    document.documentElement.setAttribute("data-draw-ms", String(performance.now() - started));
  });
});
