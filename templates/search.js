// proofbook's search: runs in the page, over the index proofbook wrote beside
// it (search-index.js, window.proofbookSearch). Nothing is fetched or sent.
// Words are cut exactly as src/render/search.rs cuts them: a run of letters
// or digits is a word; Hangul (and other CJK) is cut into bigrams, so Korean
// is found whatever particle follows, with no dictionary.
(function () {
  "use strict";
  var index = window.proofbookSearch;
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!index || !input || !status || !list) return;
  var LIMIT = 60;
  var WEIGHT = { claim: 3, lesson: 2, step: 1, prose: 1 };
  var alnum = /[\p{Alphabetic}\p{N}]/u;
  var keys = Object.keys(index.terms);

  function isNgram(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) ||
      (c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
  }

  // [term, kind] pairs: kind is "word", "ngram" or "char" (a lone syllable).
  function terms(text) {
    var chars = Array.from(text.toLowerCase());
    var out = [];
    var seen = {};
    function push(t, kind) { if (!seen[t]) { seen[t] = 1; out.push([t, kind]); } }
    var i = 0;
    while (i < chars.length) {
      var ngram = isNgram(chars[i]);
      if (!ngram && !alnum.test(chars[i])) { i++; continue; }
      var start = i;
      while (i < chars.length && isNgram(chars[i]) === ngram && (ngram || alnum.test(chars[i]))) i++;
      var run = chars.slice(start, i);
      if (!ngram) push(run.join(""), "word");
      else if (run.length === 1) push(run[0], "char");
      else for (var j = 0; j + 1 < run.length; j++) push(run[j] + run[j + 1], "ngram");
    }
    return out;
  }

  // Documents holding a term: exactly, or (the word being typed, a lone
  // syllable) any indexed term it begins or is part of.
  function postings(term, kind, last) {
    if (kind === "ngram" || (kind === "word" && !last)) return index.terms[term] || [];
    var found = {};
    keys.forEach(function (k) {
      var hit = kind === "char" ? k.indexOf(term) >= 0 : k.lastIndexOf(term, 0) === 0;
      if (hit) index.terms[k].forEach(function (d) { found[d] = 1; });
    });
    return Object.keys(found).map(Number);
  }

  function search(q) {
    var ts = terms(q);
    if (!ts.length) return null;
    var score = null;
    ts.forEach(function (t, n) {
      var docs = postings(t[0], t[1], n === ts.length - 1);
      var next = {};
      docs.forEach(function (d) {
        if (score === null || score[d] !== undefined) next[d] = (score ? score[d] : 0) + (index.terms[t[0]] ? 2 : 1);
      });
      score = next;
    });
    return Object.keys(score).map(Number).sort(function (a, b) {
      var sa = score[a] + WEIGHT[index.docs[a][2]], sb = score[b] + WEIGHT[index.docs[b][2]];
      return sb - sa || a - b;
    });
  }

  // The snippet as text nodes, each place a query word occurs in <mark>.
  function highlight(el, text, q) {
    var words = q.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    var lower = text.toLowerCase();
    var at = 0;
    while (at < text.length) {
      var best = -1, len = 0;
      words.forEach(function (w) {
        var i = lower.indexOf(w, at);
        if (i >= 0 && (best < 0 || i < best)) { best = i; len = w.length; }
      });
      if (best < 0) break;
      el.appendChild(document.createTextNode(text.slice(at, best)));
      var m = document.createElement("mark");
      m.textContent = text.slice(best, best + len);
      el.appendChild(m);
      at = best + len;
    }
    el.appendChild(document.createTextNode(text.slice(at)));
  }

  // A document as the index holds it: [lesson, anchor, kind, section, text, verdict?].
  function doc(n) {
    var row = index.docs[n];
    var lesson = index.lessons[row[0]];
    return { href: lesson[0] + (row[1] ? "#" + row[1] : ""), lesson: lesson[1], kind: row[2],
      section: index.sections[row[3]], text: row[4], verdict: row[5] };
  }

  function item(d, q) {
    var li = document.createElement("li");
    li.className = "result r-" + d.kind;
    var a = document.createElement("a");
    a.href = d.href;
    var kind = document.createElement("span");
    kind.className = "label";
    kind.textContent = index.labels[d.kind] || d.kind;
    a.appendChild(kind);
    a.appendChild(document.createTextNode(d.lesson + (d.section ? " › " + d.section : "")));
    li.appendChild(a);
    if (d.verdict) {
      var v = document.createElement("span");
      v.className = "verdict v-" + d.verdict;
      v.textContent = index.labels[d.verdict] || d.verdict;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(v);
    }
    var p = document.createElement("p");
    p.className = "snippet";
    highlight(p, d.text, q);
    li.appendChild(p);
    return li;
  }

  function show(q) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var found = search(q);
    if (found === null) { status.textContent = ""; return; }
    status.textContent = found.length ? index.labels.count.replace("{n}", String(found.length)) : index.labels.none;
    found.slice(0, LIMIT).forEach(function (d) { list.appendChild(item(doc(d), q)); });
  }

  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  show(q);
  input.addEventListener("input", function () {
    show(input.value);
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    try { window.history.replaceState(null, "", url.toString()); } catch (e) { /* file:// may refuse */ }
  });
})();
