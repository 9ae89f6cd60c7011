// /rapportera/: choose a point on the municipality's map (progressive enhancement: without JavaScript
// the map stays hidden and the place list and the address field say where).
//
// The map is an SVG drawn on the server (lagesbild.geo.point_map). Its data attributes carry the
// frame's numbers, so that a click or the keyboard cursor can be turned into WGS 84 here with the same
// sum as geo.Frame.unproject: viewBox units -> world fractions -> inverse Web Mercator. The position is
// written to the form's hidden latitude and longitude fields (5 decimals, a decimal point) and said in
// words in a live region; "Ta bort punkten" empties them. The server checks the point again.
(function () {
  "use strict";

  var STEP = 4; // viewBox units an arrow key moves the cursor
  var BIG_STEP = 20; // ... with Shift

  function init(container) {
    var svg = container.querySelector("svg");
    if (!svg) {
      return;
    }
    var latitude = document.getElementById(container.getAttribute("data-latitude"));
    var longitude = document.getElementById(container.getAttribute("data-longitude"));
    var status = container.querySelector("[aria-live]");
    var remove = container.querySelector("[data-remove-point]");
    var marker = svg.querySelector(".report-map-marker");
    var cursor = svg.querySelector(".report-map-cursor");
    if (!latitude || !longitude || !status || !remove || !marker || !cursor) {
      return;
    }
    var d = svg.dataset;
    var frame = {
      left: parseFloat(d.left),
      top: parseFloat(d.top),
      scale: parseFloat(d.scale),
      padding: parseFloat(d.padding),
      width: svg.viewBox.baseVal.width,
      height: svg.viewBox.baseVal.height
    };
    var bounds = {
      west: parseFloat(d.west),
      south: parseFloat(d.south),
      east: parseFloat(d.east),
      north: parseFloat(d.north)
    };
    var emptyText = status.textContent;
    var position = { x: frame.width / 2, y: frame.height / 2 };

    function toLonLat(x, y) {
      var wx = frame.left + (x - frame.padding) / frame.scale;
      var wy = frame.top + (y - frame.padding) / frame.scale;
      var lon = wx * 360 - 180;
      var lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * wy))) * 180 / Math.PI;
      return { lon: lon, lat: lat };
    }

    function toXY(lon, lat) {
      var rad = lat * Math.PI / 180;
      var wx = (lon + 180) / 360;
      var wy = (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2;
      return { x: frame.padding + (wx - frame.left) * frame.scale, y: frame.padding + (wy - frame.top) * frame.scale };
    }

    function inside(p) {
      return p.lon >= bounds.west && p.lon <= bounds.east && p.lat >= bounds.south && p.lat <= bounds.north;
    }

    function swedish(value) {
      return value.toFixed(5).replace(".", ",");
    }

    function place(circle, x, y) {
      circle.setAttribute("cx", x.toFixed(1));
      circle.setAttribute("cy", y.toFixed(1));
    }

    function show(lon, lat) {
      var p = toXY(lon, lat);
      place(marker, p.x, p.y);
      marker.classList.add("is-set");
      remove.hidden = false;
      status.textContent = "Vald punkt: latitud " + swedish(lat) + ", longitud " + swedish(lon) + ".";
    }

    function choose(x, y) {
      var p = toLonLat(x, y);
      if (!inside(p)) {
        status.textContent = "Punkten ligger utanför kommunen. Välj en punkt inom kommunen.";
        return;
      }
      latitude.value = p.lat.toFixed(5);
      longitude.value = p.lon.toFixed(5);
      show(p.lon, p.lat);
    }

    function clear() {
      latitude.value = "";
      longitude.value = "";
      marker.classList.remove("is-set");
      remove.hidden = true;
      status.textContent = emptyText;
    }

    svg.addEventListener("click", function (event) {
      var matrix = svg.getScreenCTM();
      if (!matrix) {
        return;
      }
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var local = point.matrixTransform(matrix.inverse());
      position = { x: local.x, y: local.y };
      place(cursor, position.x, position.y);
      choose(local.x, local.y);
    });

    svg.addEventListener("keydown", function (event) {
      var step = event.shiftKey ? BIG_STEP : STEP;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        position.x = Math.min(frame.width, Math.max(0, position.x + moves[event.key][0]));
        position.y = Math.min(frame.height, Math.max(0, position.y + moves[event.key][1]));
        place(cursor, position.x, position.y);
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose(position.x, position.y);
      }
    });

    remove.addEventListener("click", function () {
      clear();
      svg.focus();
    });

    // A form shown again after an error keeps the point chosen before.
    if (latitude.value && longitude.value) {
      var lat = parseFloat(latitude.value);
      var lon = parseFloat(longitude.value);
      if (!isNaN(lat) && !isNaN(lon)) {
        var p = toXY(lon, lat);
        position = { x: p.x, y: p.y };
        show(lon, lat);
      }
    }
    place(cursor, position.x, position.y);
    container.hidden = false;
  }

  document.querySelectorAll("[data-report-map]").forEach(init);
})();
