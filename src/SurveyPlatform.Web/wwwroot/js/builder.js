// Progressive enhancement for the questionnaire builder: save a question edited in place without a reload;
// drag a question by its handle to another place or page, or a page by the handle beside its title. The drop fills the hidden "drag-move" (or
// "drag-move-page") form and posts it, the same handlers as the Move up / Move down buttons (which stay
// the keyboard and no-JavaScript way), so the server checks access and logic and shows a refused move
// beside its question or page.
(function () {
  'use strict';
  var form = document.getElementById('drag-move');
  if (!form) { return; }
  document.documentElement.classList.add('builder-js');
  var lists = document.querySelectorAll('ol.question-list[data-page]');
  var dragged = null;

  function rowsOf(list) {
    return Array.prototype.filter.call(list.children, function (li) { return li.classList.contains('question-row') && li !== dragged; });
  }
  function clearMarks() {
    document.querySelectorAll('.drop-before, .drop-end').forEach(function (e) { e.classList.remove('drop-before', 'drop-end'); });
  }
  function positionIn(list, y) {
    var rows = rowsOf(list);
    for (var i = 0; i < rows.length; i++) {
      var box = rows[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) { return { index: i, before: rows[i] }; }
    }
    return { index: rows.length, before: null };
  }

  function bindRow(li) {
    var handle = li.querySelector('.drag-handle');
    if (!handle || li.querySelector('form.edit-in-place')) { return; }
    handle.setAttribute('draggable', 'true');
    handle.addEventListener('dragstart', function (e) {
      dragged = li;
      li.classList.add('dragging');
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', li.getAttribute('data-code'));
      if (e.dataTransfer.setDragImage) { e.dataTransfer.setDragImage(li, 16, 16); }
    });
    handle.addEventListener('dragend', function () {
      li.classList.remove('dragging');
      dragged = null;
      clearMarks();
    });
  }
  document.querySelectorAll('li.question-row').forEach(bindRow);

  // Saving a question edited in place: the form is posted with fetch and the re-rendered row (the saved
  // question, or the form with its errors and everything typed) replaces the row, so the page does not reload.
  // Without JavaScript, or when the answer is not the builder page, the form posts and redirects as usual.
  function bindEditForm(editForm) {
    editForm.addEventListener('submit', function (e) {
      if (!window.fetch || !window.DOMParser) { return; }
      e.preventDefault();
      var row = editForm.closest('li.question-row');
      var rows = Array.prototype.slice.call(document.querySelectorAll('li.question-row'));
      var index = rows.indexOf(row);
      var button = editForm.querySelector('button[type=submit]');
      if (button) { button.disabled = true; }
      fetch(editForm.action, { method: 'POST', body: new FormData(editForm), credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var fresh = doc.querySelectorAll('li.question-row')[index];
          if (!fresh) { throw new Error('no row'); }
          var imported = document.importNode(fresh, true);
          row.replaceWith(imported);
          var oldNotice = document.querySelector('main > p.notice');
          var newNotice = doc.querySelector('main > p.notice');
          if (oldNotice) { oldNotice.remove(); }
          if (newNotice) { document.getElementById('main').prepend(document.importNode(newNotice, true)); }
          var again = imported.querySelector('form.edit-in-place');
          if (again) {
            bindEditForm(again);
            var invalid = again.querySelector('.input-validation-error') || again.querySelector('input, textarea, select');
            if (invalid) { invalid.focus(); }
          } else {
            bindRow(imported);
            var edit = imported.querySelector('a[href*="question="]');
            if (edit) { edit.focus(); }
            if (history.replaceState) { history.replaceState(null, '', location.pathname + '#' + imported.id); }
          }
        })
        .catch(function () {
          if (button) { button.disabled = false; }
          editForm.submit(); // Anything unexpected: the plain post shows what the server says.
        });
    });
  }
  document.querySelectorAll('form.edit-in-place').forEach(bindEditForm);

  lists.forEach(function (list) {
    list.addEventListener('dragover', function (e) {
      if (!dragged) { return; }
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      clearMarks();
      var at = positionIn(list, e.clientY);
      if (at.before) { at.before.classList.add('drop-before'); } else { list.classList.add('drop-end'); }
    });
    list.addEventListener('dragleave', function (e) {
      if (!list.contains(e.relatedTarget)) { clearMarks(); }
    });
    list.addEventListener('drop', function (e) {
      if (!dragged) { return; }
      e.preventDefault();
      var at = positionIn(list, e.clientY);
      form.elements.code.value = dragged.getAttribute('data-code');
      form.elements.page.value = list.getAttribute('data-page');
      form.elements.position.value = String(at.index);
      clearMarks();
      form.submit();
    });
  });

  var pageForm = document.getElementById('drag-move-page');
  var pages = Array.prototype.slice.call(document.querySelectorAll('section.editor-page[data-page]'));
  var draggedPage = null;

  function clearPageMarks() {
    document.querySelectorAll('.page-drop-before, .page-drop-after').forEach(function (e) { e.classList.remove('page-drop-before', 'page-drop-after'); });
  }
  // Where the dragged page would go: its index among the other pages, and the page it lands before (or after).
  function pagePosition(y) {
    var others = pages.filter(function (s) { return s !== draggedPage; });
    for (var i = 0; i < others.length; i++) {
      var box = others[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) { return { index: i, mark: others[i], cls: 'page-drop-before' }; }
    }
    return { index: others.length, mark: others[others.length - 1], cls: 'page-drop-after' };
  }

  if (pageForm && pages.length > 1) {
    pages.forEach(function (section) {
      var handle = section.querySelector('.page-drag-handle');
      if (handle) {
        handle.setAttribute('draggable', 'true');
        handle.addEventListener('dragstart', function (e) {
          draggedPage = section;
          section.classList.add('dragging');
          e.dataTransfer.effectAllowed = 'move';
          e.dataTransfer.setData('text/plain', 'page-' + section.getAttribute('data-page'));
          if (e.dataTransfer.setDragImage) { e.dataTransfer.setDragImage(section, 16, 16); }
        });
        handle.addEventListener('dragend', function () {
          section.classList.remove('dragging');
          draggedPage = null;
          clearPageMarks();
        });
      }
      section.addEventListener('dragover', function (e) {
        if (!draggedPage) { return; }
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        clearPageMarks();
        var at = pagePosition(e.clientY);
        if (at.mark) { at.mark.classList.add(at.cls); }
      });
      section.addEventListener('drop', function (e) {
        if (!draggedPage) { return; }
        e.preventDefault();
        var at = pagePosition(e.clientY);
        clearPageMarks();
        if (at.index === pages.indexOf(draggedPage)) { return; } // Dropped where it was.
        pageForm.elements.page.value = draggedPage.getAttribute('data-page');
        pageForm.elements.to.value = String(at.index);
        pageForm.submit();
      });
    });
  }
}());
