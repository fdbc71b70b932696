/* CJM Studio web page, part 3 of 6: lanes shown, pan and zoom (mouse, wheel, trackpad,
 * touch, keys). */

// ------------------------------------------------------------------ lanes shown
var hiddenLanes = {};
var mapHeight = view.h;

function placeLanes() {
  var shift = 0;
  laneParts.forEach(function (lane) {
    var hidden = !!hiddenLanes[lane.entry.id];
    var transform = shift ? "translate(0 " + (-shift) + ")" : "";
    [lane.body, lane.head].forEach(function (node) {
      if (hidden) node.setAttribute("display", "none");
      else node.removeAttribute("display");
      if (transform) node.setAttribute("transform", transform);
      else node.removeAttribute("transform");
    });
    lane.shift = shift;
    if (hidden) shift += lane.entry.h;
  });
  mapHeight = view.h - shift;
}

// ------------------------------------------------------------------ pan and zoom
var camera = { s: 1, x: 0, y: 0 };
var MAX_ZOOM = 4;

function minZoom() {
  return Math.min(fitScale() * 0.5, 0.05);
}

function clamp() {
  // The map never leaves the window, nor goes under the open panel: a margin of it (or
  // all of it) stays in sight.
  var free = room(), keep = 60;
  var w = view.w * camera.s, h = mapHeight * camera.s;
  camera.x = w <= free.w ? Math.min(Math.max(camera.x, 0), free.w - w)
                         : Math.min(Math.max(camera.x, free.w - w - keep), keep);
  camera.y = h <= free.h ? Math.min(Math.max(camera.y, 0), free.h - h)
                         : Math.min(Math.max(camera.y, free.h - h - keep), keep);
}

var panelBox = null;  // where the open panel covers the map (measured when it opens)

function room() {
  var area = size();
  if (panel.hidden || !panelBox) return { w: area.w, h: area.h };
  if (panelBox.left - area.left > 40) return { w: panelBox.left - area.left, h: area.h };
  if (panelBox.top - area.top > 40) return { w: area.w, h: panelBox.top - area.top };
  return { w: area.w, h: area.h };
}

function apply() {
  clamp();
  var s = camera.s, x = camera.x, y = camera.y;
  var pinX = Math.max(x, 0), pinY = Math.max(y, 0);
  set("body", x, y);
  set("heads", pinX, y);
  set("tops", x, pinY);
  set("corner", pinX, pinY);
  function set(name, tx, ty) {
    parts["world-" + name].setAttribute(
      "transform", "translate(" + tx + " " + ty + ") scale(" + s + ")");
  }
  document.getElementById("zoom-level").textContent = Math.round(s * 100) + "%";
  refineSoon();
}

var area = null;

function size() {
  // Measured once and again when the window changes: measuring forces a layout.
  if (!area) {
    var box = canvas.getBoundingClientRect();
    area = { w: box.width || 1, h: box.height || 1, left: box.left, top: box.top };
  }
  return area;
}

function fitScale() {
  var area = size();
  return Math.max(Math.min((area.w - 24) / view.w, (area.h - 24) / mapHeight), 0.01);
}

function fit() {
  var area = size();
  camera.s = fitScale();
  camera.x = (area.w - view.w * camera.s) / 2;
  camera.y = Math.max((area.h - mapHeight * camera.s) / 2, 0);
  apply();
}

function zoomAt(factor, px, py) {
  var s = Math.min(Math.max(camera.s * factor, minZoom()), MAX_ZOOM);
  camera.x = px - (px - camera.x) * (s / camera.s);
  camera.y = py - (py - camera.y) * (s / camera.s);
  camera.s = s;
  apply();
}

function zoomCentre(factor) {
  var area = size();
  zoomAt(factor, area.w / 2, area.h / 2);
}

function panBy(dx, dy) {
  camera.x += dx;
  camera.y += dy;
  apply();
}

var pointers = {};
var gesture = null;

function local(event) {
  var area = size();
  return { x: event.clientX - area.left, y: event.clientY - area.top };
}

function startGesture() {
  var ids = Object.keys(pointers);
  if (ids.length === 1) {
    var p = pointers[ids[0]];
    gesture = { kind: "pan", x: p.x, y: p.y, cx: camera.x, cy: camera.y,
                moved: gesture ? gesture.moved : false, start: p };
  } else if (ids.length >= 2) {
    var a = pointers[ids[0]], b = pointers[ids[1]];
    gesture = { kind: "pinch", d: Math.hypot(a.x - b.x, a.y - b.y) || 1, s: camera.s,
                mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2, cx: camera.x, cy: camera.y,
                moved: true };
  } else {
    gesture = null;
  }
}

