// Search: loads the index on first use, suggests as you type under every
// search box, and fills the search page. No dependencies; works from
// file:// (the index is then loaded as a script). The tokenizer and the
// query parser mirror package search (tokens.go, query.go); docs/search.md
// describes both and the index format. Every piece of data they use (the
// platforms, their names and words, the patterns, the index's alphabet) is
// window.ERRDEX_SEARCH, which the build writes at the start of this script
// from the platform table (search.ScriptConfig): none of it is copied here.
(function () {
  "use strict";
  var body = document.body;
  var C = window.ERRDEX_SEARCH;
  if (!body || !C) return;
  var ROOT = body.getAttribute("data-root") || "./";
  var BUNDLE = body.getAttribute("data-bundle") === "1";
  var msg = window.errdexMsg;
  var NAMES = {};
  C.platforms.forEach(function (p) { NAMES[p.id] = [p.nameZH, p.name]; });
  // names of platform p: [Chinese, English]; its id for one the table lacks.
  function names(p) { return NAMES[p] || [p, p]; }
  // pname is platform p's name in the interface language (<html data-ui>).
  function pname(p) { return names(p)[document.documentElement.getAttribute("data-ui") === "zh" ? 0 : 1]; }
  var SUGGEST = 8, PAGE = 20;
  // LOADING_DELAY (ms): results slower than this show that they are loading.
  var LOADING_DELAY = 150;
  // SLOW_DELAY (ms): the search page says the connection is slow.
  var SLOW_DELAY = 5000;
  var MAX_IMPACT = C.maxImpact, R = C.rank, PREFIX_EXPANSIONS = R.expansions, CODE = C.codePrefix;
  var DIGITS = C.digits;
  var DIGIT = new Int8Array(128).fill(-1);
  for (var di = 0; di < DIGITS.length; di++) DIGIT[DIGITS.charCodeAt(di)] = di;

  // ---- tokenization (search/tokens.go: fold, segments) ----

  function fold(s) {
    var out = new Array(s.length);
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
      else if (c === 0x3000) c = 32;
      if (c >= 65 && c <= 90) c += 32;
      out[i] = String.fromCharCode(c);
    }
    return out.join("");
  }
  function isHan(c) { return c >= 0x3400 && c <= 0x4DBF || c >= 0x4E00 && c <= 0x9FFF || c === 0x3007; }
  function isWord(c) { return c >= 97 && c <= 122 || c >= 48 && c <= 57; }
  function segments(s) {
    var out = [];
    for (var i = 0; i < s.length;) {
      var c = s.charCodeAt(i);
      var han = isHan(c);
      if (!han && !isWord(c)) { i++; continue; }
      var j = i;
      while (j < s.length && (han ? isHan(s.charCodeAt(j)) : isWord(s.charCodeAt(j)))) j++;
      var neg = !han && i > 0 && s.charAt(i - 1) === "-" && (i === 1 || !isWord(s.charCodeAt(i - 2)));
      out.push({ t: s.slice(i, j), han: han, neg: neg });
      i = j;
    }
    return out;
  }

  // ---- query understanding (search/query.go: Rules.Parse) ----

  var PLATFORM_WORDS = C.words; // [word, platform id], in the order they are tried
  var ORDER = C.platforms.map(function (p) { return p.id; });
  var P = C.patterns;
  var URL_RE = new RegExp(P.url, "g");
  var ERRCODE_RE = new RegExp(P.errcode);
  var ERRCODE_ALL_RE = new RegExp(P.errcode, "g");
  var ERRMSG_RE = new RegExp(P.errmsg);
  var DEVTOOL_RE = new RegExp(P.devtool);
  var NOISE_RE = new RegExp(P.noise, "g");
  var CODE_WORD_RE = new RegExp(P.codeWord);

  function platformWord(w) {
    for (var i = 0; i < PLATFORM_WORDS.length; i++) if (PLATFORM_WORDS[i][0] === w) return PLATFORM_WORDS[i][1];
    return "";
  }
  function hanPlatformPrefix(s) {
    for (var i = 0; i < PLATFORM_WORDS.length; i++) {
      var w = PLATFORM_WORDS[i][0];
      if (w.charCodeAt(0) >= 0x80 && s.indexOf(w) === 0) return PLATFORM_WORDS[i];
    }
    return null;
  }

  // parse reads a query into {platforms, codes, terms: [{t, p}], pasted}.
  function parse(raw) {
    var q = { platforms: [], codes: [], terms: [], pasted: false };
    var s = fold(raw || "");
    var plats = {}, codes = {}, terms = {};
    function addCode(c) { if (!codes[c]) { codes[c] = true; q.codes.push(c); } }
    var text = s, m;
    if ((m = ERRCODE_RE.exec(s))) {
      q.pasted = true;
      addCode(m[1]);
      text = s.replace(ERRCODE_ALL_RE, " ");
      var mm = ERRMSG_RE.exec(s);
      if (mm) {
        text = mm[1];
        try { text = fold(JSON.parse('"' + mm[1] + '"')); } catch (e) { /* keep it as it is */ }
      }
    }
    if ((m = DEVTOOL_RE.exec(s))) {
      q.pasted = true;
      addCode(m[1]);
      if (C.devtool) plats[C.devtool] = true;
    }
    text = text.replace(URL_RE, " ");
    text = text.replace(NOISE_RE, " ");

    var platTerms = [], segs = [];
    segments(text).forEach(function (sg) {
      if (!sg.han) {
        var p = platformWord(sg.t);
        if (p) { plats[p] = true; platTerms.push(sg); } else segs.push(sg);
        return;
      }
      var rest = sg.t, pw;
      while ((pw = hanPlatformPrefix(rest))) {
        var left = rest.slice(pw[0].length);
        if (left !== "" && left.length < 2) break;
        plats[pw[1]] = true;
        platTerms.push({ t: pw[0], han: true });
        rest = left;
      }
      if (rest !== "") segs.push({ t: rest, han: true });
    });
    function addTerm(t, p) {
      var k = t + (p ? "*" : "");
      if (!terms[k]) { terms[k] = true; q.terms.push({ t: t, p: p }); }
    }
    function addSeg(sg) {
      if (sg.han) {
        if (sg.t.length === 1) addTerm(sg.t, false);
        for (var i = 0; i + 1 < sg.t.length; i++) addTerm(sg.t.slice(i, i + 2), false);
        return;
      }
      if (CODE_WORD_RE.test(sg.t)) {
        if (!q.pasted) {
          addCode(sg.neg ? "-" + sg.t : sg.t);
          if (sg.t.length >= 2) addTerm(sg.t, false);
        }
        return;
      }
      if (sg.t.length >= 2) addTerm(sg.t, sg.t.length >= 3);
    }
    segs.forEach(addSeg);
    if (!q.terms.length && !q.codes.length) platTerms.forEach(addSeg);
    ORDER.forEach(function (p) { if (plats[p]) q.platforms.push(p); });
    return q;
  }

  // ---- the index ----

  function decode(str) {
    var docs = [], imps = [], doc = 0, v = 0;
    for (var i = 0; i < str.length; i++) {
      var d = DIGIT[str.charCodeAt(i)];
      if (d >= 32) { v = v * 32 + d - 32; continue; }
      v = v * 32 + d;
      doc += Math.floor(v / (MAX_IMPACT + 1));
      docs.push(doc);
      imps.push(v % (MAX_IMPACT + 1));
      v = 0;
    }
    return { d: docs, i: imps };
  }
  function lowerBound(arr, x) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  var isHTTP = /^https?:$/.test(location.protocol);
  // TIMEOUT (ms) ends a fetch that hangs: the search then says it failed
  // instead of staying at "Searching…".
  var TIMEOUT = 20000;
  var pendingShards = {};
  window.ERRDEX_SHARD = function (name, data) {
    var p = pendingShards[name];
    if (p) p(data);
  };
  function inject(src) {
    return new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () { ok(); };
      s.onerror = function () { fail(new Error("errdex: cannot load " + src)); };
      document.head.appendChild(s);
    });
  }
  function fetchJSON(url) {
    var ctl = typeof AbortController === "function" ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctl) ctl.abort(); }, TIMEOUT);
    return fetch(url, ctl ? { signal: ctl.signal } : {}).then(function (r) {
      if (!r.ok) throw new Error("errdex: " + url + ": " + r.status);
      return r.json();
    }).then(function (v) { clearTimeout(timer); return v; }, function (e) { clearTimeout(timer); throw e; });
  }
  // loadShard loads search-index/<name>: as JSON over HTTP, else as a script.
  function loadShard(name) {
    var base = ROOT + "search-index/" + name;
    function viaScript() {
      return new Promise(function (ok, fail) {
        pendingShards[name] = function (data) { delete pendingShards[name]; ok(data); };
        inject(base + ".js").then(function () {
          // A script that ran without handing over its shard would leave
          // the search waiting.
          if (pendingShards[name]) { delete pendingShards[name]; fail(new Error("errdex: " + base + ".js held no shard")); }
        }, function (e) { delete pendingShards[name]; fail(e); });
      });
    }
    return isHTTP ? fetchJSON(base + ".json").catch(viaScript) : viaScript();
  }

  // Store answers token lookups and doc fetches over a single-file or a
  // sharded index.
  function Store(ix) {
    this.n = ix.n;
    this.platforms = ix.platforms;
    this.shards = [];
    this.loading = [];
    this.docs = [];
    this.docShards = [];
    this.text = new Float64Array(ix.n);
    this.code = new Float64Array(ix.n);
    this.matched = new Uint16Array(ix.n);
    this.exact = new Uint8Array(ix.n);
    if (ix.terms) {
      // One file: code tokens are implied by the docs.
      var byCode = {}, codes = [];
      ix.docs.forEach(function (d, id) {
        var t = CODE + d[1].toLowerCase();
        if (!byCode[t]) { byCode[t] = []; codes.push(t); }
        byCode[t].push(id);
      });
      codes.sort();
      var dec = codes.map(function (t) {
        var ids = byCode[t];
        return { d: ids, i: ids.map(function () { return MAX_IMPACT; }) };
      });
      this.bounds = [""];
      this.shards[0] = { terms: codes.concat(ix.terms), post: new Array(codes.length).concat(ix.postings), dec: dec };
      this.docs = ix.docs;
      this.docShard = 0;
    } else {
      this.bounds = ix.termShards;
      this.docShard = ix.docShard;
    }
  }
  Store.prototype.shardOf = function (tok) {
    var k = lowerBound(this.bounds, tok);
    if (k < this.bounds.length && this.bounds[k] === tok) return k;
    return Math.max(0, k - 1);
  };
  Store.prototype.loadTermShard = function (k) {
    var self = this;
    if (this.shards[k]) return Promise.resolve();
    if (!this.loading[k]) {
      this.loading[k] = loadShard("t" + k).then(function (data) {
        self.shards[k] = { terms: data.terms, post: data.postings, dec: [] };
      }, function (e) { self.loading[k] = null; throw e; });
    }
    return this.loading[k];
  };
  Store.prototype.loadShards = function (ks) {
    var self = this;
    return Promise.all(ks.map(function (k) { return self.loadTermShard(+k); }));
  };
  // need loads the term shards the lookups (tokens, prefix flags) need: the
  // shard of each token and, for a prefix, the next ones while its longer
  // tokens run on into them and fewer than R.expansions were found (as
  // Engine.expand reads the whole term list in Go).
  Store.prototype.need = function (lookups) {
    var want = {}, self = this;
    lookups.forEach(function (l) { want[self.shardOf(l.t)] = true; });
    return this.loadShards(Object.keys(want)).then(function () {
      var more = {};
      lookups.forEach(function (l) {
        var k = l.p ? self.prefixNext(l.t) : -1;
        if (k >= 0) more[k] = true;
      });
      var ks = Object.keys(more);
      if (!ks.length) return;
      return self.loadShards(ks).then(function () { return self.need(lookups.filter(function (l) { return l.p; })); });
    });
  };
  // prefixNext is the shard the expansions of prefix still need, or -1.
  Store.prototype.prefixNext = function (prefix) {
    var k = this.shardOf(prefix), n = 0;
    for (var s = k; s < this.bounds.length; s++) {
      var sh = this.shards[s];
      if (!sh) return s;
      for (var i = s === k ? lowerBound(sh.terms, prefix) : 0; i < sh.terms.length; i++) {
        var t = sh.terms[i];
        if (t.indexOf(prefix) !== 0) return -1;
        if (t !== prefix && ++n >= PREFIX_EXPANSIONS) return -1;
      }
    }
    return -1;
  };
  Store.prototype.postings = function (sh, idx) {
    var p = sh.dec[idx];
    if (!p) p = sh.dec[idx] = decode(sh.post[idx]);
    return p;
  };
  Store.prototype.find = function (tok) {
    var sh = this.shards[this.shardOf(tok)];
    if (!sh) return null;
    var i = lowerBound(sh.terms, tok);
    return i < sh.terms.length && sh.terms[i] === tok ? this.postings(sh, i) : null;
  };
  // expand lists the postings of the loaded tokens that start with prefix
  // and are longer than it, at most R.expansions.
  Store.prototype.expand = function (prefix) {
    var out = [];
    var k = this.shardOf(prefix);
    for (var s = k; s < this.bounds.length; s++) {
      var sh = this.shards[s];
      if (!sh) break;
      for (var i = s === k ? lowerBound(sh.terms, prefix) : 0; i < sh.terms.length; i++) {
        var t = sh.terms[i];
        if (t.indexOf(prefix) !== 0) return out;
        if (t === prefix) continue;
        out.push({ t: t, post: this.postings(sh, i) });
        if (out.length >= PREFIX_EXPANSIONS) return out;
      }
    }
    return out;
  };
  Store.prototype.platformOf = function (id) {
    for (var i = 0; i < this.platforms.length; i++) {
      var r = this.platforms[i];
      if (id >= r[1] && id < r[2]) return r[0];
    }
    return "";
  };
  // loadDocs makes sure the docs of ids are loaded.
  Store.prototype.loadDocs = function (ids) {
    if (!this.docShard) return Promise.resolve();
    var self = this, want = {};
    ids.forEach(function (id) { if (!self.docs[id]) want[Math.floor(id / self.docShard)] = true; });
    return Promise.all(Object.keys(want).map(function (k) {
      if (!self.docShards[k]) {
        self.docShards[k] = loadShard("d" + k).then(function (data) {
          data.docs.forEach(function (d, i) { self.docs[data.first + i] = d; });
        }, function (e) { self.docShards[k] = null; throw e; });
      }
      return self.docShards[k];
    }));
  };

  // ---- ranking (docs/search.md, "Ranking") ----

  // codeLookups lists the code tokens of a code: itself, the pattern codes
  // it falls under ("-404001" under "-40400x"), and longer codes it starts.
  function codeLookups(c, pasted) {
    var out = [{ t: CODE + c, kind: "exact" }];
    var digits = c.replace(/^-/, "");
    if (/^[0-9]+$/.test(digits)) {
      for (var k = 1; k <= 3 && k < digits.length; k++) {
        out.push({ t: CODE + c.slice(0, c.length - k) + "xxx".slice(0, k), kind: "pattern" });
      }
    }
    if (!pasted && digits.length >= 2) out.push({ t: CODE + c, kind: "prefix", p: true });
    return out;
  }
  // nearCodes lists the codes one edit away from c (a digit deleted,
  // inserted, replaced, or two neighbours swapped), as search.nearCodes
  // does in Go, for a typed code of R.nearDigits digits or more.
  function nearCodes(c) {
    var sign = c.charAt(0) === "-" ? "-" : "", d = sign ? c.slice(1) : c;
    if (!/^[0-9]+$/.test(d) || d.length < R.nearDigits) return [];
    var seen = {}, out = [];
    seen[d] = true;
    function add(s) { if (!seen[s]) { seen[s] = true; out.push(sign + s); } }
    for (var i = 0; i <= d.length; i++) {
      var x;
      if (i < d.length) {
        add(d.slice(0, i) + d.slice(i + 1));
        for (x = 0; x < 10; x++) add(d.slice(0, i) + x + d.slice(i + 1));
      }
      for (x = 0; x < 10; x++) add(d.slice(0, i) + x + d.slice(i));
      if (i + 1 < d.length) add(d.slice(0, i) + d.charAt(i + 1) + d.charAt(i) + d.slice(i + 2));
    }
    return out;
  }
  function nearLookups(q) {
    var out = [];
    q.codes.forEach(function (c) { nearCodes(c).forEach(function (n) { out.push({ t: CODE + n, kind: "near" }); }); });
    return out;
  }
  function idf(n, df) { return Math.log(1 + n / Math.max(df, 1)); }

  // rank scores every doc the query reaches; it needs the term shards
  // loaded. The docs of platform last get R.last (Engine.rank in Go).
  function rank(store, q, near, last) {
    var touched = [], n = store.n;
    var text = store.text, code = store.code, matched = store.matched, exact = store.exact;
    function touch(d) {
      if (!matched[d] && !code[d] && !text[d] && !exact[d]) touched.push(d);
    }
    q.codes.forEach(function (c) {
      codeLookups(c, q.pasted).forEach(function (l) {
        if (l.kind === "prefix") {
          store.expand(l.t).forEach(function (e) {
            var extra = e.t.length - l.t.length;
            var s = R.prefix - R.prefixStep * Math.min(extra, R.prefixCap);
            e.post.d.forEach(function (d) { touch(d); if (s > code[d]) code[d] = s; });
          });
          return;
        }
        var p = store.find(l.t);
        if (!p) return;
        var s = l.kind === "exact" ? R.exact : R.pattern, e = l.kind === "exact" ? 2 : 1;
        p.d.forEach(function (d) { touch(d); if (s > code[d]) code[d] = s; if (e > exact[d]) exact[d] = e; });
      });
    });
    if (near) nearLookups(q).forEach(function (l) {
      var p = store.find(l.t);
      if (p) p.d.forEach(function (d) { touch(d); if (R.near > code[d]) code[d] = R.near; });
    });
    var T = q.terms.length;
    var best = new Map();
    q.terms.forEach(function (term) {
      best.clear();
      function add(post, w) {
        var f = idf(n, post.d.length) * w / MAX_IMPACT;
        for (var i = 0; i < post.d.length; i++) {
          var d = post.d[i], s = f * post.i[i];
          var b = best.get(d);
          if (b === undefined || s > b) best.set(d, s);
        }
      }
      var p = store.find(term.t);
      if (p) add(p, 1);
      if (term.p) store.expand(term.t).forEach(function (e) { add(e.post, R.prefixWeight); });
      best.forEach(function (s, d) { touch(d); text[d] += s; matched[d]++; });
    });
    var anyCode = false;
    touched.forEach(function (d) { if (code[d] > 0) anyCode = true; });
    var minCov = q.pasted ? R.coverPasted : T <= 2 ? R.coverShort : R.cover;
    if (last && !q.platforms.length && !q.pasted) {
      touched.forEach(function (d) { if (code[d] > 0 && store.platformOf(d) === last) code[d] += R.last; });
    }
    var hits = [];
    touched.forEach(function (d) {
      var cov = T ? matched[d] / T : 0;
      var ok = code[d] > 0 || (T > 0 && cov >= minCov && !(q.pasted && anyCode));
      if (ok) hits.push({ id: d, score: code[d] * R.codeFactor + text[d] * cov * cov, exact: exact[d], platform: store.platformOf(d) });
      text[d] = 0; code[d] = 0; matched[d] = 0; exact[d] = 0;
    });
    hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return hits;
  }

  var storePromise = null;
  var stats = {};
  // load loads the index once: over HTTP the manifest of the shards
  // (search-index/manifest.json), whose shards a query then loads as it
  // needs them; from disk, or if that fetch fails, the script
  // search-index.js (the whole index, or for a big catalog the manifest).
  function load() {
    if (storePromise) return storePromise;
    var t0 = performance.now();
    function viaScript() {
      if (window.ERRDEX_INDEX) return Promise.resolve(window.ERRDEX_INDEX);
      stats.via = "script";
      return inject(ROOT + "search-index.js").then(function () {
        if (!window.ERRDEX_INDEX) throw new Error("errdex: search-index.js defined no index");
        return window.ERRDEX_INDEX;
      });
    }
    var p;
    if (isHTTP) {
      stats.via = "fetch";
      p = fetchJSON(ROOT + "search-index/manifest.json").catch(viaScript);
    } else {
      p = viaScript();
    }
    storePromise = p.then(function (ix) {
      stats.loadMs = performance.now() - t0;
      var t1 = performance.now();
      var st = new Store(ix);
      stats.prepareMs = performance.now() - t1;
      return st;
    });
    storePromise.catch(function () { storePromise = null; });
    return storePromise;
  }

  // ---- the platform the reader last used ----

  var LAST_KEY = "errdex.platform";
  // lastPlatform is the platform of the code page the reader last opened,
  // or of the result they last picked; "" when none (or storage is off).
  function lastPlatform() {
    try {
      var p = localStorage.getItem(LAST_KEY) || "";
      return NAMES[p] ? p : "";
    } catch (e) { return ""; }
  }
  function remember(p) {
    if (!NAMES[p]) return;
    try { localStorage.setItem(LAST_KEY, p); } catch (e) { /* storage may be off */ }
  }

  // codeDocs counts the docs that have one of the codes (or a pattern code
  // over it) on the query's platforms.
  function codeDocs(store, q, lookups) {
    var seen = {}, n = 0;
    lookups.forEach(function (l) {
      var p = l.kind !== "prefix" && store.find(l.t);
      if (!p) return;
      p.d.forEach(function (d) {
        if (seen[d] || q.platforms.length && q.platforms.indexOf(store.platformOf(d)) < 0) return;
        seen[d] = true;
        n++;
      });
    });
    return n;
  }

  // search runs a query and resolves to {query, total, exact, widened,
  // near, results, first, choice} with the docs of the first limit
  // results. opts.last is the platform ranked first (search.LastUsed in
  // Go); without it, the one the reader last used.
  function search(raw, limit, from, opts) {
    var q = parse(raw);
    from = from || 0;
    limit = limit || PAGE;
    var last = opts && "last" in opts ? opts.last || "" : lastPlatform();
    return load().then(function (store) {
      var codes = [];
      q.codes.forEach(function (c) { codeLookups(c, q.pasted).forEach(function (l) { codes.push(l); }); });
      var ranked = q;
      // A pasted response names its code: when one doc has it, the words of
      // errmsg have nothing to rank, and their shards need not load.
      var ready = !q.pasted ? Promise.resolve() : store.need(codes).then(function () {
        if (codeDocs(store, q, codes) <= 1) ranked = { platforms: q.platforms, codes: q.codes, terms: [], pasted: true };
      });
      return ready.then(function () { return store.need(codes.concat(ranked.terms)); }).then(function () {
        var hits = rank(store, ranked, false, last);
        var anyExact = hits.some(function (h) { return h.exact > 0; });
        var onlyCodes = !q.pasted && q.codes.length > 0 && q.terms.every(function (t) { return /^[0-9]+$/.test(t.t); });
        if (!onlyCodes || anyExact) return hits;
        // No code is as typed: rank in the codes one edit away (4014: 40014).
        var near = nearLookups(ranked);
        return store.need(near).then(function () {
          var more = rank(store, ranked, true, last);
          if (more.length > hits.length) { more.near = true; return more; }
          return hits;
        });
      }).then(function (hits) {
        var widened = false;
        if (q.platforms.length) {
          var kept = hits.filter(function (h) { return q.platforms.indexOf(h.platform) >= 0; });
          if (kept.length || !hits.length) hits = kept; else widened = true;
        }
        // The exact hits: the code as typed, else the pattern codes that cover it.
        var exact = hits.filter(function (h) { return h.exact === 2; });
        if (!exact.length) exact = hits.filter(function (h) { return h.exact === 1; });
        var page = hits.slice(from, from + limit);
        if (exact.length === 1 && page.indexOf(exact[0]) < 0) page.push(exact[0]);
        return store.loadDocs(page.map(function (h) { return h.id; })).then(function () {
          var results = page.map(function (h) {
            var d = store.docs[h.id];
            return { id: h.id, platform: h.platform, code: d[1], zh: d[2], en: d[3], score: h.score, exact: exact.indexOf(h) >= 0, url: h.platform + "/" + d[1] + "/" };
          });
          var first = exact.length === 1 ? results[page.indexOf(exact[0])] : null;
          // A code on several platforms (not a pasted response, whose words
          // pick): Enter shows them to choose from rather than guessing.
          var choice = exact.length > 1 && !q.pasted ? results.filter(function (r) { return r.exact; }) : null;
          return { query: q, raw: raw, total: hits.length, exact: exact.length, widened: widened, near: !!hits.near, results: results.slice(0, limit), first: first, choice: choice };
        });
      });
    });
  }

  // ---- showing results ----

  function link(url) { return ROOT + url + (BUNDLE && /\/$/.test(url) ? "index.html" : ""); }
  function searchURL(q) { return link("search/") + (q ? "?q=" + encodeURIComponent(q) : ""); }

  // highlight returns text as nodes, the query's words in <mark>.
  function highlight(text, q) {
    var f = fold(text), marks = new Uint8Array(f.length);
    q.terms.forEach(function (term) {
      var t = term.t;
      for (var i = f.indexOf(t); i >= 0; i = f.indexOf(t, i + 1)) {
        var end = i + t.length;
        if (!isHan(t.charCodeAt(0))) {
          if (i > 0 && isWord(f.charCodeAt(i - 1))) continue;
          if (term.p) while (end < f.length && isWord(f.charCodeAt(end))) end++;
          else if (end < f.length && isWord(f.charCodeAt(end))) continue;
        }
        for (var k = i; k < end; k++) marks[k] = 1;
      }
    });
    var frag = document.createDocumentFragment();
    for (var a = 0; a < f.length;) {
      var b = a;
      while (b < f.length && marks[b] === marks[a]) b++;
      var piece = document.createTextNode(text.slice(a, b));
      if (marks[a]) {
        var m = document.createElement("mark");
        m.appendChild(piece);
        frag.appendChild(m);
      } else frag.appendChild(piece);
      a = b;
    }
    return frag;
  }
  function codeNode(code, q) {
    var span = document.createElement("span");
    span.className = "r-code";
    var c = fold(code), n = 0;
    q.codes.forEach(function (x) { if (c.indexOf(x) === 0) n = Math.max(n, x.length); });
    if (n) {
      var m = document.createElement("mark");
      m.textContent = code.slice(0, n);
      span.appendChild(m);
      span.appendChild(document.createTextNode(code.slice(n)));
    } else span.textContent = code;
    return span;
  }
  // resultLink builds the <a> of one result: badge, code, meaning.
  function resultLink(r, q) {
    var a = document.createElement("a");
    a.href = link(r.url);
    var badge = document.createElement("span");
    badge.className = "badge badge-" + r.platform;
    badge.textContent = names(r.platform)[0];
    badge.title = names(r.platform)[1];
    a.appendChild(badge);
    a.appendChild(codeNode(r.code, q));
    // Source texts keep their own language, whatever the interface's.
    [[r.zh, "zh-CN"], [r.en, "en"]].forEach(function (t) {
      if (!t[0]) return;
      var s = document.createElement("span");
      s.className = "r-text";
      s.lang = t[1];
      s.appendChild(highlight(t[0], q));
      a.appendChild(s);
    });
    return a;
  }
  function resultItem(r, q) {
    var li = document.createElement("li");
    li.setAttribute("data-platform", r.platform);
    li.setAttribute("data-code", r.code);
    if (r.exact) li.setAttribute("data-exact", "1");
    li.appendChild(resultLink(r, q));
    return li;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function go(url) { location.href = url; }

  // ---- the suggest listbox under a search box ----

  function Suggest(input, list) {
    this.input = input;
    this.list = list;
    this.form = input.form;
    this.active = -1;
    this.seq = 0;
    this.last = null;
    // status says what the list cannot: that results are loading, and
    // that a code is on several platforms to choose from.
    this.status = document.createElement("span");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.form.appendChild(this.status);
    var self = this;
    input.addEventListener("focus", function () { load().catch(function () {}); if (input.value.trim()) self.update(); });
    input.addEventListener("input", function () { self.update(); });
    input.addEventListener("keydown", function (e) { self.key(e); });
    this.form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !self.form.contains(e.relatedTarget)) self.close();
    });
  }
  Suggest.prototype.options = function () { return this.list.querySelectorAll("[role=option]"); };
  Suggest.prototype.update = function () {
    var self = this, raw = this.input.value, seq = ++this.seq;
    if (!raw.trim()) { this.close(); return; }
    // Results that take a moment (the index's shards loading) show so.
    var slow = setTimeout(function () { if (seq === self.seq) self.loading(); }, LOADING_DELAY);
    return search(raw, SUGGEST).then(function (res) {
      clearTimeout(slow);
      if (seq !== self.seq) return;
      self.last = res;
      self.render(res);
      return res;
    }, function () {
      clearTimeout(slow);
      if (seq !== self.seq) return;
      self.message(msg("search.failed"));
    });
  };
  // message shows one option-less line in the list, and says it.
  Suggest.prototype.message = function (text) {
    var list = this.list;
    clear(list);
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    var li = document.createElement("li");
    li.className = "suggest-status";
    li.setAttribute("role", "option");
    li.setAttribute("aria-disabled", "true");
    li.setAttribute("aria-selected", "false");
    li.id = list.id + "-status";
    li.textContent = text;
    list.appendChild(li);
    list.removeAttribute("data-q");
    list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.status.textContent = text;
  };
  Suggest.prototype.loading = function () {
    this.message(msg("search.loading"));
    this.list.setAttribute("data-loading", "1");
  };
  Suggest.prototype.render = function (res, only) {
    var list = this.list, q = res.query;
    clear(list);
    list.removeAttribute("data-loading");
    list.removeAttribute("data-choice");
    this.status.textContent = "";
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    (only || res.results).forEach(function (r, i) {
      var li = resultItem(r, q);
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.firstChild.tabIndex = -1;
      list.appendChild(li);
    });
    if (res.total > res.results.length || !res.total || only) {
      var li = document.createElement("li");
      li.id = list.id + "-all";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "suggest-all";
      var a = document.createElement("a");
      a.href = searchURL(res.raw);
      a.tabIndex = -1;
      a.textContent = res.total ? msg("search.all", { n: res.total }) : msg("search.none_page");
      li.appendChild(a);
      list.appendChild(li);
    }
    list.setAttribute("data-q", res.raw);
    list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };
  // choose shows the platforms of a code that several have, the first
  // (the one the reader last used, else the first in platform order)
  // selected, and says so: Enter then opens it, ↑ ↓ pick another.
  Suggest.prototype.choose = function (res) {
    this.seq++;
    this.last = res;
    this.render(res, res.choice);
    this.list.setAttribute("data-choice", "1");
    this.move(1);
    var c = res.choice;
    this.status.textContent = msg("search.choose", { code: c[0].code, n: c.length, platforms: c.map(function (r) { return pname(r.platform); }).join(", ") });
  };
  Suggest.prototype.close = function () {
    this.seq++;
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };
  Suggest.prototype.move = function (by) {
    var opts = this.options();
    if (!opts.length) return;
    var i = this.active + by;
    if (i < -1) i = opts.length - 1;
    if (i >= opts.length) i = -1;
    if (this.active >= 0) opts[this.active].setAttribute("aria-selected", "false");
    this.active = i;
    if (i >= 0) {
      opts[i].setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", opts[i].id);
      if (opts[i].scrollIntoView) opts[i].scrollIntoView({ block: "nearest" });
    } else this.input.removeAttribute("aria-activedescendant");
  };
  // pick remembers the platform of the chosen option.
  Suggest.prototype.pick = function () {
    var o = this.active >= 0 && this.options()[this.active];
    if (o && o.getAttribute("data-platform")) remember(o.getAttribute("data-platform"));
  };
  // chosen is the link of the option chosen with the arrow keys, or "".
  Suggest.prototype.chosen = function () {
    if (this.list.hidden || this.active < 0) return "";
    var o = this.options()[this.active];
    return o ? o.querySelector("a").href : "";
  };
  Suggest.prototype.key = function (e) {
    if (e.isComposing) return;
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp":
        e.preventDefault();
        if (this.list.hidden) { this.update(); return; }
        this.move(e.key === "ArrowDown" ? 1 : -1);
        return;
      case "Enter":
        var chosen = this.chosen();
        if (chosen) { e.preventDefault(); this.pick(); go(chosen); }
        return; // otherwise the form's submit decides
      case "Escape":
        if (!this.list.hidden) { e.preventDefault(); this.close(); } else if (this.input.value) { e.preventDefault(); this.input.value = ""; }
        return;
      case "Tab":
        this.close();
    }
  };

  // submit goes straight to the page of a single exact hit; under a box,
  // shows the platforms of a code several have to choose from; else goes
  // to the search page (or, on the search page, shows the results there).
  function submit(form, input, onPage, suggest) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var chosen = suggest && suggest.chosen();
      if (chosen) { suggest.pick(); go(chosen); return; }
      var raw = input.value;
      if (!raw.trim()) { if (!onPage) go(searchURL("")); return; }
      search(raw, PAGE).then(function (res) {
        if (input.value !== raw) return; // typed on meanwhile
        if (res.first) { remember(res.first.platform); go(link(res.first.url)); return; }
        if (suggest && res.choice) { suggest.choose(res); return; }
        if (onPage) onPage(raw, res); else go(searchURL(raw));
      }, function () { form.submit(); });
    });
  }

  // ---- the search page ----

  function SearchPage(input, results) {
    var status = document.getElementById("results-status");
    var extra = document.getElementById("results-extra");
    var more = document.getElementById("results-more");
    var seq = 0, shown = 0, current = "";
    function show(raw, res, append) {
      if (!append) { clear(results); shown = 0; }
      res.results.forEach(function (r) { results.appendChild(resultItem(r, res.query)); });
      shown += res.results.length;
      var n = res.total;
      var text = msg(n ? (n === 1 ? "search.result_one" : "search.result_many") : "search.none", { n: n, q: raw.trim() });
      if (res.widened) text += msg("search.widened", { platforms: res.query.platforms.map(function (p) { return pname(p); }).join(", ") });
      if (res.near) text += msg("search.near");
      status.textContent = text;
      if (extra) {
        clear(extra);
        extra.hidden = true;
        var plats = {};
        res.results.forEach(function (r) { if (r.exact) plats[r.platform] = r.code; });
        var keys = Object.keys(plats);
        if (!append && keys.length > 1 && res.query.codes.length === 1 && plats[keys[0]] === plats[keys[1]]) {
          var a = document.createElement("a");
          a.href = link("code/" + plats[keys[0]] + "/");
          a.textContent = msg("search.compare", { code: plats[keys[0]], n: keys.length });
          extra.appendChild(a);
          extra.hidden = false;
        }
      }
      if (more) more.hidden = shown >= n;
      results.setAttribute("data-q", raw);
    }
    function run(raw, replace) {
      var s = ++seq;
      current = raw;
      if (replace) {
        try { history.replaceState(null, "", raw ? "?q=" + encodeURIComponent(raw) : location.pathname); } catch (e) { /* file:// may refuse */ }
      }
      if (!raw.trim()) {
        clear(results);
        status.textContent = msg("search.hint");
        if (more) more.hidden = true;
        if (extra) extra.hidden = true;
        results.setAttribute("data-q", raw);
        return;
      }
      // While the index's shards load, the status says so (and, on a slow
      // connection, that it still does); a failure anywhere (loading the
      // index, or showing the results) says so: the page never stays at
      // "Searching…".
      busy(true, msg("search.searching"));
      var slow = setTimeout(function () { if (s === seq) status.textContent = msg("search.slow"); }, SLOW_DELAY);
      search(raw, PAGE).then(function (res) {
        if (s !== seq) return;
        busy(false);
        show(raw, res, false);
      }).catch(function () {
        if (s !== seq) return;
        busy(false, msg("search.failed"));
        results.setAttribute("data-q", raw);
      }).then(function () { clearTimeout(slow); });
    }
    // busy marks the results as loading (or done), with the status text.
    function busy(on, text) {
      status.classList.toggle("is-loading", on);
      if (on) results.setAttribute("aria-busy", "true"); else results.removeAttribute("aria-busy");
      if (more) more.disabled = on;
      if (text) status.textContent = text;
    }
    if (more) {
      more.addEventListener("click", function () {
        var s = seq;
        busy(true, msg("search.loading_more"));
        search(current, PAGE, shown).then(function (res) {
          if (s !== seq) return;
          busy(false);
          show(current, res, true);
        }, function () { if (s === seq) busy(false, msg("search.failed")); });
      });
    }
    input.addEventListener("input", function () { run(input.value, true); });
    // The language switch (static/lang.js) re-renders the status line in the new language.
    document.addEventListener("errdex:lang", function () { run(current, false); });
    submit(input.form, input, function (raw) { run(raw, true); });
    var q = new URLSearchParams(location.search).get("q") || "";
    if (q) { input.value = q; }
    run(q, false);
  }

  // ---- wiring ----

  // A code page records its platform; so does picking a result.
  var article = document.querySelector("article[data-platform]");
  if (article) remember(article.getAttribute("data-platform"));
  document.addEventListener("click", function (e) {
    var li = e.target.closest && e.target.closest("li[data-platform]");
    if (li && li.querySelector("a")) remember(li.getAttribute("data-platform"));
  });

  var inputs = document.querySelectorAll("form[role=search] input[type=search]");
  var hook = function () { load().catch(function () {}); };
  for (var i = 0; i < inputs.length; i++) {
    var input = inputs[i];
    var listID = input.getAttribute("aria-controls");
    var list = listID && document.getElementById(listID);
    if (input.id === "q-page" && document.getElementById("results")) {
      SearchPage(input, document.getElementById("results"));
      continue;
    }
    if (list) submit(input.form, input, null, new Suggest(input, list));
    input.addEventListener("pointerdown", hook, { once: true });
  }

  // The API for other scripts and for the tests: errdex.search("40014").
  window.errdex = { search: search, parse: parse, load: load, stats: stats, lastPlatform: lastPlatform, remember: remember };
})();
