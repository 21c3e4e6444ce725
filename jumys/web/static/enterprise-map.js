/* The digital map of enterprises (jumys/web/map.py): region borders as the base layer, then, for those who
   see enterprises, the clusters and points of the box in view, asked of /api/v1/map/clusters at every move.
   The public's map colours each region by its share of high-risk enterprises. Runs again after htmx swaps. */
(function () {
  "use strict";

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function clusterIcon(c, colours) {
    // a ring in the classes' shares (high from the top, clockwise), the count in the middle
    var size = Math.round(22 + 6 * Math.log10(Math.max(1, c.count)));
    var el = document.createElement("div");
    var a = 100 * c.high / c.count, b = a + 100 * c.medium / c.count;
    el.className = "cluster-icon";
    el.style.width = el.style.height = size + "px";
    el.style.background = "conic-gradient(" + colours.high + " 0 " + a + "%, " + colours.medium + " " + a + "% " +
      b + "%, " + colours.low + " " + b + "% 100%)";
    var label = document.createElement("span");
    label.textContent = c.count >= 10000 ? Math.round(c.count / 1000) + "k" : String(c.count);
    el.appendChild(label);
    return L.divIcon({ html: el, className: "cluster", iconSize: [size, size] });
  }

  function draw(el) {
    if (el.dataset.drawn || typeof L === "undefined") return;
    el.dataset.drawn = "1";
    var data = JSON.parse(document.getElementById("emap-data").textContent);
    var status = document.getElementById("emap-status");
    var map = L.map(el, {
      attributionControl: false, zoomControl: false, minZoom: 3, maxZoom: 18,
      scrollWheelZoom: true
    });
    L.control.zoom({ zoomInTitle: data.words.zoom_in, zoomOutTitle: data.words.zoom_out }).addTo(map);
    var enterprises = L.layerGroup().addTo(map);
    var asked = 0;

    function snappedBox() {
      // the view widened to whole blocks of 2 x 2 map tiles (512 pixels): people looking at the same part of
      // the map ask for the same box, and the server answers all of them from one computation it keeps
      var z = Math.round(map.getZoom()), px = map.getPixelBounds(), block = 512;
      var scale = Math.pow(2, z - map.getZoom());
      var x0 = Math.floor(px.min.x * scale / block) * block, y0 = Math.floor(px.min.y * scale / block) * block;
      var x1 = Math.ceil(px.max.x * scale / block) * block, y1 = Math.ceil(px.max.y * scale / block) * block;
      var nw = map.unproject([x0, y0], z), se = map.unproject([x1, y1], z);
      return [
        Math.max(-180, nw.lng), Math.max(-85, se.lat), Math.min(180, se.lng), Math.min(85, nw.lat)
      ].map(function (v) { return v.toFixed(5); }).join(",");
    }

    function load() {
      var n = ++asked, box = snappedBox();
      var params = new URLSearchParams(data.filters);
      params.set("bbox", box);
      params.set("zoom", String(Math.round(map.getZoom())));
      fetch(data.clusters + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (answer) {
          if (n !== asked) return; // an older answer, arriving after a newer one was asked for
          enterprises.clearLayers();
          answer.clusters.forEach(function (c) {
            var m = L.marker([c.lat, c.lon], { icon: clusterIcon(c, data.colours), keyboard: false });
            m.bindTooltip(
              "<strong>" + c.count + " " + escapeHtml(data.words.enterprises) + "</strong><br>" +
              escapeHtml(data.classes.high) + ": " + c.high + "<br>" + escapeHtml(data.classes.medium) + ": " +
              c.medium + "<br>" + escapeHtml(data.classes.low) + ": " + c.low
            );
            m.on("click", function () {
              // to its enterprises' extent, where they part; a cluster at one spot goes three levels closer
              if (c.south === c.north && c.west === c.east) map.setView([c.lat, c.lon], Math.min(18, map.getZoom() + 3));
              else map.fitBounds([[c.south, c.west], [c.north, c.east]], { maxZoom: 18, padding: [20, 20] });
            });
            enterprises.addLayer(m);
          });
          answer.points.forEach(function (p) {
            var m = L.circleMarker([p.lat, p.lon], {
              radius: 6, weight: 1.5, color: "#ffffff", fillOpacity: 0.95, fillColor: data.colours[p["class"]],
              className: "point point-" + p["class"]
            });
            m.bindTooltip(
              "<strong>" + escapeHtml(p.name) + "</strong><br>" + escapeHtml(data.classes[p["class"]]) + " · " +
              escapeHtml(data.words.score) + " " + p.score
            );
            m.on("click", function () {
              window.location.assign(data.card + p.bin + (data.as_of ? "?as_of=" + data.as_of : ""));
            });
            enterprises.addLayer(m);
          });
          status.textContent = "";
          el.dataset.ready = "1";
          el.dataset.features = String(answer.clusters.length + answer.points.length);
        })
        .catch(function () { if (n === asked) status.textContent = data.words.failed; });
    }

    fetch(data.shapes, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (shapes) {
        var borders = L.geoJSON(shapes, {
          style: function (f) {
            var r = data.regions[f.properties.kato2] || {};
            return data.clusters
              ? { color: "#6b7a90", weight: 1, fillColor: "#f4f6f9", fillOpacity: 0.6, className: "region region-" + f.properties.kato2 }
              : { color: "#ffffff", weight: 1.2, fillColor: r.colour || "#c3ccd8", fillOpacity: 0.9, className: "region region-" + f.properties.kato2 };
          },
          onEachFeature: function (f, shape) {
            var r = data.regions[f.properties.kato2];
            if (r && !data.clusters) {
              shape.bindTooltip("<strong>" + escapeHtml(r.name) + "</strong><br>" + escapeHtml(r.summary), { sticky: true });
            }
          }
        }).addTo(map);
        var focus = null;
        if (data.focus) {
          borders.eachLayer(function (shape) { if (shape.feature.properties.kato2 === data.focus) focus = shape.getBounds(); });
        }
        map.fitBounds(focus || borders.getBounds(), { padding: [8, 8] });
        if (data.clusters) {
          map.on("moveend", load);
          load();
          return;
        }
        // cities of republican significance are a few pixels wide: a dot makes them seen
        borders.eachLayer(function (shape) {
          var code = shape.feature.properties.kato2, r = data.regions[code];
          if (!r || !r.city) return;
          L.circleMarker(shape.getBounds().getCenter(), {
            radius: 7, color: "#1d2433", weight: 1.5, fillOpacity: 1, fillColor: r.colour, className: "city city-" + code
          }).bindTooltip("<strong>" + escapeHtml(r.name) + "</strong><br>" + escapeHtml(r.summary)).addTo(map);
        });
        el.dataset.ready = "1";
      })
      .catch(function () { status.textContent = data.words.failed; });
  }

  function drawAll() { document.querySelectorAll("#emap").forEach(draw); }
  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
