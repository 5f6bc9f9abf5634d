// The "Thuộc đơn vị" filter of a list: its value box becomes a search box that asks the view's
// unit picker as the user types, so the page never carries every unit. Data comes from
// #unit-filter-data: the filter arguments, the picker's address, the chosen units' names.
(function ($) {
  var data = $('#unit-filter-data');
  if (!data.length) {
    return;
  }
  var args = data.data('args');
  var chosen = data.data('chosen') || {};
  var url = data.attr('data-url');
  var placeholder = data.attr('data-placeholder');
  var PAGE = 10;

  function isUnitFilter(input) {
    var match = /^flt\d+_(.+)$/.exec(input.name || '');
    return match !== null && args.indexOf(match[1]) !== -1;
  }

  function makePicker(input) {
    var $input = $(input);
    if ($input.data('unit-picker')) {
      return;
    }
    $input.data('unit-picker', true);
    $input.select2({
      // Wide enough for "Thôn Khuổi Luông (Xã Ái Quốc)" on a desk, narrower on a phone. Given
      // here, select2 sets it on its box through the DOM; a width on the input would be copied
      // as a style attribute, which the Content-Security-Policy refuses.
      width: 'min(24em, 36vw)',
      minimumInputLength: 0,
      placeholder: placeholder,
      ajax: {
        url: url,
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
        // A unit the account may not see is not named: the box shows the id as given.
        callback(id ? {id: id, text: chosen[id] || id} : null);
      }
    });
  }

  function scan(root) {
    $(root).find('input.filter-val').each(function () {
      if (isUnitFilter(this)) {
        makePicker(this);
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
