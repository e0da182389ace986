/* The header on small screens: the menu button opens and closes the navigation (no inline script:
   the button carries data-nav-toggle). Also marks the navigation link of the current page. */
(function () {
  "use strict";

  function markCurrent(nav) {
    var best = null;
    var path = window.location.pathname;
    nav.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (href && href !== "/" && path.indexOf(href) === 0 && (!best || href.length > best.getAttribute("href").length)) {
        best = link;
      }
    });
    if (best) {
      best.classList.add("active");
      best.setAttribute("aria-current", "page");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var bar = document.getElementById("topbar");
    var button = bar && bar.querySelector("[data-nav-toggle]");
    if (button) {
      button.addEventListener("click", function () {
        var open = bar.classList.toggle("menu-open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && bar.classList.contains("menu-open")) {
          bar.classList.remove("menu-open");
          button.setAttribute("aria-expanded", "false");
          button.focus();
        }
      });
    }
    var nav = bar && bar.querySelector(".mainnav");
    if (nav) { markCurrent(nav); }
  });
})();