canvas.addEventListener("pointerdown", function (event) {
  if (event.button !== 0 && event.pointerType === "mouse") return;
  pointers[event.pointerId] = local(event);
  gesture = null;
  startGesture();
});

canvas.addEventListener("pointermove", function (event) {
  if (!(event.pointerId in pointers) || !gesture) return;
  pointers[event.pointerId] = local(event);
  if (gesture.kind === "pan") {
    var p = pointers[event.pointerId];
    var dx = p.x - gesture.x, dy = p.y - gesture.y;
    if (!gesture.moved && Math.hypot(dx, dy) < 4) return;
    if (!gesture.moved) {
      gesture.moved = true;
      try { canvas.setPointerCapture(event.pointerId); } catch (ignored) { /* gone */ }
      canvas.classList.add("panning");
    }
    camera.x = gesture.cx + dx;
    camera.y = gesture.cy + dy;
    apply();
  } else {
    var ids = Object.keys(pointers), a = pointers[ids[0]], b = pointers[ids[1]];
    var s = Math.min(Math.max(gesture.s * Math.hypot(a.x - b.x, a.y - b.y) / gesture.d,
                              minZoom()), MAX_ZOOM);
    var mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
    camera.x = mx - (gesture.mx - gesture.cx) * (s / gesture.s);
    camera.y = my - (gesture.my - gesture.cy) * (s / gesture.s);
    camera.s = s;
    apply();
  }
});

function release(event) {
  if (!(event.pointerId in pointers)) return;
  var was = gesture;
  delete pointers[event.pointerId];
  canvas.classList.remove("panning");
  if (was && was.kind === "pan" && !was.moved && event.type === "pointerup") {
    var target = event.target.closest ? event.target.closest(".card") : null;
    if (target) showCard(target.getAttribute("data-id"));
  }
  startGesture();
  if (gesture) gesture.moved = true;  // the finger left after a pinch: no click
}

canvas.addEventListener("pointerup", release);
canvas.addEventListener("pointercancel", release);

canvas.addEventListener("wheel", function (event) {
  event.preventDefault();
  var p = local(event);
  var unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? size().h : 1;
  if (event.ctrlKey || event.metaKey) {
    // A trackpad pinch comes as ctrl+wheel with small steps; a mouse wheel notch is ~100.
    var k = Math.abs(event.deltaY * unit) < 50 ? 0.01 : 0.0025;
    zoomAt(Math.exp(-event.deltaY * unit * k), p.x, p.y);
  } else if (event.shiftKey && !event.deltaX) {
    panBy(-event.deltaY * unit, 0);
  } else {
    panBy(-event.deltaX * unit, -event.deltaY * unit);
  }
}, { passive: false });

// Safari's own trackpad pinch.
var pinchFrom = 1;
canvas.addEventListener("gesturestart", function (event) {
  event.preventDefault();
  pinchFrom = camera.s;
});
canvas.addEventListener("gesturechange", function (event) {
  event.preventDefault();
  var p = local(event);
  zoomAt(pinchFrom * event.scale / camera.s, p.x, p.y);
});

canvas.addEventListener("keydown", function (event) {
  if (event.key === "Enter" || event.key === " ") {
    var target = event.target.closest ? event.target.closest(".card") : null;
    if (target) {
      event.preventDefault();
      showCard(target.getAttribute("data-id"));
    }
  }
});

document.addEventListener("keydown", function (event) {
  var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
  if (event.key === "Escape") {
    closePanel();
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  var step = 60;
  var keys = {
    "+": function () { zoomCentre(1.25); }, "=": function () { zoomCentre(1.25); },
    "-": function () { zoomCentre(0.8); }, "0": fit, "f": fit,
    "ArrowLeft": function () { panBy(step, 0); }, "ArrowRight": function () { panBy(-step, 0); },
    "ArrowUp": function () { panBy(0, step); }, "ArrowDown": function () { panBy(0, -step); },
    "/": function () { search.focus(); }
  };
  if (keys[event.key]) {
    event.preventDefault();
    keys[event.key]();
  }
});

document.getElementById("zoom-in").addEventListener("click", function () { zoomCentre(1.25); });
document.getElementById("zoom-out").addEventListener("click", function () { zoomCentre(0.8); });
document.getElementById("fit").addEventListener("click", fit);
window.addEventListener("resize", function () {
  area = null;
  panelBox = null;
  apply();
});
