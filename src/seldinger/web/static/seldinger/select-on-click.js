/* A read-only field marked data-select-on-click (a token, a feed address) selects its whole
   text when clicked, ready to copy. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var field = event.target;
    if (field instanceof HTMLInputElement && field.hasAttribute("data-select-on-click")) {
      field.select();
    }
  });
})();
