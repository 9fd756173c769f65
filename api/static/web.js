// cchc-kg web UI: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Filter forms marked data-autosubmit submit when a select changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // SPARQL editor: Ctrl+Enter (or Cmd+Enter) runs the query; Tab inserts two spaces.
  var text = document.getElementById("query-text");
  if (text) {
    text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (text.form.requestSubmit) { text.form.requestSubmit(); } else { text.form.submit(); }
      } else if (event.key === "Tab" && !event.shiftKey) {
        event.preventDefault();
        var start = text.selectionStart, end = text.selectionEnd;
        text.value = text.value.slice(0, start) + "  " + text.value.slice(end);
        text.selectionStart = text.selectionEnd = start + 2;
      }
    });
    var error = document.getElementById("query-error");
    if (error) { text.focus(); }
  }
})();
