// tipqueue dashboard: a little progressive enhancement; every page works without it.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]")) { el.form.submit(); }
  });
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (el.dataset && el.dataset.counter) {
      var out = document.getElementById(el.dataset.counter);
      if (out) { out.textContent = String(el.value.length); }
    }
  });
})();
