/* Jumys dashboard: draws the region map (Leaflet, no tile layer) and the charts (Chart.js) from the
   JSON blocks the server puts in each page; runs again on content that htmx swaps in. */
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function drawMap(el) {
    if (el.dataset.drawn || typeof L === "undefined") return;
    el.dataset.drawn = "1";
    var data = readJson("map-data");
    if (!data) return;
    var map = L.map(el, {
      attributionControl: false, zoomControl: false, zoomSnap: 0.25, scrollWheelZoom: false, minZoom: 3, maxZoom: 9
    });
    L.control.zoom({ zoomInTitle: data.zoom_in, zoomOutTitle: data.zoom_out }).addTo(map);
    fetch(el.dataset.map, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (shapes) {
        var layer = L.geoJSON(shapes, {
          style: function (f) {
            var r = data.regions[f.properties.kato2] || {};
            return {
              color: "#ffffff", weight: 1.2, fillOpacity: r.visible === false ? 0.35 : 0.9,
              fillColor: r.colour || data.no_data_colour,
              className: "region region-" + f.properties.kato2
            };
          },
          onEachFeature: function (f, shape) {
            var r = data.regions[f.properties.kato2];
            if (!r) return;
            shape.bindTooltip(
              "<strong>" + escapeHtml(r.name) + "</strong><br>" + escapeHtml(r.summary), { sticky: true }
            );
            shape.on("mouseover", function () { shape.setStyle({ weight: 2.5, color: "#12355b" }); });
            shape.on("mouseout", function () { shape.setStyle({ weight: 1.2, color: "#ffffff" }); });
            if (r.url) shape.on("click", function () { window.location.assign(r.url); });
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        // cities of republican significance are a few pixels wide: a dot makes them seen and clickable
        layer.eachLayer(function (shape) {
          var code = shape.feature.properties.kato2, r = data.regions[code];
          if (!r || !r.city) return;
          var dot = L.circleMarker(shape.getBounds().getCenter(), {
            radius: 7, color: "#1d2433", weight: 1.5, fillOpacity: 1,
            fillColor: r.colour || data.no_data_colour, className: "city city-" + code
          }).addTo(map);
          dot.bindTooltip("<strong>" + escapeHtml(r.name) + "</strong><br>" + escapeHtml(r.summary));
          if (r.url) dot.on("click", function () { window.location.assign(r.url); });
        });
        el.dataset.ready = "1";
      });
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function drawChart(canvas) {
    if (canvas.dataset.drawn || typeof Chart === "undefined") return;
    canvas.dataset.drawn = "1";
    var spec = readJson(canvas.dataset.chart);
    if (!spec) return;
    var stacked = !!spec.stacked;
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d) {
          return {
            label: d.label, data: d.data, borderColor: d.colour, backgroundColor: d.colour,
            borderDash: d.dashed ? [6, 4] : [], tension: 0, pointRadius: 3, borderWidth: 2,
            stepped: d.stepped || false
          };
        })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: stacked },
          y: {
            stacked: stacked, beginAtZero: true, ticks: { precision: 0 },
            title: { display: !!spec.y_title, text: spec.y_title || "" }
          }
        }
      }
    });
    canvas.dataset.ready = "1";
  }

  function draw(root) {
    root.querySelectorAll("[data-map]").forEach(drawMap);
    root.querySelectorAll("canvas[data-chart]").forEach(drawChart);
  }

  // the main menu's groups: one open at a time, closed by a click elsewhere or by Escape
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      if (d !== except) d.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (e) {
    closeMenus(e.target.closest ? e.target.closest("details.menu") : null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") closeMenus(null);
  });

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
