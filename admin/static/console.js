// The console's behaviour on every page (loaded by templates/admin/console_base.html).
// The Content-Security-Policy forbids inline script and on* attributes: templates say what they
// want with data-* attributes, and this file acts on them.
(function () {
  "use strict";

  // A button or form with data-confirm asks before it is sent.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var text = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link) return;
    // Flask-Admin's batch actions (templates/admin/actions.html) and "Add" buttons of sub-records
    // (templates/admin/model/inline_list_base.html), once inline onclick handlers.
    if (link.dataset.modelAction && window.modelActions) {
      window.modelActions.execute(link.dataset.modelAction);
    } else if (link.dataset.inlineAdd && window.faForm) {
      window.faForm.addInlineField(link, link.dataset.inlineAdd);
    }
    // Links that only carry a handler ("#", Flask-Admin's "javascript:void(0)") go nowhere: a
    // javascript: address would be refused by the policy and logged as a violation.
    var href = link.getAttribute("href");
    if (href === "#" || (href && href.lastIndexOf("javascript:", 0) === 0)) {
      event.preventDefault();
    }
    // Captured before the link's own handlers: Flask-Admin's multi-level dropdown script stops
    // the click at its toggle, so it would never reach the document.
  }, true);

  // select2 (Flask-Admin's pickers) ships no Vietnamese texts; set them before the pickers start.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.jQuery && jQuery.fn.select2) {
      jQuery.extend(jQuery.fn.select2.defaults, {
        formatNoMatches: function () { return "Không tìm thấy"; },
        formatInputTooShort: function (input, min) { return "Gõ thêm " + (min - input.length) + " ký tự để tìm"; },
        formatSearching: function () { return "Đang tìm…"; },
        formatLoadMore: function () { return "Đang tải thêm…"; }
      });
    }
  });

  // A field defined with a condition shows only while the other field has the given value.
  document.addEventListener("DOMContentLoaded", function () {
    var dependents = document.querySelectorAll("[data-show-if]");
    function valueOf(name) {
      var inputs = document.querySelectorAll('[name="' + name + '"]');
      var values = [];
      inputs.forEach(function (input) {
        if ((input.type === "checkbox" || input.type === "radio") && !input.checked) return;
        if (input.tagName === "SELECT" && input.multiple) {
          Array.from(input.selectedOptions).forEach(function (o) { values.push(o.value); });
        } else { values.push(input.value); }
      });
      return values;
    }
    function matches(values, wanted) {
      var yes = ["có", "co", "true", "1"], no = ["không", "khong", "false", "0"];
      wanted = (wanted || "").trim().toLowerCase();
      return values.some(function (v) {
        v = (v || "").toLowerCase();
        return v === wanted || (v === "1" && yes.indexOf(wanted) >= 0) || (v === "0" && no.indexOf(wanted) >= 0);
      });
    }
    function refresh() {
      dependents.forEach(function (field) {
        var group = field.closest(".form-group") || field.parentElement;
        group.style.display = matches(valueOf(field.dataset.showIf), field.dataset.showValue) ? "" : "none";
      });
    }
    if (dependents.length) {
      document.addEventListener("change", refresh);
      refresh();
    }
  });
})();
