// The verification queue's "select all": one box in the header checks every case of the page.
// Without this file the box (and its label) stays hidden and each case is checked on its own.
(function () {
  "use strict";
  function boxes(all) {
    return Array.prototype.slice.call(
      document.querySelectorAll('input[type="checkbox"][name="' + all.dataset.selectAll + '"]')
    );
  }
  function sync(all) {
    var items = boxes(all);
    var checked = items.filter(function (box) { return box.checked; }).length;
    all.checked = items.length > 0 && checked === items.length;
    all.indeterminate = checked > 0 && checked < items.length;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-select-all]").forEach(function (all) {
      var label = all.closest("label");
      if (label) {
        label.hidden = false;
      }
      sync(all);
    });
  });
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "checkbox") {
      return;
    }
    if (input.dataset.selectAll) {
      boxes(input).forEach(function (box) { box.checked = input.checked; });
      return;
    }
    document.querySelectorAll('input[data-select-all="' + input.name + '"]').forEach(sync);
  });
  // A row verified one at a time (HTMX) loses its box: the header follows.
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("input[data-select-all]").forEach(sync);
  });
})();
