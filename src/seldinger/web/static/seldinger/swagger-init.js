/* Starts the vendored Swagger UI on /api/docs from the settings the page carries as JSON
   (no inline script, for the Content-Security-Policy). "Try it out" from a logged-in
   browser sends the session's CSRF token, as every change made with a session needs. */
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  settings.requestInterceptor = function (request) {
    if (csrf) { request.headers["X-CSRFToken"] = csrf; }
    return request;
  };
  window.ui = window.SwaggerUIBundle(settings);
})();
