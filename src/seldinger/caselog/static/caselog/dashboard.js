/* Draws the progress dashboard's charts from the #dashboard-data JSON.
   Every figure is also in a table on the page; the charts only add the picture. */
(function () {
  "use strict";

  var COLOURS = {
    total: "#457b9d",
    headline: "#1d3557",
    target: "#2a9d8f",
    projection: "#e76f51",
    basic: "#8ecae6",
    intermediate: "#219ebc",
    advanced: "#023047",
    unknown: "#adb5bd",
    fluoro: "#f4a261",
    dap: "#9b5de5"
  };
  var charts = [];

  function make(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    charts.push(new Chart(canvas, config));
    canvas.dataset.rendered = "true";
  }

  function cumulative(data) {
    var datasets = [{
      label: "All cases logged",
      data: data.total,
      borderColor: COLOURS.total,
      backgroundColor: COLOURS.total,
      pointRadius: 0,
      tension: 0.1
    }];
    var headline = data.headline;
    if (headline) {
      datasets.push({
        label: "Counting toward " + headline.name,
        data: headline.done,
        borderColor: COLOURS.headline,
        backgroundColor: COLOURS.headline,
        pointRadius: 0,
        borderWidth: 3
      });
      datasets.push({
        label: "Target: " + headline.required + " by graduation",
        data: headline.target,
        borderColor: COLOURS.target,
        backgroundColor: COLOURS.target,
        pointRadius: 0,
        borderDash: [2, 4]
      });
      if (headline.projection.some(function (value) { return value !== null; })) {
        datasets.push({
          label: "Projection at the current pace",
          data: headline.projection,
          borderColor: COLOURS.projection,
          backgroundColor: COLOURS.projection,
          pointRadius: 0,
          borderDash: [8, 4],
          spanGaps: false
        });
      }
    }
    make("cumulative-chart", {
      type: "line",
      data: { labels: data.months, datasets: datasets },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { title: { display: true, text: "Month" }, ticks: { autoSkip: true, maxTicksLimit: 12 } },
          y: { beginAtZero: true, title: { display: true, text: "Cases (cumulative)" } }
        }
      }
    });
  }

  function categories(data) {
    make("category-chart", {
      type: "bar",
      data: {
        labels: data.categories.labels,
        datasets: [{ label: "Cases", data: data.categories.values, backgroundColor: COLOURS.total }]
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }

  function skill(data) {
    var datasets = data.skill.levels
      .filter(function (level) {
        return level !== "unknown" || data.skill.series.unknown.some(function (n) { return n > 0; });
      })
      .map(function (level) {
        return {
          label: level.charAt(0).toUpperCase() + level.slice(1),
          data: data.skill.series[level],
          backgroundColor: COLOURS[level]
        };
      });
    make("skill-chart", {
      type: "bar",
      data: { labels: data.skill.months, datasets: datasets },
      options: {
        scales: {
          x: { stacked: true, ticks: { autoSkip: true, maxTicksLimit: 12 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Cases" } }
        }
      }
    });
  }

  function dose(data) {
    make("dose-chart", {
      type: "line",
      data: {
        labels: data.dose.months,
        datasets: [
          { label: "Fluoroscopy (min)", data: data.dose.fluoro_minutes, yAxisID: "y", borderColor: COLOURS.fluoro, backgroundColor: COLOURS.fluoro },
          { label: "DAP (Gy·cm²)", data: data.dose.dap_gycm2, yAxisID: "y1", borderColor: COLOURS.dap, backgroundColor: COLOURS.dap, borderDash: [6, 3] }
        ]
      },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { ticks: { autoSkip: true, maxTicksLimit: 12 } },
          y: { beginAtZero: true, position: "left", title: { display: true, text: "Fluoroscopy minutes per month" } },
          y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "DAP Gy·cm² per month" } }
        }
      }
    });
  }

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") { return; }
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var data = JSON.parse(source.textContent);
    cumulative(data);
    categories(data);
    skill(data);
    dose(data);
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
