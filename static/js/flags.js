// Enterprise reporting flags: a header checkbox ticks or clears its column on the page.
(function () {
  "use strict";
  document.querySelectorAll("input.select-all").forEach(function (all) {
    var boxes = function () {
      return document.querySelectorAll('input[type=checkbox][name="' + all.dataset.name + '"]:not(:disabled)');
    };
    var sync = function () {
      var list = boxes();
      var ticked = Array.prototype.filter.call(list, function (b) { return b.checked; }).length;
      all.checked = list.length > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    };
    all.addEventListener("change", function () {
      boxes().forEach(function (b) { b.checked = all.checked; });
    });
    boxes().forEach(function (b) { b.addEventListener("change", sync); });
    sync();
  });
})();
