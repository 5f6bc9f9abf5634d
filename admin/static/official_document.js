// The issuance register's pages (templates/admin/official_document/): no inline script, data
// read from data-* attributes only. (Confirm questions are data-confirm, handled by console.js.)
document.addEventListener("DOMContentLoaded", function () {
  var kind = document.querySelector("select[data-kind-types]");
  var type = document.getElementById("document_type");
  if (!kind || !type) return;
  // The draft form: the types a kind may be issued as follow the kind picked (data-kind-types on
  // the kind's select, {kind: [types, the usual one first]}); the server checks the same.
  var allowed = JSON.parse(kind.dataset.kindTypes);
  function follow(picked) {
    var types = allowed[kind.value];
    if (!types) return;
    Array.prototype.forEach.call(type.options, function (option) {
      option.disabled = types.indexOf(option.value) < 0;
    });
    if (picked || types.indexOf(type.value) < 0) type.value = types[0];
  }
  // The inputs of the period and person a kind is about, shown for the kinds that take them
  // (data-kind-parameters: {kind: {required: [...], optional: [...]}}, among data-parameter-names);
  // the others are hidden, and the server ignores them.
  var taken = JSON.parse(kind.dataset.kindParameters || "{}");
  var names = JSON.parse(kind.dataset.parameterNames || "[]");
  function showParameters() {
    var wanted = taken[kind.value] || { required: [], optional: [] };
    names.forEach(function (name) {
      var input = document.getElementById(name);
      var group = input && input.closest(".form-group");
      if (!group) return;
      var used = wanted.required.indexOf(name) >= 0 || wanted.optional.indexOf(name) >= 0;
      group.classList.toggle("d-none", !used);  // a missing one is said at the input by the server
    });
  }
  kind.addEventListener("change", function () { follow(true); showParameters(); });
  follow(false);
  showParameters();
});
