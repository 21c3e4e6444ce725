/* Jumys population pyramids: persons by age band and sex, men to the left and women to the right, two
   years side by side, drawn with the vendored Chart.js from a JSON block in the page (the CSP runs no
   inline script).

   A page loads /static/vendor/chartjs/chart.umd.min.js and this file (both with defer), and puts
     <canvas data-pyramid="ID" role="img" aria-label="..."></canvas>
     <script type="application/json" id="ID">{...}</script>
   where the JSON is what jumys.web.forecast_population.pyramid_chart builds:
     { "labels": ["100+", "95-99", ..., "0-4"], "x_title": "persons",
       "datasets": [ {"label": "men, 2025", "stack": "2025", "colour": "#9ecae1", "data": [-120, ...]}, ... ] }
   Men's numbers are negative (drawn to the left) and shown without their sign. A drawn canvas gets
   data-ready="1". */
(function () {
  "use strict";

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof Chart === "undefined") return;
    var el = document.getElementById(canvas.dataset.pyramid);
    if (!el) return;
    canvas.dataset.drawn = "1";
    var spec = JSON.parse(el.textContent);
    var fmt = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 0 });
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d) {
          return { label: d.label, data: d.data, stack: d.stack, backgroundColor: d.colour, borderWidth: 0 };
        })
      },
      options: {
        indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) { return ctx.dataset.label + ": " + fmt.format(Math.abs(ctx.raw)); }
            }
          }
        },
        scales: {
          x: {
            stacked: true,
            ticks: { callback: function (v) { return fmt.format(Math.abs(v)); } },
            title: { display: !!spec.x_title, text: spec.x_title || "" }
          },
          y: { stacked: true }
        }
      }
    });
    canvas.dataset.ready = "1";
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-pyramid]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function () { drawAll(document); });
})();
