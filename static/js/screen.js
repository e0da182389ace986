/* The meeting-room screen (大屏). Fetches its figures from /screen/data.json every few seconds and updates
   the page in place (no reload, no flash). A display token travels in the address's fragment
   (/screen/#key=…), which the browser never sends to the server, and goes to the data endpoint only, in
   an Authorization header. When the token is revoked the next refresh is refused: the figures are
   cleared and the reason shown. Network failures keep the last figures and retry. */
(function () {
  "use strict";
  var MAP_SECONDS = 20;
  var MILESTONE_SECONDS = 12;
  var MOST_PER_PAGE = 10;

  var root, text, refreshSeconds, key = null;
  var lastUpdated = null;
  var stopped = false;
  var state = { maps: [], mapIndex: 0, milestones: [], milestonePage: 0, perPage: MOST_PER_PAGE };

  function $(name) { return root.querySelector('[data-s="' + name + '"]'); }
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = content; }
    return node;
  }
  function fill(format, values) {
    return format.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  function readKey() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    return params.get("key");
  }

  function headlines(items) {
    var box = $("headlines");
    box.textContent = "";
    items.forEach(function (h) {
      var card = el("div", "s-card state-" + h.state);
      card.id = "screen-headline-" + h.code;
      card.appendChild(el("div", "s-card-name", h.name));
      card.appendChild(el("div", "s-card-value", h.actual));
      var line = el("div", "s-card-target", text.target + " " + h.target + (h.aspirational ? " · " + text.aspirational : ""));
      line.appendChild(el("span", "s-state s-state-" + h.state, h.state_label));
      card.appendChild(line);
      var bar = el("div", "s-bar");
      var fillBar = el("span", "s-state-" + h.state);
      fillBar.style.width = h.bar + "%";
      bar.appendChild(fillBar);
      if (h.floor !== null) {  /* a range's lower bound, as the pages' bars mark it */
        var tick = el("i", "s-bar-floor");
        tick.style.left = h.floor + "%";
        bar.appendChild(tick);
      }
      card.appendChild(bar);
      card.appendChild(el("div", "s-card-ratio", h.ratio));
      box.appendChild(card);
    });
  }

  function ranking(rows, unranked) {
    var list = $("ranking");
    list.textContent = "";
    if (!rows.length) { list.appendChild(el("li", "s-empty", text.no_ranking)); }
    rows.forEach(function (r) {
      var item = el("li", "s-rank");
      item.id = "screen-rank-" + r.code;
      item.setAttribute("data-rank", r.rank);
      if (r.rank <= 3) { item.classList.add("s-top"); }
      item.appendChild(el("span", "s-rank-no", r.rank));
      item.appendChild(el("span", "s-rank-name", r.name));
      var bar = el("span", "s-rank-bar");
      var inner = el("span");
      inner.style.width = r.bar + "%";
      bar.appendChild(inner);
      item.appendChild(bar);
      item.appendChild(el("span", "s-rank-score", r.score));
      list.appendChild(item);
    });
    $("unranked").textContent = unranked.length ? text.unranked + unranked.join(text.separator) : "";
  }

  /* How many key projects fit in the panel: the items of the page shown that end inside the list's box. */
  function fitted(list) {
    var bottom = list.getBoundingClientRect().bottom;
    var n = 0;
    list.querySelectorAll(".s-ms").forEach(function (item) { if (item.getBoundingClientRect().bottom <= bottom + 1) { n += 1; } });
    return n;
  }

  function showMilestones(measure) {
    var list = $("milestones");
    var rows = state.milestones;
    var per = state.perPage;
    var pages = Math.max(1, Math.ceil(rows.length / per));
    state.milestonePage = state.milestonePage % pages;
    list.textContent = "";
    if (!rows.length) { list.appendChild(el("li", "s-empty", text.no_milestones)); }
    rows.slice(state.milestonePage * per, (state.milestonePage + 1) * per).forEach(function (m) {
      var item = el("li", "s-ms");
      item.setAttribute("data-state", m.state);
      item.appendChild(el("span", "s-state s-state-" + m.state, m.state_label));
      item.appendChild(el("span", "s-ms-title", m.title));
      var when = m.reached_on ? fill(text.reached, { date: m.reached_on }) : fill(text.due, { year: m.due_year });
      item.appendChild(el("span", "s-ms-when", when));
      if (m.progress) { item.appendChild(el("span", "s-ms-progress", m.progress_on + " " + m.progress)); }
      list.appendChild(item);
    });
    $("milestone-page").textContent = pages > 1 ? fill(text.page, { n: state.milestonePage + 1, total: pages }) : "";
    if (measure && rows.length) {
      var fits = Math.max(1, fitted(list));
      if (fits < list.children.length) { state.perPage = fits; showMilestones(false); }
    }
  }

  function showMap() {
    if (!state.maps.length || typeof echarts === "undefined") { return; }
    window.CbecMap.loadGeo(root.getAttribute("data-geo")).then(function () {
      if (stopped || !state.maps.length) { return; }
      state.mapIndex = state.mapIndex % state.maps.length;
      window.CbecMap.draw($("map"), state.maps[state.mapIndex], {
        dark: true, legend: $("legend"), zones: $("zones"), title: $("map-title")
      });
    }).catch(offline);
  }

  function render(data) {
    ["title", "period", "basis", "plan"].forEach(function (name) { $(name).textContent = data[name]; });
    headlines(data.headlines);
    ranking(data.ranking, data.unranked);
    state.milestones = data.milestones;
    state.perPage = MOST_PER_PAGE;
    showMilestones(true);
    state.maps = data.maps;
    showMap();
    lastUpdated = data.updated;
    $("status").textContent = fill(text.updated, { time: data.updated });
    $("status").classList.remove("s-offline");
    refreshSeconds = data.refresh || refreshSeconds;
  }

  function refuse(message) {
    stopped = true;
    ["headlines", "ranking", "milestones", "legend", "zones", "unranked", "map-title", "milestone-page"].forEach(function (name) {
      $(name).textContent = "";
    });
    var chart = typeof echarts !== "undefined" && echarts.getInstanceByDom($("map"));
    if (chart) { chart.dispose(); }
    $("status").textContent = "";
    $("overlay-text").textContent = message;
    $("overlay").hidden = false;
  }

  function offline() {
    var status = $("status");
    status.textContent = fill(text.offline, { time: lastUpdated || "—" });
    status.classList.add("s-offline");
  }

  function refresh() {
    if (stopped) { return; }
    var headers = { Accept: "application/json" };
    if (key) { headers.Authorization = "Bearer " + key; }
    fetch(root.getAttribute("data-url"), { credentials: "same-origin", headers: headers, cache: "no-store" })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          return response.json().then(function (body) { refuse(body.error || ""); });
        }
        if (!response.ok) { throw new Error(response.status); }
        return response.json().then(render);
      })
      .catch(offline)
      .then(function () { if (!stopped) { window.setTimeout(refresh, refreshSeconds * 1000); } });
  }

  var clockFormat = null;
  /* The time where the figures are kept (Asia/Shanghai), whatever the display computer's own zone. */
  function clock() {
    if (!clockFormat) {
      try {
        clockFormat = new Intl.DateTimeFormat("en-GB", {
          timeZone: root.getAttribute("data-time-zone") || undefined,
          hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
        });
      } catch (e) {
        clockFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
      }
    }
    $("clock").textContent = clockFormat.format(new Date());
  }

  function fullscreenButton() {
    var button = document.querySelector('[data-s="fullscreen"]');
    if (!button || !document.documentElement.requestFullscreen) { if (button) { button.hidden = true; } return; }
    button.addEventListener("click", function () { document.documentElement.requestFullscreen().catch(function () {}); });
    document.addEventListener("fullscreenchange", function () { button.hidden = !!document.fullscreenElement; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("screen");
    text = JSON.parse(document.getElementById("screen-text").textContent);
    refreshSeconds = parseInt(root.getAttribute("data-refresh"), 10) || 60;
    key = readKey();
    clock();
    window.setInterval(clock, 1000);
    fullscreenButton();
    if (!key && root.getAttribute("data-signed-in") !== "1") {
      refuse(text.no_key);  /* neither a display token nor a login: nothing to ask the server for */
      return;
    }
    window.setInterval(function () { if (!stopped) { state.mapIndex += 1; showMap(); } }, MAP_SECONDS * 1000);
    window.setInterval(function () { if (!stopped) { state.milestonePage += 1; showMilestones(); } }, MILESTONE_SECONDS * 1000);
    window.addEventListener("hashchange", function () { key = readKey(); });
    refresh();
  });
})();
