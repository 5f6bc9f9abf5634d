// The visit form (templates/admin/locality/visit_edit.html): the total of the support items shown
// as their values are typed, rows added or removed; the day's "Hôm nay" / "Hôm qua" buttons.
// No inline script: the page's parts are found by their data-* attributes.
(function () {
  "use strict";

  // A number typed the Vietnamese way, as documents/text.py `parse_number` reads it: dots between
  // thousands, a comma before decimals ("15.000.000", "1,5"); a lone dot not between thousands
  // is a decimal point. NaN for anything else, null for nothing typed.
  function parse(typed) {
    var value = (typed || "").replace(/\s/g, "").replace("\u2212", "-");
    if (!value) return null;
    if (value.indexOf(",") < 0 && !/^[+-]?\d{1,3}(\.\d{3})+$/.test(value)) {
      value = value.replace(".", ",");
    }
    if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(value)) {
      value = value.replace(/\./g, "");
    }
    if (!/^[+-]?\d+(,\d+)?$/.test(value)) return NaN;
    return Number(value.replace(",", "."));
  }

  // Dots between thousands, as documents/text.py `figure` writes a whole number.
  function figure(number) {
    var digits = String(Math.round(Math.abs(number)));
    var grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (number < 0 ? "-" : "") + grouped;
  }

  function sumSupport(form, shown) {
    var total = 0;
    var unread = false;
    // Only rows in the form itself: the hidden template row Flask-Admin clones is text, not inputs.
    form.querySelectorAll("input[data-support-value]").forEach(function (input) {
      var number = parse(input.value);
      var bad = number !== null && (isNaN(number) || number < 0);
      input.classList.toggle("is-invalid", bad);
      if (bad) unread = true;
      else if (number) total += number;
    });
    var output = shown.querySelector("output");
    if (output.textContent !== figure(total)) output.textContent = figure(total);
    shown.classList.toggle("text-danger", unread);
    shown.dataset.total = String(total);
    var note = shown.querySelector(".visit-support-unread");
    if (unread && !note) {
      note = document.createElement("span");
      note.className = "visit-support-unread";
      note.textContent = " (có ô giá trị chưa đọc được: ghi số như 15.000.000)";
      shown.appendChild(note);
    } else if (!unread && note) {
      note.remove();
    }
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  document.addEventListener("DOMContentLoaded", function () {
    var shown = document.querySelector("[data-support-total]");
    var form = shown && shown.closest("form");
    if (form) {
      var again = function () { sumSupport(form, shown); };
      form.addEventListener("input", function (event) {
        if (event.target.matches("input[data-support-value]")) again();
      });
      // Rows are added ("Thêm hỗ trợ") and removed by Flask-Admin's form.js: count again after.
      // Only the rows are watched: the total itself sits beside them.
      var rows = document.getElementById("support");
      if (rows) new MutationObserver(again).observe(rows, { childList: true, subtree: true });
      again();
    }
    var day = document.querySelector("input[data-visit-day]");
    document.querySelectorAll("[data-day-offset]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!day) return;
        var when = new Date();
        when.setDate(when.getDate() - Number(button.dataset.dayOffset));
        day.value = two(when.getDate()) + "/" + two(when.getMonth() + 1) + "/" + when.getFullYear();
        day.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  });
})();
