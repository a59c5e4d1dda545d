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

  // Large rounds: bodies are one gzip stream (base64), the parts separated by NUL.
  var packed = document.getElementById("pg-bodies");
  if (!packed) {
    document.body.setAttribute("data-ready", "yes");
    document.body.setAttribute("data-complete", "yes");
    return;
  }
  var bodies = null, left = files.length;
  function fill(file) {
    var slot = file.querySelector(".body");
    if (!bodies || slot.getAttribute("data-filled")) return;
    slot.innerHTML = bodies[+slot.getAttribute("data-i")];
    slot.setAttribute("data-filled", "yes");
    left -= 1;
  }
  function fillAll() { files.forEach(fill); }
  window.addEventListener("beforeprint", fillAll);
  var stream = new Blob([Uint8Array.from(atob(packed.textContent), function (c) { return c.charCodeAt(0); })])
    .stream().pipeThrough(new DecompressionStream("gzip"));
  new Response(stream).text().then(function (text) {
    bodies = text.split("\u0000");
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { fill(e.target); seen.unobserve(e.target); } });
    }, { rootMargin: "1500px 0px" });
    files.forEach(function (f) { seen.observe(f); });
    document.body.setAttribute("data-ready", "yes");
    // The rest in idle time, so that find-in-page sees everything once the page is quiet.
    var next = 0;
    function idle(deadline) {
      while (next < files.length && deadline.timeRemaining() > 4) fill(files[next++]);
      if (next < files.length) schedule();
      else document.body.setAttribute("data-complete", "yes");
    }
    function schedule() {
      if (window.requestIdleCallback) window.requestIdleCallback(idle, { timeout: 2000 });
      else setTimeout(function () { idle({ timeRemaining: function () { return 20; } }); }, 50);
    }
    schedule();
  }).catch(function (err) {
    files.forEach(function (f) {
      f.querySelector(".body").textContent = String(err);
    });
  });
})();
