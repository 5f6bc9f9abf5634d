// The issuance register's pages (templates/admin/official_document/): no inline script, data
// read from data-* attributes only. (Confirm questions are data-confirm, handled by console.js.)
document.addEventListener("DOMContentLoaded", function () {
  // The draft form: the types a kind may be issued as follow the kind picked (data-kind-types on
  // the kind's select, {kind: [types, the usual one first]}); the server checks the same.
  var kind = document.querySelector("select[data-kind-types]");
  var type = document.getElementById("document_type");
  if (!kind || !type) return;
  var allowed = JSON.parse(kind.dataset.kindTypes);
  function follow(picked) {
    var types = allowed[kind.value];
    if (!types) return;
    Array.prototype.forEach.call(type.options, function (option) {
      option.disabled = types.indexOf(option.value) < 0;
    });
    if (picked || types.indexOf(type.value) < 0) type.value = types[0];
  }
  kind.addEventListener("change", function () { follow(true); });
  follow(false);
});
