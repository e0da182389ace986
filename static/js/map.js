/* The county map (Apache ECharts, served locally): Shangqiu's counties coloured by one figure.
   The page holds <div data-county-map data-url=… data-geo=…>; the figures come as JSON from
   dashboards.views.map (bands, and per unit: figure, tooltip, colour, link). Units without a polygon
   (the functional zones) are listed beside the map in the same colours. window.CbecMap lets the
   meeting-room screen (screen.js) draw the same map in its dark theme. */
(function () {
  "use strict";
  var MAP = "shangqiu";
  var geo = null;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function loadGeo(url) {
    if (!geo) {
      geo = getJSON(url).then(function (json) {
        /* Label each county at its centroid (ECharts' default) rather than the file's "cp", the seat of
           government: 梁园区's and 睢阳区's seats are 6 km apart and their labels would overlap. */
        json.features.forEach(function (f) { if (f.properties) { delete f.properties.cp; } });
        echarts.registerMap(MAP, json);
        return json;
      });
    }
    return geo;
  }

  function escapeHTML(text) { return echarts.format.encodeHTML(String(text)); }

  /* Dark text on light fills, white on dark ones (relative luminance of the band colour). */
  function textColour(hex) {
    var n = parseInt(hex.slice(1), 16);
    var lum = 0.2126 * (n >> 16 & 255) + 0.7152 * (n >> 8 & 255) + 0.0722 * (n & 255);
    return lum > 140 ? "#111827" : "#ffffff";
  }

  function option(data, dark) {
    var nameMap = {};
    var items = [];
    data.areas.forEach(function (a) {
      if (!a.on_map) { return; }
      nameMap[a.geo] = a.name;
      var colour = textColour(a.colour);
      items.push({
        name: a.name, short: a.short, figure: a.figure, detail: a.detail, url: a.url,
        itemStyle: { areaColor: a.colour },
        label: { color: colour, textBorderColor: colour === "#ffffff" ? "rgba(0,0,0,.55)" : "rgba(255,255,255,.8)" },
        emphasis: { itemStyle: { areaColor: a.colour }, label: { color: colour } }
      });
    });
    return {
      animation: false,
      tooltip: {
        trigger: "item", confine: true,
        textStyle: { fontSize: dark ? 22 : 13 },
        formatter: function (p) {
          if (!p.data) { return escapeHTML(p.name); }
          return "<strong>" + escapeHTML(p.data.name) + "</strong><br>" + escapeHTML(p.data.detail);
        }
      },
      series: [{
        type: "map", map: MAP, nameMap: nameMap, roam: false, selectedMode: false,
        aspectScale: 0.83, /* cos 34°: Shangqiu's latitude */
        top: 8, bottom: 8, left: 8, right: 8,
        label: {
          show: true, fontSize: dark ? 20 : 12, lineHeight: dark ? 26 : 15, textBorderWidth: 2,
          formatter: function (p) { return p.data ? p.data.short + "\n" + p.data.figure : p.name; }
        },
        itemStyle: { borderColor: dark ? "#0b1220" : "#ffffff", borderWidth: dark ? 2 : 1.5 },
        emphasis: { label: { show: true }, itemStyle: { borderColor: dark ? "#f8fafc" : "#111827", borderWidth: 3 } },
        data: items
      }]
    };
  }

  function swatch(colour) {
    var box = document.createElement("span");
    box.className = "swatch";
    box.style.backgroundColor = colour;
    return box;
  }

  function fillLegend(list, data) {
    if (!list) { return; }
    list.textContent = "";
    data.bands.forEach(function (band) {
      var item = document.createElement("li");
      item.setAttribute("data-band", band.key);
      item.appendChild(swatch(band.colour));
      item.appendChild(document.createTextNode(band.label));
      list.appendChild(item);
    });
  }

  function fillZones(list, data) {
    if (!list) { return; }
    list.textContent = "";
    data.areas.forEach(function (a) {
      if (a.on_map) { return; }
      var item = document.createElement("li");
      item.id = "map-zone-" + a.code;
      item.setAttribute("data-band", a.band);
      item.title = a.detail;
      item.appendChild(swatch(a.colour));
      var name = document.createElement(a.url ? "a" : "span");
      if (a.url) { name.href = a.url; }
      name.textContent = a.name;
      item.appendChild(name);
      var figure = document.createElement("span");
      figure.className = "figure";
      figure.textContent = a.figure;
      item.appendChild(figure);
      list.appendChild(item);
    });
  }

  function chartOf(el) {
    var chart = echarts.getInstanceByDom(el);
    if (!chart) {
      chart = echarts.init(el, null, { renderer: "svg" });
      chart.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    return chart;
  }

  /* Draw ``data`` into ``el``; ``opts.dark`` for the screen, ``opts.legend`` / ``opts.zones`` / ``opts.title``
     are the elements to fill beside it. */
  function draw(el, data, opts) {
    opts = opts || {};
    chartOf(el).setOption(option(data, !!opts.dark), true);
    el.setAttribute("data-subject", data.subject);
    el.setAttribute("data-mode", data.mode);
    fillLegend(opts.legend, data);
    fillZones(opts.zones, data);
    if (opts.title) { opts.title.textContent = data.title; }
  }

  function load(el, url, opts) {
    return Promise.all([loadGeo(el.getAttribute("data-geo")), getJSON(url)]).then(function (results) {
      draw(el, results[1], opts);
      return results[1];
    });
  }

  function failed(el) {
    var chart = echarts.getInstanceByDom(el);
    if (chart) { chart.dispose(); }
    el.textContent = el.getAttribute("data-error") || "";
    el.classList.add("map-error");
  }

  function setUp(el) {
    var box = el.closest(".county-map") || document;
    var opts = {
      legend: box.querySelector("[data-map-legend]"),
      zones: box.querySelector("[data-map-zones]"),
      title: box.querySelector("[data-map-title]")
    };
    load(el, el.getAttribute("data-url"), opts).catch(function () { failed(el); });
    var select = box.querySelector("[data-map-subject]");
    if (!select) { return; }
    select.addEventListener("change", function () {
      var url = el.getAttribute("data-base-url").replace("__subject__", encodeURIComponent(select.value));
      load(el, url, opts).then(function () {
        var params = new URLSearchParams(window.location.search);
        params.set("map", select.value);
        window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
      }).catch(function () { failed(el); });
    });
  }

  window.CbecMap = { load: load, draw: draw, loadGeo: loadGeo };

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-county-map]").forEach(setUp);
  });
})();
