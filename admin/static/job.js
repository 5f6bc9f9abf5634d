// Progress of background jobs: every `[data-job-status]` block asks its URL once a second (then
// less often) and moves its bar; when the job ends, the page reloads to show its result.
(function () {
  "use strict";
  function follow(block) {
    var url = block.getAttribute("data-job-status");
    var bar = block.querySelector(".job-bar");
    var percent = block.querySelector(".job-percent");
    var line = block.querySelector(".job-line");
    var wait = 1000;
    function ask() {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (status) {
          bar.value = status.percent;
          bar.textContent = status.percent + "%";
          percent.textContent = status.percent + "%";
          line.textContent = status.line;
          if (!status.active) { window.location.reload(); return; }
          wait = Math.min(wait * 1.2, 5000);
          window.setTimeout(ask, wait);
        })
        .catch(function () { window.setTimeout(ask, 5000); });
    }
    window.setTimeout(ask, wait);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-job-status]").forEach(follow);
  });
})();
