/* Pay page: sourced averages as bars; the seed's unsourced ranges as floating bars, apart. */
(function () {
  "use strict";

  function dollars(value) {
    return "$" + Math.round(value / 1000) + "k";
  }

  function draw() {
    var source = document.getElementById("pay-chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var sourcedCanvas = document.getElementById("sourced-pay-chart");
    if (sourcedCanvas) {
      new Chart(sourcedCanvas, {
        type: "bar",
        data: {
          labels: data.sourced.labels,
          datasets: [{ label: "Average pay (USD a year)", data: data.sourced.values, backgroundColor: "#457b9d" }]
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { title: { display: true, text: data.sourced.title }, legend: { display: false },
            tooltip: { callbacks: { label: function (c) { return dollars(c.raw); } } } },
          scales: { y: { beginAtZero: true, ticks: { callback: dollars } } }
        }
      });
      sourcedCanvas.dataset.rendered = "true";
    }
    var seedCanvas = document.getElementById("unsourced-pay-chart");
    if (seedCanvas) {
      new Chart(seedCanvas, {
        type: "bar",
        data: {
          labels: data.unsourced.labels,
          datasets: [{
            label: "Unsourced range (seed 004)", data: data.unsourced.ranges,
            backgroundColor: "rgba(192, 57, 43, 0.25)", borderColor: "#c0392b", borderWidth: 2,
            borderDash: [6, 4]
          }]
        },
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { title: { display: true, text: data.unsourced.title },
            tooltip: { callbacks: { label: function (c) { return "Unsourced: " + dollars(c.raw[0]) + "–" + dollars(c.raw[1]); } } } },
          scales: { x: { min: 300000, ticks: { callback: dollars } } }
        }
      });
      seedCanvas.dataset.rendered = "true";
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
