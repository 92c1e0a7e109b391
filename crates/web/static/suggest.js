// Suggestions for the search boxes: as a citizen types, the titles of published documents
// containing it fill the box's <datalist>. Without JavaScript the box is a plain search box.
(function () {
  'use strict';
  if (!window.fetch) { return; }
  var inputs = document.querySelectorAll('input[data-suggest]');
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute('list'));
    if (!list) { return; }
    var timer = null;
    var last = '';
    var pending = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q === last) { return; }
        last = q;
        if (q.length < 2) { list.replaceChildren(); return; }
        if (pending) { pending.abort(); }
        pending = window.AbortController ? new AbortController() : null;
        var url = input.getAttribute('data-suggest') + '&q=' + encodeURIComponent(q);
        if (document.documentElement.lang === 'zh-Hant') { url += '&trad=1'; }
        fetch(url, { signal: pending ? pending.signal : undefined, credentials: 'omit' })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            var options = data.suggestions.map(function (s) {
              var o = document.createElement('option');
              o.value = s.title;
              return o;
            });
            list.replaceChildren.apply(list, options);
          })
          .catch(function () { /* a newer keystroke took over, or the network is down */ });
      }, 200);
    });
  });
}());
