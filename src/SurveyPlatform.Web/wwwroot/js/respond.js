// Progressive enhancement for survey pages: questions whose condition reads another question on
// the same page are shown or hidden as the respondent answers. Without this script every such
// question stays visible and the server drops answers whose condition does not hold. Values piped
// from a question on the same page (span.pipe[data-pipe]) follow the answer as it is given; without
// this script they show what was stored, or nothing.
(function () {
  'use strict';
  var form = document.querySelector('form[data-answers]');
  if (!form) { return; }
  var stored = JSON.parse(form.getAttribute('data-answers') || '{}');
  var live = form.querySelectorAll('[data-show-if]');
  var pipes = document.querySelectorAll('span.pipe[data-pipe]');
  if (!live.length && !pipes.length) { return; }

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
  // The label the server pipes: the choice's label (the "other" text when given), the typed value otherwise.
  function labelled(code) {
    var els = form.querySelectorAll('[name="a.' + code + '"]');
    var out = [];
    for (var i = 0; i < els.length; i++) {
      var e = els[i], text = '';
      if (e.closest('[hidden]')) { continue; }
      if (e.type === 'radio' || e.type === 'checkbox') {
        if (!e.checked) { continue; }
        var other = form.querySelector('[name="a.' + code + '_other"]');
        var label = form.querySelector('label[for="' + e.id + '"]');
        text = other && other.value.trim() && e.hasAttribute('data-other') ? other.value.trim() : (label ? label.textContent.trim() : e.value);
      } else if (e.tagName === 'SELECT') {
        text = e.value ? e.options[e.selectedIndex].text.trim() : '';
      } else { text = e.value.trim(); }
      if (text) { out.push(text); }
    }
    return out.join(', ');
  }
  function pipe() {
    for (var i = 0; i < pipes.length; i++) {
      var p = pipes[i], code = p.getAttribute('data-pipe');
      if (!form.querySelector('[name="a.' + code + '"]')) { continue; }
      var v = labelled(code);
      p.textContent = v ? (p.getAttribute('data-before') || '') + v + (p.getAttribute('data-after') || '') : '';
    }
  }
  function update() {
    for (var i = 0; i < live.length; i++) {
      var q = live[i];
      var show = test(JSON.parse(q.getAttribute('data-show-if')));
      if (show) { q.removeAttribute('hidden'); } else { q.setAttribute('hidden', ''); }
    }
    pipe();
  }
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
}());
