// Copy buttons, as progressive enhancement: a button with data-copy="<id>" copies
// the text of the element with that id. Without JavaScript the buttons stay
// hidden and the text can be selected and copied by hand.
(function () {
  'use strict';
  if (!window.navigator.clipboard) return;
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var target = document.getElementById(button.getAttribute('data-copy'));
    if (!target) return;
    var status = button.parentElement && button.parentElement.querySelector('.copy-status');
    button.hidden = false;
    button.addEventListener('click', function () {
      window.navigator.clipboard.writeText(target.textContent.trim()).then(
        function () { if (status) status.textContent = 'Copied.'; },
        function () { if (status) status.textContent = 'Could not copy: select the address and copy it by hand.'; }
      );
    });
  });
})();
