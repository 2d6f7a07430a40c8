/* htmx's settings, read before htmx starts (it starts when the page has loaded).
   Under the Content-Security-Policy htmx may neither evaluate code (hx-on, js: values)
   nor write its indicator styles into the page: site.css holds them. */
(function () {
  "use strict";
  if (!window.htmx) { return; }
  Object.assign(window.htmx.config, {
    allowEval: false,
    includeIndicatorStyles: false,
    // Swap 400 and 422 responses too: they carry the form with its error messages.
    responseHandling: [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "40[0]|422", swap: true },
      { code: "[45]..", swap: false, error: true }
    ]
  });
})();
