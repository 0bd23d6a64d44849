// Page behaviour: copy buttons and the "/" shortcut. No dependencies.
(function () {
  "use strict";
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
      navigator.clipboard.writeText(text).then(function () { status(btn, "Copied"); },
        function () { status(btn, fallbackCopy(text) ? "Copied" : "Copy failed"); });
    } else {
      status(btn, fallbackCopy(text) ? "Copied" : "Copy failed");
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
