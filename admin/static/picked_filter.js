// A list's filters on one picked record ("Thuộc đơn vị", "Cán bộ được giao"): the value box becomes
// a search box that asks the view's picker as the user types, so the page never carries every
// unit or person. Data comes from #picked-filter-data: for each filter argument its picker's
// address and placeholder, and the chosen records' names.
(function ($) {
  var data = $('#picked-filter-data');
  if (!data.length) {
    return;
  }
  var pickers = data.data('pickers');
  var chosen = data.data('chosen') || {};
  var PAGE = 10;

  function pickerOf(input) {
    var match = /^flt\d+_(.+)$/.exec(input.name || '');
    return match !== null && Object.prototype.hasOwnProperty.call(pickers, match[1]) ? pickers[match[1]] : null;
  }

  function makePicker(input, picker) {
    var $input = $(input);
    if ($input.data('record-picker')) {
      return;
    }
    $input.data('record-picker', true);
    $input.select2({
      // Wide enough for "Thôn Khuổi Luông (Xã Ái Quốc)" on a desk, narrower on a phone. Given
      // here, select2 sets it on its box through the DOM; a width on the input would be copied
      // as a style attribute, which the Content-Security-Policy refuses.
      width: 'min(24em, 36vw)',
      minimumInputLength: 0,
      placeholder: picker.placeholder,
      ajax: {
        url: picker.url,
        quietMillis: 250,
        data: function (term, page) {
          return {query: term, offset: (page - 1) * PAGE, limit: PAGE};
        },
        results: function (rows) {
          var results = $.map(rows, function (row) {
            return {id: row[0], text: row[1]};
          });
          return {results: results, more: results.length === PAGE};
        }
      },
      initSelection: function (element, callback) {
        var id = $(element).val();
        // A record the account may not see is not named: the box shows the id as given.
        callback(id ? {id: id, text: chosen[id] || id} : null);
      }
    });
  }

  function scan(root) {
    $(root).find('input.filter-val').each(function () {
      var picker = pickerOf(this);
      if (picker) {
        makePicker(this, picker);
      }
    });
  }

  var table = document.querySelector('#filter_form .filters');
  if (table) {
    scan(table);
    // Filters added from the menu are new rows: turn their boxes too.
    new MutationObserver(function () {
      scan(table);
    }).observe(table, {childList: true, subtree: true});
  }
})(jQuery);
