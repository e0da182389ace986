/* Charts of the leadership dashboards (Apache ECharts, served locally) and the print button.
   Data comes from the page (dashboards/charts.py): data-spark="{…}" for sparklines, json_script blocks for
   larger charts. Every unit, label, rounding and target is decided on the server, in the page's language;
   this file only draws them. */
(function () {
  "use strict";
  var COLOURS = { met: "#15803d", in_range: "#65a30d", behind: "#d97706", overdue: "#b91c1c" };
  var TARGET = "#b91c1c";
  var BAND = "rgba(101, 163, 13, 0.15)";
  var charts = [];

  function make(el, option) {
    if (typeof echarts === "undefined") { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    charts.push(chart);
  }

  /* The smallest "nice" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^n) at or above x. */
  function niceCeil(x) {
    if (!(x > 0)) { return 1; }
    var power = Math.pow(10, Math.floor(Math.log(x) / Math.LN10));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * power >= x - 1e-9) { return steps[i] * power; }
    }
    return 10 * power;
  }

  /* The top of the target: a range's upper bound, or the single bound. */
  function targetTop(data) {
    if (data.band) { return data.band[1]; }
    return data.line === null || data.line === undefined ? 0 : data.line;
  }

  /* The axis reaches the target even when every actual is far below it (15亿 with actuals up to 11). */
  function axisMax(data) {
    return function (extent) { return niceCeil(Math.max(extent.max, targetTop(data)) * 1.08); };
  }

  function targetMarks(data, withLabel) {
    var marks = {};
    var label = withLabel ? { formatter: data.target_text, position: "insideEndTop", color: TARGET } : { show: false };
    if (data.line !== null && data.line !== undefined) {
      marks.markLine = { symbol: "none", silent: true, lineStyle: { type: "dashed", color: TARGET },
        label: label, data: [{ yAxis: data.line }] };
    }
    if (data.band) {
      marks.markArea = { silent: true, itemStyle: { color: BAND },
        label: withLabel ? { formatter: data.target_text, position: "insideTopRight", color: "#3f6212" } : { show: false },
        data: [[{ yAxis: data.band[0] }, { yAxis: data.band[1] }]] };
      marks.markLine = { symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#65a30d" },
        label: { show: false }, data: [{ yAxis: data.band[0] }, { yAxis: data.band[1] }] };
    }
    return marks;
  }

  function tooltipOf(data) {
    return function (params) {
      var p = Array.isArray(params) ? params[0] : params;
      var text = data.labels[p.dataIndex] + "<br>" + data.texts[p.dataIndex];
      return data.target_text ? text + "<br>" + data.target_text : text;
    };
  }

  function axisLabel(decimals) {
    return { formatter: function (v) { return Number.isInteger(v) ? String(v) : Number(v).toFixed(decimals); } };
  }

  function sparkline(el) {
    var data = JSON.parse(el.getAttribute("data-spark") || "{}");
    if (!data.values) { return; }
    var colour = COLOURS[el.getAttribute("data-state")] || "#1d4ed8";
    var series = { type: "line", data: data.values, symbolSize: 4, lineStyle: { width: 2, color: colour },
      itemStyle: { color: colour } };
    Object.assign(series, targetMarks(data, false));
    make(el, {
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: "category", show: false, data: data.labels },
      yAxis: { type: "value", show: false, min: 0, max: axisMax(data) },
      tooltip: { trigger: "axis", confine: true, textStyle: { fontSize: 11 }, formatter: tooltipOf(data) },
      series: [series]
    });
  }

  function trend(el, data) {
    var series = {
      type: "line", name: data.series, data: data.values,
      label: { show: true, formatter: function (p) { return data.texts[p.dataIndex]; } },
      // on a phone the points' labels can run into each other: drop the ones that would (the tooltip keeps them)
      labelLayout: { hideOverlap: true }
    };
    Object.assign(series, targetMarks(data, true));
    make(el, {
      animation: false,
      tooltip: { trigger: "axis", confine: true, formatter: tooltipOf(data) },
      legend: { top: 0, data: [data.series] },
      grid: { left: 12, right: 24, top: 44, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: data.unit, min: 0, max: axisMax(data), axisLabel: axisLabel(data.decimals) },
      series: [series]
    });
  }

  function county(el, data) {
    make(el, {
      animation: false,
      tooltip: { trigger: "axis", confine: true, formatter: function (params) {
        var i = params[0].dataIndex;
        return data.labels[i] + "<br>" + data.transaction_name + data.separator + data.transaction_texts[i] +
          "<br>" + data.employees_name + data.separator + data.employees_texts[i];
      } },
      legend: { top: 0 },
      grid: { left: 12, right: 12, top: 44, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.labels },
      yAxis: [{ type: "value", name: data.transaction_unit, min: 0, axisLabel: axisLabel(2) },
              { type: "value", name: data.employees_unit, min: 0, axisLabel: axisLabel(0) }],
      series: [
        { type: "bar", name: data.transaction_name, data: data.transaction, itemStyle: { color: "#b91c1c" } },
        { type: "line", name: data.employees_name, yAxisIndex: 1, data: data.employees, itemStyle: { color: "#1d4ed8" } }
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
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  window.addEventListener("resize", resizeAll);
})();
