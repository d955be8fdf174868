// Progressive enhancement for survey pages: questions whose condition reads another question on
// the same page are shown or hidden as the respondent answers. Without this script every such
// question stays visible and the server drops answers whose condition does not hold.
(function () {
  'use strict';
  var form = document.querySelector('form[data-answers]');
  if (!form) { return; }
  var stored = JSON.parse(form.getAttribute('data-answers') || '{}');
  var live = form.querySelectorAll('[data-show-if]');
  if (!live.length) { return; }

  function values(code) {
    var els = form.querySelectorAll('[name="a.' + code + '"]');
    if (!els.length) { return stored[code] || []; }
    var out = [];
    for (var i = 0; i < els.length; i++) {
      var e = els[i];
      if (e.closest('[hidden]')) { continue; }
      if (e.type === 'radio' || e.type === 'checkbox') { if (e.checked) { out.push(e.value); } }
      else if (e.tagName === 'SELECT') { if (e.value) { out.push(e.value); } }
      else if (e.value.trim()) { out.push(e.value.trim()); }
    }
    return out;
  }
  function num(t) { return /^[+-]?\d+(\.\d+)?$/.test(String(t).trim()) ? parseFloat(t) : null; }
  function same(a, b) {
    var x = num(a), y = num(b);
    return x !== null && y !== null ? x === y : String(a).toLowerCase() === String(b).toLowerCase();
  }
  function any(vs, ops) { return vs.some(function (v) { return ops.some(function (o) { return same(v, o); }); }); }
  function test(n) {
    if (n.and) { return test(n.and[0]) && test(n.and[1]); }
    if (n.or) { return test(n.or[0]) || test(n.or[1]); }
    if (n.not) { return !test(n.not); }
    var vs = values(n.c), l, r;
    switch (n.o) {
      case 'ans': return vs.length > 0;
      case 'nans': return vs.length === 0;
      case 'eq': return any(vs, [n.v[0]]);
      case 'ne': return !any(vs, [n.v[0]]);
      case 'any': return any(vs, n.v);
      case 'none': return !any(vs, n.v);
      default:
        if (vs.length !== 1 || (l = num(vs[0])) === null || (r = num(n.v[0])) === null) { return false; }
        return n.o === 'gt' ? l > r : n.o === 'ge' ? l >= r : n.o === 'lt' ? l < r : l <= r;
    }
  }
  function update() {
    for (var i = 0; i < live.length; i++) {
      var q = live[i];
      var show = test(JSON.parse(q.getAttribute('data-show-if')));
      if (show) { q.removeAttribute('hidden'); } else { q.setAttribute('hidden', ''); }
    }
  }
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
}());
