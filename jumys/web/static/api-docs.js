// The API's interactive docs (/api/v1/docs): the vendored Swagger UI over the app's own OpenAPI schema.
// A file of its own, not an inline script, so that the Content-Security-Policy (script-src 'self') holds.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: document.getElementById("swagger-ui").dataset.schema,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null, // no badge fetched from validator.swagger.io: nothing leaves the app
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
