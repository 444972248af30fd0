// Progressive enhancement for the assessment form: a live progress count and
// focus on the error summary. The form works the same without it.
(function () {
  'use strict';
  var form = document.querySelector('[data-assessment-form]');
  if (!form) return;
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();

  var count = form.querySelector('[data-progress-count]');
  var bar = form.querySelector('[data-progress-bar]');
  function updateProgress() {
    var answered = form.querySelectorAll('[data-question] input[type="radio"]:checked').length;
    if (count) count.textContent = String(answered);
    if (bar) { bar.value = answered; bar.textContent = answered + ' of ' + bar.max; }
  }
  form.addEventListener('change', updateProgress);
  updateProgress();
})();
