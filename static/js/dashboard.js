/* Charts of the leadership dashboards (Apache ECharts, served locally) and the print button.
   Data comes from the page: data-spark="[…]" for sparklines, json_script blocks for larger charts. */
(function () {
  "use strict";
  var COLOURS = { met: "#15803d", in_range: "#65a30d", behind: "#d97706", overdue: "#b91c1c" };
  var charts = [];

  function make(el, option) {
    if (typeof echarts === "undefined") { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    charts.push(chart);
  }

  function sparkline(el) {
    var values = JSON.parse(el.getAttribute("data-spark") || "[]");
    var colour = COLOURS[el.getAttribute("data-state")] || "#1d4ed8";
    make(el, {
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: "category", show: false, data: values.map(function (_, i) { return "Q" + (i + 1); }) },
      yAxis: { type: "value", show: false, min: 0 },
      tooltip: { trigger: "axis", confine: true, textStyle: { fontSize: 11 } },
      series: [{ type: "line", data: values, symbolSize: 4, lineStyle: { width: 2, color: colour }, itemStyle: { color: colour } }]
    });
  }

  function trend(el, data) {
    var lines = [];
    if (data.minimum !== null) { lines.push({ yAxis: data.minimum, name: "目标下限" }); }
    if (data.maximum !== null) { lines.push({ yAxis: data.maximum, name: "目标上限" }); }
    make(el, {
      animation: false,
      tooltip: { trigger: "axis" },
      grid: { left: 60, right: 70, top: 30, bottom: 30 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: data.unit, min: 0 },
      series: [{
        type: "line", name: "实际（累计至季末）", data: data.values, label: { show: true },
        markLine: { symbol: "none", lineStyle: { type: "dashed", color: "#b91c1c" },
          label: { formatter: "{b} {c}" }, data: lines }
      }]
    });
  }

  function county(el, data) {
    make(el, {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 60, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.labels },
      yAxis: [{ type: "value", name: "亿美元", min: 0 }, { type: "value", name: "人", min: 0 }],
      series: [
        { type: "bar", name: "交易额（亿美元）", data: data.transaction, itemStyle: { color: "#b91c1c" } },
        { type: "line", name: "从业人员（人）", yAxisIndex: 1, data: data.employees, itemStyle: { color: "#1d4ed8" } }
      ]
    });
  }

  var KINDS = { trend: trend, county: county };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-spark]").forEach(sparkline);
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-source"));
      var draw = KINDS[el.getAttribute("data-chart")];
      if (source && draw) { draw(el, JSON.parse(source.textContent)); }
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("afterprint", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
