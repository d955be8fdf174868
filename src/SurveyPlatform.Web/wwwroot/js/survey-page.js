// Progressive enhancement for the owner's survey page. Without this script everything still works:
// "Close survey now" and "Reopen survey" post to the server, which answers with the confirmation
// step; the public link is a text field to select and copy.
(function () {
  'use strict';

  // A button with data-opens="dialog-id" opens that confirmation dialog instead of posting.
  var openers = document.querySelectorAll('[data-opens]');
  for (var i = 0; i < openers.length; i++) {
    openers[i].addEventListener('click', function (event) {
      var dialog = document.getElementById(this.getAttribute('data-opens'));
      if (!dialog || typeof dialog.showModal !== 'function') { return; } // no <dialog>: the post shows the step
      event.preventDefault();
      if (dialog.open) { dialog.close(); }
      dialog.showModal();
    });
  }

  // "No, keep it …" closes the dialog; without a script it is a link back to the page.
  var cancels = document.querySelectorAll('[data-closes-dialog]');
  for (var j = 0; j < cancels.length; j++) {
    cancels[j].addEventListener('click', function (event) {
      var dialog = this.closest('dialog');
      if (!dialog) { return; }
      event.preventDefault();
      dialog.close();
    });
  }

  // Copy buttons: data-copy names the text field, data-status the aria-live region that says so.
  var copies = document.querySelectorAll('[data-copy]');
  for (var k = 0; k < copies.length; k++) {
    var button = copies[k];
    button.hidden = false;
    button.addEventListener('click', function () {
      var field = document.getElementById(this.getAttribute('data-copy'));
      var status = document.getElementById(this.getAttribute('data-status'));
      function say(text) { if (status) { status.textContent = text; } }
      function fallback() { field.focus(); field.select(); say('Press Ctrl+C (or ⌘+C) to copy the selected link.'); }
      if (!field) { return; }
      say('');
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { say('Copied'); }, fallback);
      } else {
        field.select();
        try { say(document.execCommand('copy') ? 'Copied' : ''); } catch (e) { fallback(); }
        if (!status || !status.textContent) { fallback(); }
      }
    });
  }
})();
