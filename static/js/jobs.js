/* A background job's page: polls its status endpoint (data-job-status-url) and updates the bar,
   counts, message, error and result link until the job has finished. No inline script (CSP). */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-job-status-url");
  var bar = box.querySelector("progress");
  var delay = 700;

  function grouped(n) { return Number(n).toLocaleString("en-US"); }  // 1,200 in Chinese and English alike

  function field(name) { return box.querySelector('[data-job-field="' + name + '"]'); }

  function show(state) {
    var badge = field("status_label");
    badge.textContent = state.status_label;
    badge.className = "job-badge job-" + state.status;
    box.setAttribute("data-job-state", state.status);
    field("counts").textContent = state.total !== null && state.total !== undefined ? grouped(state.done) + " / " + grouped(state.total) : "";
    bar.hidden = state.finished && state.percent === null;
    if (state.percent === null) {
      bar.removeAttribute("value");
      bar.textContent = "";
    } else {
      bar.value = state.percent;
      bar.textContent = state.percent + "%";
    }
    field("message").textContent = state.message || "";
    field("error_text").textContent = state.error || "";
    field("error").hidden = !state.error;
    field("result").hidden = state.status !== "succeeded";
    field("result_message").textContent = state.result_message || "";
    var link = field("result_url");
    link.hidden = !state.result_url;
    link.setAttribute("href", state.result_url || "#");
    field("hint").hidden = state.finished;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (!state.finished) {
          delay = Math.min(delay * 1.2, 5000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (box.getAttribute("data-job-state") !== "succeeded" && box.getAttribute("data-job-state") !== "failed") {
    window.setTimeout(poll, delay);
  }
})();
