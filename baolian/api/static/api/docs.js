// Swagger UI on the vendored bundle: no inline script, so the page works under a strict CSP.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || !window.SwaggerUIBundle) { return; }
  window.SwaggerUIBundle({
    url: root.dataset.url,
    domNode: root,
    deepLinking: true,
    // The session cookie signs the browser in; unsafe methods also need the CSRF token,
    // which the page carries because the cookie is HttpOnly.
    requestInterceptor: function (request) {
      request.headers["X-CSRFToken"] = root.dataset.csrf;
      return request;
    },
  });
})();
