/* Program directory: slider values, the compare limit, and the score and mix charts. */
(function () {
  "use strict";

  var COLOURS = ["#457b9d", "#2a9d8f", "#9b5de5", "#f4a261", "#c0392b"];
  var charts = {};

  function showWeight(input) {
    var output = document.getElementById(input.id + "-value");
    if (output) { output.textContent = input.value; }
  }

  function compareStatus(form) {
    var status = form.querySelector("#compare-status") || document.getElementById("compare-status");
    if (!status) { return; }
    var max = parseInt(form.dataset.max || "5", 10);
    var chosen = form.querySelectorAll('input[name="ids"]:checked').length;
    if (chosen > max) {
      status.textContent = "You chose " + chosen + " programs; a comparison shows at most " + max +
        ". Untick " + (chosen - max) + ".";
      status.dataset.over = "true";
    } else {
      status.textContent = chosen ? chosen + " of at most " + max + " programs chosen." :
        "Tick up to " + max + " programs to compare them side by side.";
      status.dataset.over = "false";
    }
  }

  function draw(id, build) {
    var source = document.getElementById(id + "-data");
    var canvas = document.getElementById(id);
    if (!source || !canvas || typeof Chart === "undefined") { return; }
    if (charts[id]) { charts[id].destroy(); }
    charts[id] = new Chart(canvas, build(JSON.parse(source.textContent)));
    canvas.dataset.rendered = "true";
  }

  function datasets(data) {
    return data.datasets.map(function (set, index) {
      return { label: set.label, data: set.data, backgroundColor: COLOURS[index % COLOURS.length] };
    });
  }

  function drawAll() {
    draw("score-chart", function (data) {
      var canvas = document.getElementById("score-chart");
      canvas.parentElement.style.height = Math.max(160, 32 * data.labels.length + 90) + "px";
      return {
        type: "bar",
        data: { labels: data.labels, datasets: datasets(data) },
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { stacked: true, min: 0, max: 100, title: { display: true, text: "Score (0-100)" } },
                    y: { stacked: true } }
        }
      };
    });
    draw("mix-chart", function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: datasets(data) },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { min: 0, max: 100, title: { display: true, text: "% of IR cases" } } }
        }
      };
    });
    document.querySelectorAll(".weight-slider").forEach(showWeight);
    var form = document.getElementById("compare-form");
    if (form && form.querySelector("#compare-status") && form.querySelector('input[name="ids"]:checked')) {
      compareStatus(form);
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target.classList && event.target.classList.contains("weight-slider")) {
      showWeight(event.target);
    }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.id === "compare-form" && event.target.name === "ids") { compareStatus(form); }
  });
  document.addEventListener("DOMContentLoaded", drawAll);
  document.body.addEventListener("htmx:afterSettle", drawAll);
})();
