/* Selects that submit their form when changed: <select data-autosubmit>. Loaded on every page by base.html
   (the language switch, the timeliness year). No inline handlers: the Content-Security-Policy forbids them. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();
