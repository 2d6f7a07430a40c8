// A rating sheet: beside each level chosen, what the level means (the option's own text).
// Without this file the meanings are still in every option and shown for saved ratings.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.dataset.levelMeaning) {
      return;
    }
    var meaning = document.getElementById(select.dataset.levelMeaning);
    if (!meaning) {
      return;
    }
    var option = select.options[select.selectedIndex];
    var text = option && option.value ? option.text : "";
    // "3: Continues to advance; ..." -> the meaning after the level.
    var colon = text.indexOf(": ");
    meaning.textContent = colon >= 0 ? text.slice(colon + 2) : text;
  });
})();
