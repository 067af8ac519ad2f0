(function () {
  'use strict';
  // Everything guest-controlled (names, export names, WAT) is placed with textContent, never as markup.
  var data = JSON.parse(document.getElementById('functions-data').textContent);
  var body = document.getElementById('function-rows');
  var filter = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var title = document.getElementById('viewer-title');
  var wat = document.getElementById('wat');
  var byIndex = {};
  var selected = null;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function bytes(n) {
    if (n < 1024) { return n + ' B'; }
    if (n < 1024 * 1024) { return (n / 1024).toFixed(1) + ' KiB'; }
    return (n / 1024 / 1024).toFixed(1) + ' MiB';
  }

  function label(f) {
    if (f.display !== null) { return f.display; }
    return f.name !== null ? f.name : (f.exports.length ? f.exports[0] : 'func[' + f.index + ']');
  }

  data.functions.forEach(function (f) {
    var tr = el('tr');
    tr.id = 'f' + f.index;
    tr.tabIndex = 0;
    f.search = [String(f.index), f.name || '', f.display || '', f.exports.join('\n'), 'func[' + f.index + ']']
      .join('\n').toLowerCase();
    tr.appendChild(el('td', 'num', String(f.index)));
    var name = el('td');
    var shownName = el('span', 'fname' + (f.name === null ? ' dim' : ''), label(f));
    if (f.display !== null) { shownName.title = f.name; }
    name.appendChild(shownName);
    f.exports.forEach(function (e) {
      var badge = el('span', 'badge', 'export ' + e);
      name.appendChild(badge);
    });
    tr.appendChild(name);
    tr.appendChild(el('td', 'num', bytes(f.size)));
    var share = el('td', 'share');
    var percent = data.codeBytes > 0 ? 100 * f.size / data.codeBytes : 0;
    var bar = el('div', 'bar');
    var fill = el('span');
    fill.style.width = Math.min(100, percent).toFixed(2) + '%';
    bar.appendChild(fill);
    share.appendChild(bar);
    share.appendChild(el('span', 'pct', percent >= 10 ? percent.toFixed(0) + '%' : percent.toFixed(1) + '%'));
    tr.appendChild(share);
    tr.addEventListener('click', function () { show(f, true); });
    tr.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); show(f, true); }
    });
    f.row = tr;
    byIndex[f.index] = f;
    body.appendChild(tr);
  });

  function count(n) {
    shown.textContent = n === data.functions.length ? n + ' functions' : n + ' of ' + data.functions.length + ' functions';
  }
  count(data.functions.length);

  filter.addEventListener('input', function () {
    var query = filter.value.trim().toLowerCase();
    var n = 0;
    data.functions.forEach(function (f) {
      var match = query === '' || f.search.indexOf(query) >= 0;
      f.row.hidden = !match;
      if (match) { n++; }
    });
    count(n);
  });

  // A small WAT highlighter: comments, strings, $identifiers, numbers and keywords become spans.
  var TOKEN = /(;;[^\n]*|\(;[\s\S]*?;\))|("(?:[^"\\\n]|\\.)*")|(\$[^\s()";]+)|(-?(?:0x[0-9a-fA-F][0-9a-fA-F_.]*(?:p[+-]?\d+)?|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|nan(?::0x[0-9a-f]+)?|inf)(?![\w.$]))|([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*(?:=\S*)?)/g;
  var KINDS = ['c', 's', 'i', 'n', 'k'];

  function highlight(text, target) {
    if (text.length > 400000) { target.textContent = text; return; }
    var last = 0;
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (match.index > last) { target.appendChild(document.createTextNode(text.slice(last, match.index))); }
      var kind = 'k';
      for (var g = 1; g <= 5; g++) { if (match[g] !== undefined) { kind = KINDS[g - 1]; break; } }
      target.appendChild(el('span', kind, match[0]));
      last = TOKEN.lastIndex;
    }
    if (last < text.length) { target.appendChild(document.createTextNode(text.slice(last))); }
  }

  // `remember` puts the function in the address (#f12) so a reload or a shared link opens it again;
  // not on the automatic first selection, which would make the browser jump to that row on load.
  function show(f, remember) {
    if (selected) { selected.row.classList.remove('selected'); }
    selected = f;
    f.row.classList.add('selected');
    title.textContent = label(f) + '  (func ' + f.index + ', ' + bytes(f.size) + ')';
    while (wat.firstChild) { wat.removeChild(wat.firstChild); }
    if (f.wat !== null) {
      highlight(f.wat, wat);
    } else {
      wat.appendChild(el('span', 'problem', 'No WAT text for this function: ' + (f.watProblem || 'unknown reason') + '.'));
    }
    wat.scrollTop = 0;
    if (remember && history.replaceState) { history.replaceState(null, '', '#f' + f.index); }
  }

  document.getElementById('viewer-close').addEventListener('click', function () {
    if (selected) { selected.row.classList.remove('selected'); }
    selected = null;
    title.textContent = 'Select a function';
    while (wat.firstChild) { wat.removeChild(wat.firstChild); }
    wat.appendChild(el('span', 'dim', 'Click a function to see its WAT text.'));
  });

  Array.prototype.forEach.call(document.querySelectorAll('a.func-link'), function (a) {
    a.addEventListener('click', function (event) {
      var f = byIndex[a.getAttribute('data-func')];
      if (f) {
        event.preventDefault();
        filter.value = '';
        filter.dispatchEvent(new Event('input'));
        show(f, true);
        f.row.scrollIntoView({block: 'nearest'});
      }
    });
  });

  var start = /^#f(\d+)$/.exec(location.hash);
  if (start && byIndex[start[1]]) {
    show(byIndex[start[1]], false);
  } else if (data.functions.length > 0) {
    show(data.functions[0], false);
  }
})();
