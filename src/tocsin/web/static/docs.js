"use strict";
// The API docs page: Swagger UI (vendored from npm) drawing this server's OpenAPI description.
(function () {
  if (!window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger", deepLinking: true });
})();
