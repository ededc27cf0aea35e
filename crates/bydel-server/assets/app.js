// bydel dashboard: small progressive enhancements. Every page works without this script.
(function () {
  "use strict";
  // Year slider and selects: submit the form on change; show the slider's value.
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { if (el.form) { el.form.submit(); } });
    var out = el.getAttribute("data-output");
    if (out) {
      el.addEventListener("input", function () {
        var o = document.getElementById(out);
        if (o) { o.textContent = el.value; }
      });
    }
  });
  // Filter: hide table rows whose text does not contain the typed text.
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) { return; }
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        tr.classList.toggle("hidden", q !== "" && tr.textContent.toLowerCase().indexOf(q) < 0);
      });
    });
  });
  // Hover: link map areas and list rows both ways; clicking an area opens its page.
  function rowsOf(id) { return document.querySelectorAll('tr[data-area="' + CSS.escape(id) + '"]'); }
  function pathsOf(id) { return document.querySelectorAll('path[data-area="' + CSS.escape(id) + '"]'); }
  function mark(id, on) {
    rowsOf(id).forEach(function (r) { r.classList.toggle("hover", on); });
    pathsOf(id).forEach(function (p) { p.classList.toggle("hover", on); });
  }
  document.querySelectorAll("path[data-area]").forEach(function (p) {
    var id = p.getAttribute("data-area");
    p.addEventListener("mouseenter", function () { mark(id, true); });
    p.addEventListener("mouseleave", function () { mark(id, false); });
    p.addEventListener("click", function () {
      var a = document.querySelector('tr[data-area="' + CSS.escape(id) + '"] a');
      if (a) { window.location.href = a.getAttribute("href"); }
    });
  });
  document.querySelectorAll("tr[data-area]").forEach(function (r) {
    var id = r.getAttribute("data-area");
    r.addEventListener("mouseenter", function () { mark(id, true); });
    r.addEventListener("mouseleave", function () { mark(id, false); });
    r.addEventListener("focusin", function () { mark(id, true); });
    r.addEventListener("focusout", function () { mark(id, false); });
  });
})();
