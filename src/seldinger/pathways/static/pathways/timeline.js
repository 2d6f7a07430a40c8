/* Draws the planner timeline (a Gantt-like chart) from the #timeline-data JSON. */
(function () {
  "use strict";

  var PHASE_COLOURS = {
    "premed": "#8d99ae",
    "medical-school": "#5c7aa8",
    "clinical": "#2a9d8f",
    "dr": "#457b9d",
    "dr-focused": "#457b9d",
    "dr-esir": "#457b9d",
    "esir-r4": "#9b5de5",
    "ir-focused": "#c0392b",
    "independent-ir": "#c0392b",
    "vir-fellowship": "#c0392b"
  };
  var chart = null;

  function yearLabel(value) {
    return Number.isInteger(value) ? String(value) : "";
  }

  function draw() {
    var source = document.getElementById("timeline-data");
    var canvas = document.getElementById("timeline-chart");
    if (!source || !canvas || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var starts = data.bars.map(function (bar) { return bar.start; });
    var ends = data.bars.map(function (bar) { return bar.end; })
      .concat(data.markers.map(function (marker) { return marker.x; }));
    if (chart) { chart.destroy(); }
    canvas.parentElement.style.height = Math.max(160, 70 * data.rows.length + 90) + "px";

    var bars = {
      type: "bar",
      label: "Stages",
      data: data.bars.map(function (bar) {
        return { x: [bar.start, bar.end], y: data.rows[bar.row], label: bar.label, dates: bar.dates };
      }),
      backgroundColor: data.bars.map(function (bar) { return PHASE_COLOURS[bar.phase] || "#6c757d"; }),
      borderColor: "#ffffff",
      borderWidth: 1,
      borderSkipped: false,
      grouped: false,
      barPercentage: 0.6
    };
    var markers = {
      type: "scatter",
      label: "Key events",
      data: data.markers.map(function (marker) {
        return { x: marker.x, y: data.rows[marker.row], label: marker.label, dates: marker.date };
      }),
      backgroundColor: "#f4a261",
      borderColor: "#1d3557",
      borderWidth: 2,
      pointRadius: 6,
      pointStyle: "rectRot"
    };
    chart = new Chart(canvas, {
      data: { labels: data.rows, datasets: [bars, markers] },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: {
            type: "linear",
            min: Math.floor(Math.min.apply(null, starts)),
            max: Math.ceil(Math.max.apply(null, ends)),
            ticks: { stepSize: 1, callback: yearLabel, autoSkip: true },
            title: { display: true, text: "Year" }
          },
          y: { type: "category", labels: data.rows }
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                var point = context.raw;
                return point.label + " (" + point.dates + ")";
              }
            }
          }
        }
      }
    });
    canvas.dataset.rendered = "true";
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.body.addEventListener("htmx:afterSettle", draw);
})();
