(function () {
  'use strict';
  // Everything guest-controlled (names, export names, WAT) is placed with textContent, never as markup.
  var data = JSON.parse(document.getElementById('functions-data').textContent);
  var body = document.getElementById('function-rows');
  if (!body) { return; } // a module without functions has no list
  var filter = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var title = document.getElementById('viewer-title');
  var wat = document.getElementById('wat');
  // Rows are built only for what is shown, at most this many at a time: a module with tens of
  // thousands of functions stays quick, and the filter finds the rest.
  var LIMIT = 1000;
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
    byIndex[f.index] = f;
    f.search = [String(f.index), f.name || '', f.display || '', f.exports.join('\n'), 'func[' + f.index + ']']
      .join('\n').toLowerCase();
  });

  function rowFor(f) {
    if (f.row) { return f.row; }
    var tr = el('tr');
    tr.id = 'f' + f.index;
    tr.tabIndex = 0;
    tr.appendChild(el('td', 'num', String(f.index)));
    var name = el('td');
    var shownName = el('span', 'fname' + (f.name === null ? ' dim' : ''), label(f));
    if (f.display !== null) { shownName.title = f.name; }
    name.appendChild(shownName);
    f.exports.forEach(function (e) { name.appendChild(el('span', 'badge', 'export ' + e)); });
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
    if (f === selected) { tr.classList.add('selected'); }
    f.row = tr;
    return tr;
  }

  function render() {
    var query = filter.value.trim().toLowerCase();
    var matches = data.functions.filter(function (f) { return query === '' || f.search.indexOf(query) >= 0; });
    var rows = document.createDocumentFragment();
    matches.slice(0, LIMIT).forEach(function (f) { rows.appendChild(rowFor(f)); });
    while (body.firstChild) { body.removeChild(body.firstChild); }
    body.appendChild(rows);
    var total = data.functions.length;
    var text = matches.length === total ? total + ' functions' : matches.length + ' of ' + total + ' functions';
    if (matches.length > LIMIT) { text += ', the first ' + LIMIT + ' listed: filter to find the others'; }
    shown.textContent = text;
  }

  filter.addEventListener('input', render);
  render();

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

  function clearViewer() {
    while (wat.firstChild) { wat.removeChild(wat.firstChild); }
  }

  // `remember` puts the function in the address (#f12) so a reload or a shared link opens it again;
  // not on the automatic first selection, which would make the browser jump to that row on load.
  function show(f, remember) {
    if (selected && selected.row) { selected.row.classList.remove('selected'); }
    selected = f;
    if (f.row) { f.row.classList.add('selected'); }
    title.textContent = label(f) + '  (func ' + f.index + ', ' + bytes(f.size) + ')';
    clearViewer();
    if (f.wat !== null) {
      highlight(f.wat, wat);
    } else {
      wat.appendChild(el('span', 'problem', 'No WAT text for this function: ' + (f.watProblem || 'unknown reason') + '.'));
    }
    wat.scrollTop = 0;
    if (remember && history.replaceState) { history.replaceState(null, '', '#f' + f.index); }
  }

  document.getElementById('viewer-close').addEventListener('click', function () {
    if (selected && selected.row) { selected.row.classList.remove('selected'); }
    selected = null;
    title.textContent = 'Select a function';
    clearViewer();
    wat.appendChild(el('span', 'dim', 'Click a function to see its WAT text.'));
  });

  Array.prototype.forEach.call(document.querySelectorAll('a.func-link'), function (a) {
    a.addEventListener('click', function (event) {
      var f = byIndex[a.getAttribute('data-func')];
      if (f) {
        event.preventDefault();
        show(f, true);
        if (f.row && f.row.parentNode) { f.row.scrollIntoView({block: 'nearest'}); }
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
