// The households page (templates/admin/locality/households.html): each member's count of
// households in the table follows the selects as they change, a row changed from what is saved is
// marked, and changing the commune clears the hamlet and shows the commune's hamlets.
// No inline script: the page's parts are found by their data-* attributes.
(function () {
  "use strict";

  function recount(form) {
    var counts = {};
    form.querySelectorAll("select[data-household]").forEach(function (select) {
      counts[select.value] = (counts[select.value] || 0) + 1;
      var row = select.closest("[data-household-row]");
      if (row) row.classList.toggle("households-changed", select.value !== select.dataset.saved);
    });
    form.querySelectorAll("[data-count-for]").forEach(function (cell) {
      cell.textContent = String(counts[cell.dataset.countFor] || 0);
    });
  }

  document.querySelectorAll("form.households-form").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.matches("select[data-household]")) recount(form);
    });
  });

  document.querySelectorAll("[data-households-picker]").forEach(function (picker) {
    var commune = picker.querySelector("[data-commune-picker]");
    var hamlet = picker.querySelector("[data-hamlet-picker]");
    if (commune && hamlet) {
      commune.addEventListener("change", function () {
        hamlet.value = "";
        picker.submit();
      });
    }
  });
})();
