/* The admin's lists cut long names to one line (css/admin.css); this gives each such cell its whole text
   as a tooltip. Loaded from templates/admin/base_site.html (no inline script). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#result_list td, #result_list th").forEach(function (cell) {
      if (cell.scrollWidth > cell.clientWidth && !cell.title) { cell.title = cell.textContent.trim(); }
    });
  });
})();
