// Progressive enhancement for the assessment form: a live progress count and
// focus on the error summary. The form works the same without it.
(function () {
  'use strict';
  var form = document.querySelector('[data-assessment-form]');
  if (!form) return;
  document.documentElement.dataset.enhanced = 'yes';
  var summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
    // A link to a question shows the whole question and puts focus on its first answer.
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
