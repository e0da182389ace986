/* The recovery-codes page: "Print" prints the page (the header is left off the paper); "Save as a text
   file" saves the codes with a heading (UTF-8 with a BOM and Windows line ends, so Notepad shows the
   Chinese). The buttons stay hidden without JavaScript: the codes can still be copied or written down. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("recovery-codes");
    if (!list) { return; }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-save-codes]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var codes = Array.prototype.map.call(list.querySelectorAll("code"), function (c) { return c.textContent; });
        var text = button.getAttribute("data-heading") + "\r\n\r\n" + codes.join("\r\n") + "\r\n";
        var url = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/plain;charset=utf-8" }));
        var link = document.createElement("a");
        link.href = url;
        link.download = button.getAttribute("data-filename");
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      });
    });
  });
})();
