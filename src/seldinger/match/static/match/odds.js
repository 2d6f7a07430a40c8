/* Draws the match-odds charts from the JSON that the results carry (json_script). */
(function () {
  "use strict";

  var charts = {};

  function read(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  function percentTick(value) { return value + "%"; }

  function make(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    if (charts[id]) { charts[id].destroy(); }
    charts[id] = new Chart(canvas, config);
    canvas.dataset.rendered = "true";
  }

  function drawApplicant() {
    var data = read("odds-rank-data");
    if (!data) { return; }
    var last = data.labels.length - 1;
    make("odds-rank-chart", {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: "Share of simulated matches",
          data: data.percent,
          backgroundColor: data.labels.map(function (_label, index) {
            return index === last ? "#8d99ae" : "#457b9d";
          })
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { title: { display: true, text: "Choice on your list you matched at" } },
          y: { beginAtZero: true, ticks: { callback: percentTick }, title: { display: true, text: "Share of runs" } }
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.parsed.y + "% (" + data.runs[context.dataIndex] + " runs)";
              }
            }
          }
        }
      }
    });
  }

  function drawProgram() {
    var data = read("odds-program-data");
    if (!data) { return; }
    make("odds-program-chart", {
      data: {
        labels: data.labels,
        datasets: [
          {
            type: "bar",
            label: "Last applicant matched at this rank",
            data: data.last_percent,
            backgroundColor: "#457b9d",
            order: 2
          },
          {
            type: "line",
            label: "Filled by this rank",
            data: data.within_percent,
            borderColor: "#c0392b",
            backgroundColor: "#c0392b",
            pointRadius: 0,
            stepped: true,
            order: 1
          }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { title: { display: true, text: "Rank on your list" } },
          y: { beginAtZero: true, max: 100, ticks: { callback: percentTick }, title: { display: true, text: "Share of runs" } }
        }
      }
    });
  }

  function draw() {
    if (typeof Chart === "undefined") { return; }
    drawApplicant();
    drawProgram();
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.body.addEventListener("htmx:afterSettle", draw);
})();
