// Small improvements where JavaScript runs; the pages work without it.
// A form sent back with errors: once the page has loaded (and the browser
// has scrolled to the form), move the focus to the summary at its top,
// which a screen reader then reads, and whose links lead to the fields.
(function () {
  "use strict";
  var summary = document.getElementById("loi-bieu-mau");
  if (!summary) { return; }
  function focusSummary() { summary.focus(); }
  if (document.readyState === "complete") {
    focusSummary();
  } else {
    window.addEventListener("load", function () { window.setTimeout(focusSummary, 0); });
  }
})();
