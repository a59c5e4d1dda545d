// perfgoal HTML report: filters (severity, rule, budget unit) and, for large rounds, the file
// bodies kept gzip-compressed in the page and rendered as they come into view.
// Filtering only rewrites one style sheet: the classes on each card name the rules and
// severities it holds, so hiding 100,000 findings costs the browser one style recalculation.
(function () {
  "use strict";
  var style = document.getElementById("pg-filter-style");
  var count = document.getElementById("f-count");
  var ruleSelect = document.getElementById("f-rule");
  var unitSelect = document.getElementById("f-unit");
  var sevBoxes = Array.prototype.slice.call(document.querySelectorAll("input[name=sev]"));
  var files = Array.prototype.slice.call(document.querySelectorAll("section.pg-file"));
  var tallies = files.map(function (file) {
    var raw = file.getAttribute("data-counts") || "";
    return raw ? raw.split(";").map(function (item) { return item.split(","); }) : [];
  });

  function apply() {
    var sevs = sevBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var rule = ruleSelect.value, unit = unitSelect.value, css = "";
    var allSev = sevs.length === sevBoxes.length;
    if (!allSev) {
      css += sevs.length ? ".fd:not(" + sevs.map(function (s) { return ".s-" + s; }).join(",") + ")" : ".fd";
      css += "{display:none}";
    }
    if (rule) css += ".fd:not(.r-" + rule + "){display:none}";
    if (!allSev || rule) {
      var keys = rule ? (allSev ? ["cr-" + rule] : sevs.map(function (s) { return "c-" + rule + "-" + s; }))
        : sevs.map(function (s) { return "cs-" + s; });
      var sel = keys.length ? keys.map(function (k) { return "." + k; }).join(",") : ".none";
      css += ".card:not(" + sel + "),section.pg-file:not(" + sel + "){display:none}";
    }
    if (unit) css += ".card:not(.u" + unit + "),section.pg-file:not(.u" + unit + "){display:none}";
    style.textContent = css;
    var shown = 0, total = 0;
    tallies.forEach(function (items) {
      items.forEach(function (t) {
        var n = +t[3];
        total += n;
        if ((!unit || t[0] === unit) && (!rule || t[1] === rule) && sevs.indexOf(t[2]) >= 0) shown += n;
      });
    });
    count.textContent = count.getAttribute("data-template").replace("{shown}", shown).replace("{total}", total);
    document.body.setAttribute("data-filtered", css ? "yes" : "no");
  }

  sevBoxes.forEach(function (b) { b.addEventListener("change", apply); });
  ruleSelect.addEventListener("change", apply);
  unitSelect.addEventListener("change", apply);
  document.getElementById("f-reset").addEventListener("click", function () {
    sevBoxes.forEach(function (b) { b.checked = true; });
    ruleSelect.value = ""; unitSelect.value = ""; apply();
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-set-rule],[data-set-unit]") : null;
    if (!target) return;
    if (target.hasAttribute("data-set-rule")) ruleSelect.value = target.getAttribute("data-set-rule");
    if (target.hasAttribute("data-set-unit")) unitSelect.value = target.getAttribute("data-set-unit");
    apply();
    document.getElementById("filters").scrollIntoView();
  });
  apply();

  // Large rounds: each file's body is gzip-compressed (base64) in its data-z attribute and
  // drawn when the file comes near the view, or when the page is printed.
  var packed = files.filter(function (f) { return f.querySelector(".body[data-z]"); });
  function ready() {
    document.body.setAttribute("data-ready", "yes");
    if (!packed.length) document.body.setAttribute("data-complete", "yes");
  }
  if (!packed.length) { ready(); return; }
  var left = packed.length;
  function inflate(slot) {
    var text = atob(slot.getAttribute("data-z"));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  function fill(file) {
    var slot = file.querySelector(".body[data-z]");
    if (!slot || slot.getAttribute("data-filling")) return Promise.resolve();
    slot.setAttribute("data-filling", "yes");
    return inflate(slot).then(function (html) {
      slot.innerHTML = html;
      slot.removeAttribute("data-z");
      file.style.containIntrinsicSize = "";
      left -= 1;
      if (!left) document.body.setAttribute("data-complete", "yes");
    }, function (err) { slot.textContent = String(err); });
  }
  window.perfgoalFillAll = function () { return Promise.all(packed.map(fill)); };
  window.addEventListener("beforeprint", window.perfgoalFillAll);
  // Printing cannot wait for the bodies to inflate: this button draws them all, then prints.
  var printButton = document.getElementById("f-print");
  printButton.hidden = false;
  printButton.addEventListener("click", function () {
    window.perfgoalFillAll().then(function () { window.print(); });
  });
  if (!window.IntersectionObserver) { window.perfgoalFillAll().then(ready); return; }
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting) { seen.unobserve(e.target); fill(e.target); } });
  }, { rootMargin: "1500px 0px" });
  packed.forEach(function (f) { seen.observe(f); });
  ready();
})();
