// Progressive enhancement for the assessment form: a live progress count,
// focus on the error summary, a warning before leaving a page with unsaved
// answers, and a button that copies the draft's address. The form works the
// same without it.
(function () {
  'use strict';
  var form = document.querySelector('[data-assessment-form]');
  if (form) enhanceForm(form);
  enhanceCopy();

  function enhanceForm(form) {
    document.documentElement.dataset.enhanced = 'yes';
    var summary = document.getElementById('error-summary');
    if (summary) {
      summary.focus();
      // A link to a question on this page shows the whole question and puts focus on its first answer.
      summary.addEventListener('click', function (event) {
        var link = event.target.closest('a[href^="#"]');
        if (!link) return;
        var target = document.getElementById(link.getAttribute('href').slice(1));
        if (!target) return;
        var input = target.matches('input, select, textarea') ? target : target.querySelector('input, select, textarea');
        if (!input) return;
        event.preventDefault();
        window.history.replaceState(null, '', link.getAttribute('href'));
        target.scrollIntoView({ block: 'start' });
        input.focus({ preventScroll: true });
      });
    }

    // Arriving at a question from another page's link (#q-...): focus its first answer.
    if (window.location.hash.indexOf('#q-') === 0) {
      var question = document.getElementById(window.location.hash.slice(1));
      var first = question && question.querySelector('input, select, textarea');
      if (first) first.focus();
    }

    var count = form.querySelector('[data-progress-count]');
    var bar = form.querySelector('[data-progress-bar]');
    var base = bar ? Number(bar.getAttribute('data-progress-base') || '0') : 0;
    function updateProgress() {
      var answered = base + form.querySelectorAll('[data-question] input[type="radio"]:checked').length;
      if (count) count.textContent = String(answered);
      if (bar) { bar.value = answered; bar.textContent = answered + ' of ' + bar.max; }
    }

    // Unsaved changes: every button of the form saves (Next, Back, a step, Save draft, Submit), so only leaving another way warns.
    var dirty = false;
    var submitting = false;
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('change', function () { dirty = true; updateProgress(); });
    form.addEventListener('submit', function () { submitting = true; });
    window.addEventListener('beforeunload', function (event) {
      if (!dirty || submitting) return;
      event.preventDefault();
      event.returnValue = '';
    });
    // Coming back through the browser's history restores the page as it was left: start clean.
    window.addEventListener('pageshow', function (event) { if (event.persisted) { submitting = false; } });
    updateProgress();
  }

  function enhanceCopy() {
    var button = document.querySelector('[data-copy-target]');
    if (!button || !navigator.clipboard) return;
    var row = button.closest('[data-copy-row]');
    var status = row && row.querySelector('[data-copy-status]');
    if (row) row.hidden = false;
    button.addEventListener('click', function () {
      var target = document.getElementById(button.getAttribute('data-copy-target'));
      if (!target) return;
      var address = target.getAttribute('href') || target.textContent;
      navigator.clipboard.writeText(address).then(
        function () { if (status) status.textContent = 'Copied'; },
        function () { if (status) status.textContent = 'Could not copy: select the address and copy it yourself.'; },
      );
    });
  }
})();
