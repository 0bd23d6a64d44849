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
  // copy copies text and says so; done is what the status then says.
  function copy(btn, text, done) {
    done = done || msg("page.copied");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { status(btn, done); },
        function () { status(btn, fallbackCopy(text) ? done : msg("page.copy_failed")); });
    } else {
      status(btn, fallbackCopy(text) ? done : msg("page.copy_failed"));
    }
  }
  // publicURL is the page's address on the site's public base URL, which
  // every form of the site carries (data-copy-url of the Copy URL button,
  // the build's -base-url); "" when the site has none.
  function publicURL(btn) {
    var row = btn.closest(".copy-row") || document;
    var u = row.querySelector("[data-copy-url]");
    return (u && u.getAttribute("data-copy-url")) || "";
  }
  // localURL is where this page was opened from (file:///…, a preview).
  function localURL() {
    var c = document.querySelector('link[rel="canonical"]');
    return c ? c.href : location.href.replace(/#.*$/, "");
  }
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("button.copy");
    if (!btn) return;
    var pub = publicURL(btn), url = pub || localURL();
    var done = pub ? "" : msg("page.copy_local");
    if (btn.hasAttribute("data-copy-url")) { copy(btn, url, done); return; }
    var text = btn.getAttribute("data-copy") || "";
    // The Markdown link carries the site path without a base URL; make it
    // the page's URL, and say that it is local.
    if (/^\[.*\]\(\/.*\)$/.test(text)) { copy(btn, text.replace(/\]\(\/[^)]*\)$/, "](" + url + ")"), done); return; }
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
