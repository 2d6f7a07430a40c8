/* Draws a resident's milestone levels over time from the #milestone-data JSON. */
(function () {
  "use strict";

  var COLOURS = ["#1d3557", "#c0392b", "#2a9d8f", "#9b5de5", "#f4a261", "#457b9d",
    "#6a994e", "#e76f51", "#8d99ae", "#b5838d"];
  var chart = null;

  function line(label, values, colour, dashed) {
    return {
      label: label,
      data: values,
      borderColor: colour,
      backgroundColor: colour,
      borderDash: dashed ? [6, 4] : [],
      spanGaps: true,
      tension: 0,
      pointRadius: 4
    };
  }

  function datasets(data, choice) {
    var sets = [];
    if (choice.indexOf("group:") === 0) {
      var key = choice.slice(6);
      var group = data.competencies.filter(function (c) { return c.key === key; })[0];
      (group ? group.subcompetencies : []).forEach(function (sub, index) {
        var series = data.subcompetencies[sub];
        var colour = COLOURS[index % COLOURS.length];
        sets.push(line(series.label + " (evaluation)", series.evaluation, colour, false));
        sets.push(line(series.label + " (self)", series.self, colour, true));
      });
    } else {
      var one = data.subcompetencies[choice];
      if (one) {
        sets.push(line("Committee (CCC)", one.ccc, COLOURS[0], false));
        sets.push(line("Faculty mean", one.faculty, COLOURS[2], false));
        sets.push(line("Self-assessment", one.self, COLOURS[1], true));
      }
    }
    var target = line("Graduation target", data.periods.map(function () { return data.target; }),
      "#6c757d", true);
    target.pointRadius = 0;
    target.borderWidth = 1;
    sets.push(target);
    return sets;
  }

  function draw() {
    var source = document.getElementById("milestone-data");
    var canvas = document.getElementById("milestone-chart");
    var select = document.getElementById("milestone-select");
    if (!source || !canvas || !select || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (chart) { chart.destroy(); }
    chart = new Chart(canvas, {
      type: "line",
      data: { labels: data.periods, datasets: datasets(data, select.value) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: {
            min: data.minimum,
            max: data.maximum,
            ticks: { stepSize: 0.5 },
            title: { display: true, text: "Level" }
          }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.dataset.rendered = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("milestone-select");
    if (select) { select.addEventListener("change", draw); }
    draw();
  });
})();
