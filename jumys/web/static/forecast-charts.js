/* Jumys fan charts: history as a line, forecasts as a dashed line inside shaded 80 % and 95 % bands,
   drawn with the vendored Chart.js from a JSON block in the page (the CSP runs no inline script).

   A page loads /static/vendor/chartjs/chart.umd.min.js and this file (both with defer), and puts
     <canvas data-fan="ID" role="img" aria-label="..."></canvas>
     <script type="application/json" id="ID">{...}</script>
   where the JSON is what jumys.web.fanchart.fan_chart builds:
     { "y_title": "persons", "digits": 0, "from_zero": false, "locales": ["kk-KZ", "ru-RU"],
       "words": {"history": "...", "forecast": "...", "band80": "80 % interval", "band95": "95 % interval"},
       "series": [ { "label": "Almaty", "colour": "#2c7fb8",
                     "history":  {"years": [2019, ...], "values": [1.0, ...]},
                     "forecast": {"years": [2024, ...], "point": [...], "low80": [...], "high80": [...],
                                  "low95": [...], "high95": [...]} } ] }
   Any of forecast's bands may be left out (a scenario without intervals); history may be left out.
   Every canvas[data-fan] is drawn on load and again after htmx swaps content in; a drawn canvas gets
   data-ready="1". window.JumysFanChart.draw(canvas, spec) draws one by hand. */
(function () {
  "use strict";

  function rgba(hex, alpha) {
    var h = String(hex || "#2c7fb8").replace("#", "");
    if (h.length === 3) h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2];
    var n = parseInt(h, 16);
    return "rgba(" + ((n >> 16) & 255) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  function allYears(series) {
    var seen = {};
    series.forEach(function (s) {
      [s.history, s.forecast].forEach(function (part) {
        if (part) part.years.forEach(function (y) { seen[y] = true; });
      });
    });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
  }

  function aligned(years, partYears, values) {
    var at = {};
    partYears.forEach(function (y, i) { at[y] = values[i]; });
    return years.map(function (y) { return at[y] === undefined || at[y] === null ? null : at[y]; });
  }

  // the bands' and the forecast's lines start at the last year of history, so the fan opens from the data
  function joined(s, key) {
    var f = s.forecast, h = s.history;
    if (!f || !f[key]) return null;
    var years = f.years.slice(), values = f[key].slice();
    if (h && h.years.length) {
      years.unshift(h.years[h.years.length - 1]);
      values.unshift(h.values[h.values.length - 1]);
    }
    return { years: years, values: values };
  }

  function datasets(spec, years) {
    var out = [], words = spec.words || {};
    spec.series.forEach(function (s, i) {
      var colour = s.colour || "#2c7fb8";
      [["95", 0.15], ["80", 0.3]].forEach(function (band) {
        var low = joined(s, "low" + band[0]), high = joined(s, "high" + band[0]);
        if (!low || !high) return;
        out.push({
          label: "", data: aligned(years, low.years, low.values), borderWidth: 0, pointRadius: 0,
          borderColor: "transparent", backgroundColor: "transparent", fill: false, band: true, series: i
        });
        out.push({
          label: (s.label ? s.label + ": " : "") + (words["band" + band[0]] || band[0] + " %"),
          data: aligned(years, high.years, high.values), borderWidth: 0, pointRadius: 0,
          borderColor: "transparent", backgroundColor: rgba(colour, band[1]), fill: "-1", band: true,
          bandLegend: true, series: i
        });
      });
      if (s.history) {
        out.push({
          label: (s.label ? s.label + ": " : "") + (words.history || ""),
          data: aligned(years, s.history.years, s.history.values), borderColor: colour,
          backgroundColor: colour, borderWidth: 2, pointRadius: 2, fill: false, series: i
        });
      }
      var point = joined(s, "point");
      if (point) {
        out.push({
          label: (s.label ? s.label + ": " : "") + (words.forecast || ""),
          data: aligned(years, point.years, point.values), borderColor: colour, backgroundColor: colour,
          borderDash: [6, 4], borderWidth: 2, pointRadius: 2, fill: false, series: i
        });
      }
    });
    return out;
  }

  function draw(canvas, spec) {
    if (typeof Chart === "undefined" || !spec || !spec.series) return null;
    var years = allYears(spec.series);
    var digits = spec.digits === undefined ? 0 : spec.digits;
    var fmt = new Intl.NumberFormat(spec.locales || document.documentElement.lang || undefined, {
      maximumFractionDigits: digits
    });
    var chart = new Chart(canvas, {
      type: "line",
      data: { labels: years, datasets: datasets(spec, years) },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, spanGaps: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: {
            position: "bottom",
            labels: { filter: function (item, data) {
              var d = data.datasets[item.datasetIndex];
              return !d.band || d.bandLegend;
            } }
          },
          tooltip: {
            filter: function (item) { return item.raw !== null && !item.dataset.band; },
            callbacks: {
              label: function (ctx) {
                var s = spec.series[ctx.dataset.series], text = ctx.dataset.label + ": " + fmt.format(ctx.raw);
                var f = s.forecast, k = f ? f.years.indexOf(Number(ctx.label)) : -1;
                if (k >= 0 && ctx.dataset.borderDash && f.low80 && f.high80) {
                  // the band as the legend names it (an 80 % interval, or a page's own, such as variants)
                  text += " (" + ((spec.words && spec.words.band80) || "80 %") + ": " + fmt.format(f.low80[k]) +
                    "–" + fmt.format(f.high80[k]) + ")";
                }
                return text;
              }
            }
          }
        },
        scales: {
          x: { title: { display: !!spec.x_title, text: spec.x_title || "" } },
          y: {
            beginAtZero: !!spec.from_zero,
            ticks: { callback: function (v) { return fmt.format(v); } },
            title: { display: !!spec.y_title, text: spec.y_title || "" }
          }
        }
      }
    });
    canvas.dataset.ready = "1";
    return chart;
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-fan]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      var el = document.getElementById(canvas.dataset.fan);
      if (!el) return;
      canvas.dataset.drawn = "1";
      draw(canvas, JSON.parse(el.textContent));
    });
  }

  window.JumysFanChart = { draw: draw, drawAll: drawAll };
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function () { drawAll(document); });
})();
