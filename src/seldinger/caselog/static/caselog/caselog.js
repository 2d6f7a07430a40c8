// Case log niceties on top of the no-JS forms (which work without this file).
(function () {
  "use strict";
  // Choosing a procedure puts its name in the search field, so the choice stays visible.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.name !== "procedure" || !input.checked) {
      return;
    }
    var query = document.getElementById("id_procedure_query");
    if (query && input.dataset.name) {
      query.value = input.dataset.name;
    }
  });
})();
