/* "Copy" buttons: <button data-copy="#input-id"> copies that input's value and shows the [data-copied] note. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.querySelector(button.getAttribute("data-copy"));
        if (!input) { return; }
        input.select();
        var done = function () {
          var note = button.parentNode.querySelector("[data-copied]");
          if (note) { note.hidden = false; }
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  });
})();
