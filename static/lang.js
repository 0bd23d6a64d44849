// The interface language (#12), set before the page is drawn. This script
// is loaded, blocking, at the start of <head>: it sets <html data-ui lang>
// from the reader's choice (localStorage "errdex-lang") or else the
// browser's languages (the first zh* or en* wins; English otherwise).
// style.css shows the interface texts of data-ui's language (each is
// written in both, marked data-l). Attributes written in both (aria-label,
// placeholder, title, with a data-zh- copy) and the switch's buttons are
// set as the parser adds them: a MutationObserver's callback runs before
// the browser next draws. No dependencies; works from file:// too.
(function () {
  "use strict";
  var KEY = "errdex-lang", root = document.documentElement;
  var ATTRS = ["aria-label", "placeholder", "title"];
  var SEL = "[data-lang],[data-zh-" + ATTRS.join("],[data-zh-") + "]";

  function stored() {
    try { var v = localStorage.getItem(KEY); return v === "zh" || v === "en" ? v : ""; } catch (e) { return ""; }
  }
  function browser() {
    var ls = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < ls.length; i++) {
      var l = String(ls[i]).toLowerCase();
      if (l.indexOf("zh") === 0) return "zh";
      if (l.indexOf("en") === 0) return "en";
    }
    return "en";
  }
  var lang = stored() || browser();

  // fix sets what the markup cannot: attributes and the switch.
  function fix() {
    var els = document.querySelectorAll(SEL);
    for (var i = 0; i < els.length; i++) {
      var el = els[i], b = el.getAttribute("data-lang");
      if (b) {
        el.setAttribute("aria-pressed", b === lang ? "true" : "false");
        if (el.parentNode && el.parentNode.hidden) el.parentNode.hidden = false;
        continue;
      }
      for (var j = 0; j < ATTRS.length; j++) {
        var a = ATTRS[j], zh = el.getAttribute("data-zh-" + a);
        if (zh === null) continue;
        if (!el.hasAttribute("data-en-" + a)) el.setAttribute("data-en-" + a, el.getAttribute(a) || "");
        var v = lang === "zh" ? zh : el.getAttribute("data-en-" + a);
        if (el.getAttribute(a) !== v) el.setAttribute(a, v);
      }
    }
  }
  function apply(l) {
    lang = l;
    root.setAttribute("data-ui", l);
    root.setAttribute("lang", l === "zh" ? "zh-CN" : "en");
    fix();
  }
  apply(lang);

  var mo = window.MutationObserver && new MutationObserver(fix);
  if (mo) mo.observe(root, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () {
    if (mo) mo.disconnect();
    fix();
  });

  // The switch: a button per language (templates/layout.html).
  document.addEventListener("click", function (e) {
    var b = e.target && e.target.closest && e.target.closest("button[data-lang]");
    if (!b) return;
    var l = b.getAttribute("data-lang");
    try { localStorage.setItem(KEY, l); } catch (err) { /* storage refused: this page only */ }
    apply(l);
    document.dispatchEvent(new CustomEvent("errdex:lang", { detail: l }));
  });
  // Another tab chose; or the page came back from the back-forward cache.
  window.addEventListener("storage", function (e) { if (e.key === KEY) apply(stored() || browser()); });
  window.addEventListener("pageshow", function (e) { if (e.persisted) apply(stored() || browser()); });
})();
