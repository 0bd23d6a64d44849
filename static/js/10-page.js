// Page behaviour: copy buttons and the "/" shortcut. No dependencies.
(function () {
  "use strict";
  // errdexMsg returns the interface text key (package i18n, emitted as
  // ERRDEX_SEARCH.messages) in the page's interface language
  // (<html data-ui>), with each {name} filled from args.
  window.errdexMsg = function (key, args) {
    var all = (window.ERRDEX_SEARCH && window.ERRDEX_SEARCH.messages) || {};
    var t = all[key];
    if (!t) return key;
    var s = document.documentElement.getAttribute("data-ui") === "zh" ? t.zh : t.en;
    return s.replace(/\{(\w+)\}/g, function (m, k) { return args && k in args ? String(args[k]) : m; });
  };
  var msg = window.errdexMsg;
  function status(btn, text) {
    var s = btn.parentNode.querySelector(".copy-status");
    if (s) { s.textContent = text; setTimeout(function () { s.textContent = ""; }, 2500); }
  }
  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text; ta.setAttribute("readonly", ""); ta.style.position = "absolute"; ta.style.left = "-9999px";
    document.body.appendChild(ta); ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
  }
  function copy(btn, text) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { status(btn, msg("page.copied")); },
        function () { status(btn, fallbackCopy(text) ? msg("page.copied") : msg("page.copy_failed")); });
    } else {
      status(btn, fallbackCopy(text) ? msg("page.copied") : msg("page.copy_failed"));
    }
  }
  function pageURL() {
    var c = document.querySelector('link[rel="canonical"]');
    return c ? c.href : location.href.replace(/#.*$/, "");
  }
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("button.copy");
    if (!btn) return;
    if (btn.hasAttribute("data-copy-url")) { copy(btn, pageURL()); return; }
    var text = btn.getAttribute("data-copy") || "";
    // The Markdown link carries the site path; make it the page's real URL.
    if (/^\[.*\]\(\/.*\)$/.test(text)) text = text.replace(/\]\(\/[^)]*\)$/, "](" + pageURL() + ")");
    copy(btn, text);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var q = document.querySelector("main input[type=search]") || document.querySelector("input[type=search]");
    if (q) { e.preventDefault(); q.focus(); q.select(); }
  });
})();
