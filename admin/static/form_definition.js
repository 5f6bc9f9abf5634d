// The form definition editor: a new definition's code is proposed from its name and a new field's
// key from its label, each field shows only the options its type uses ("Đã bỏ" only once the field
// is saved), and the dry run's button applies the change. Its data comes from data-* attributes
// the server writes (data-option-types, data-key-from, data-saved on the key of a saved field).
(function () {
  "use strict";

  var KEY_LENGTH = 40;

  // "Số hộ thoát nghèo" -> "so_ho_thoat_ngheo": no diacritics, đ as d, words joined by "_".
  function keyFrom(label) {
    var key = label
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "");
    if (key && !/^[a-z]/.test(key)) {
      key = "f_" + key;
    }
    return key.slice(0, KEY_LENGTH).replace(/_+$/, "");
  }

  // Inputs that hold a key: a field's ("fields-0-key", proposed from "fields-0-label") and the
  // definition's own code ("code", proposed from "name"). data-key-from names the source input.
  var KEY_INPUTS = ["key", "code"];

  function prefixOf(input, suffix) {
    return input.id.slice(0, input.id.length - suffix.length);
  }

  // The key input that `source` (a label, the definition's name) proposes, if any.
  function keyInputFor(source) {
    var prefix = source.id.replace(/[^-]*$/, "");
    var from = source.id.slice(prefix.length);
    for (var i = 0; i < KEY_INPUTS.length; i++) {
      var key = document.getElementById(prefix + KEY_INPUTS[i]);
      if (key && key.dataset.keyFrom === from) {
        return key;
      }
    }
    return null;
  }

  // Keys already on the page belong to saved fields (or were typed): they are never rewritten.
  function markStoredKeys(root) {
    root.querySelectorAll("input[data-key-from]").forEach(function (key) {
      if (key.value && !("proposed" in key.dataset)) {
        key.dataset.stored = "1";
      }
    });
  }

  function proposeKey(source) {
    var key = keyInputFor(source);
    if (!key || key.dataset.stored) {
      return;
    }
    // Only while the key is empty or still the one proposed: a key typed by hand is kept.
    if (key.value === "" || key.value === key.dataset.proposed) {
      key.value = keyFrom(source.value);
      key.dataset.proposed = key.value;
    }
  }

  // The form group of a row's own option (not one of a column of a group inside the row). In a
  // row just added, Flask-Admin leaves the lists inside it (choices, columns) unprefixed.
  function optionGroup(row, prefix, option) {
    var found = row.querySelectorAll('[id="' + prefix + option + '"], [id="' + option + '"]');
    for (var i = 0; i < found.length; i++) {
      if (found[i].parentElement.closest(".inline-field") === row) {
        return found[i].closest(".form-group");
      }
    }
    return null;
  }

  function showOptionsOf(typeSelect) {
    var optionTypes = JSON.parse(typeSelect.dataset.optionTypes);
    var prefix = prefixOf(typeSelect, "type");
    var row = typeSelect.closest(".inline-field");
    Object.keys(optionTypes).forEach(function (option) {
      var group = row && optionGroup(row, prefix, option);
      if (group) {
        group.hidden = optionTypes[option].indexOf(typeSelect.value) < 0;
      }
    });
  }

  // "Đã bỏ" hides a field that holds data: a field not saved yet has none, so it is not offered.
  function showRetiredOf(keyInput) {
    var row = keyInput.closest(".inline-field");
    var group = row && optionGroup(row, prefixOf(keyInput, "key"), "retired");
    if (group) {
      group.hidden = !("saved" in keyInput.dataset);
    }
  }

  function refresh(root) {
    root.querySelectorAll("select[data-option-types]").forEach(showOptionsOf);
    root.querySelectorAll('input[data-key-from="label"]').forEach(showRetiredOf);
  }

  document.addEventListener("DOMContentLoaded", function () {
    markStoredKeys(document);
    refresh(document);

    document.addEventListener("input", function (event) {
      if (event.target.id) {
        proposeKey(event.target);
      }
    });
    document.addEventListener("change", function (event) {
      if (event.target.matches("select[data-option-types]")) {
        showOptionsOf(event.target);
      }
    });
    // Rows added with "Thêm trường" / "Thêm cột" come from Flask-Admin's template: set them up too.
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) {
            refresh(node);
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });

    var apply = document.getElementById("apply-change");
    if (apply) {
      apply.addEventListener("click", function () {
        var form = document.querySelector("form.admin-form");
        form.querySelector("[name=confirm_change]").checked = true;
        form.requestSubmit();
      });
    }
  });
})();
