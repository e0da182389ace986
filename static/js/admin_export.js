/* The admin's export page (templates/admin/import_export/export.html): the "select all" box calls
   django-import-export's own onSelectToggleChange, wired here instead of by an inline onchange (CSP). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches("input.select-toggle") && typeof window.onSelectToggleChange === "function") {
      window.onSelectToggleChange(event);
    }
  });
})();
