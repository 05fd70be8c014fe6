// Puente's search: progressive enhancement. Without this script the search form stays hidden and
// every page reads as it is. On first use it fetches the language's search.json (how its index is
// split), then only the shards of the query's words (search/w<n>.json) and the chunks of the
// results shown (search/d<n>.json). Words fold accents and case as the build does; every word must
// match, the last one as a prefix while it is being typed. Title matches come first, then the most
// occurrences, then the index's order (newest first). Each result shows its text around the first
// match, marked. Every search form on the page works on its own (the 404 page has one per language).
(function () {
  "use strict";
  if (!window.fetch || !window.Map || !String.prototype.normalize) return;
  var SHOWN = 20;
  var forms = document.querySelectorAll("form.site-search");
  for (var i = 0; i < forms.length; i++) setUp(forms[i]);

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A folded word's shard: its first two characters' number modulo the shards (src/routes/mod.rs).
  function shardOf(word, shards) {
    var number = function (c) {
      if (c >= "0" && c <= "9") return c.charCodeAt(0) - 48;
      return c >= "a" && c <= "z" ? c.charCodeAt(0) - 87 : 36;
    };
    return (number(word.charAt(0)) * 37 + number(word.charAt(1))) % shards;
  }

  // The documents of `word` in `shard`: number -> [occurrences, in the title]. A shard lists
  // [document, weight, ...], each document after the first as a difference, the weight twice the
  // occurrences plus one for the title.
  function postings(shard, word, prefix) {
    var found = new Map();
    var terms = Object.keys(shard).filter(function (t) {
      return prefix ? t.lastIndexOf(word, 0) === 0 : t === word;
    });
    terms.forEach(function (term) {
      var list = shard[term];
      for (var i = 0, doc = 0; i < list.length; i += 2) {
        doc += list[i];
        var had = found.get(doc) || [0, false];
        found.set(doc, [had[0] + (list[i + 1] >> 1), had[1] || (list[i + 1] & 1) === 1]);
      }
    });
    return found;
  }

  // The documents holding every word, best first.
  function rank(shards, words, open) {
    var hits = null;
    words.forEach(function (word, n) {
      var found = postings(shards[n], word, open && n === words.length - 1 && word.length > 1);
      if (!hits) { hits = found; return; }
      var both = new Map();
      hits.forEach(function (v, doc) {
        var w = found.get(doc);
        if (w) both.set(doc, [v[0] + w[0], v[1] && w[1]]);
      });
      hits = both;
    });
    var results = [];
    hits.forEach(function (v, doc) { results.push({ doc: doc, count: v[0], title: v[1] ? 1 : 0 }); });
    return results.sort(function (a, b) {
      return b.title - a.title || b.count - a.count || a.doc - b.doc;
    });
  }

  // A paragraph of `text` around the first match of any word, the whole matched word in <mark>.
  function snippet(text, words, open) {
    var folded = fold(text);
    var at = null;
    if (folded.length !== text.length) {
      folded = "";
      at = [];
      for (var i = 0; i < text.length; i++) {
        var f = fold(text.charAt(i));
        folded += f;
        for (var j = 0; j < f.length; j++) at.push(i);
      }
      at.push(text.length);
    }
    var from = -1;
    var to = -1;
    words.forEach(function (word, n) {
      var end = open && n === words.length - 1 ? "" : "(?![a-z0-9])";
      var match = new RegExp("(^|[^a-z0-9])" + word + end).exec(folded);
      var start = match ? match.index + match[1].length : -1;
      if (start >= 0 && (from < 0 || start < from)) from = start;
    });
    var p = document.createElement("p");
    if (from < 0) {
      p.textContent = text.length > 160 ? text.slice(0, text.lastIndexOf(" ", 160)) + "…" : text;
      return p;
    }
    to = from;
    while (to < folded.length && /[a-z0-9]/.test(folded.charAt(to))) to++;
    if (at) { from = at[from]; to = at[to]; }
    var start = Math.max(0, from - 60);
    var stop = Math.min(text.length, to + 100);
    if (start > 0) start = Math.min(from, text.indexOf(" ", start) + 1);
    if (stop < text.length && text.lastIndexOf(" ", stop) > to) stop = text.lastIndexOf(" ", stop);
    var mark = document.createElement("mark");
    mark.textContent = text.slice(from, to);
    p.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, from)));
    p.appendChild(mark);
    p.appendChild(document.createTextNode(text.slice(to, stop) + (stop < text.length ? "…" : "")));
    return p;
  }

  function setUp(form) {
    var input = form.querySelector("input");
    var status = form.querySelector(".search-status");
    var list = form.querySelector(".search-results");
    var index = form.getAttribute("data-index");
    var folder = index.replace(/[^/]*$/, "") + "search/";
    var files = {};

    // A file of the index, fetched once (again after a failure).
    function get(url) {
      if (!files[url]) {
        files[url] = fetch(url).then(function (r) {
          if (!r.ok) throw new Error(url);
          return r.json();
        }).catch(function (e) { delete files[url]; throw e; });
      }
      return files[url];
    }

    function message(count) {
      var key = count === 0 ? "data-none" : count === 1 ? "data-one" : "data-many";
      return form.getAttribute(key).replace("{count}", String(count));
    }

    function search(query) {
      var words = fold(query).split(/[^a-z0-9]+/).filter(Boolean);
      var open = !/\s$/.test(query);
      if (!words.length) return Promise.resolve(null);
      return get(index).then(function (split) {
        return Promise.all(words.map(function (w) {
          return get(folder + "w" + shardOf(w, split.shards) + ".json");
        })).then(function (shards) {
          var results = rank(shards, words, open);
          var shown = results.slice(0, SHOWN);
          return Promise.all(shown.map(function (r) {
            return get(folder + "d" + Math.floor(r.doc / split.chunk) + ".json");
          })).then(function (chunks) {
            return {
              count: results.length,
              items: shown.map(function (r, n) {
                var d = chunks[n][r.doc % split.chunk];
                var li = document.createElement("li");
                var a = document.createElement("a");
                a.href = d.u;
                a.textContent = d.t;
                var kind = document.createElement("span");
                kind.className = "search-kind";
                kind.textContent = d.k;
                li.appendChild(a);
                li.appendChild(kind);
                li.appendChild(snippet(d.x, words, open));
                return li;
              }),
            };
          });
        });
      });
    }

    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", function () {
      var query = input.value;
      search(query).then(function (found) {
        if (input.value !== query) return;
        list.textContent = "";
        status.textContent = found ? message(found.count) : "";
        if (found) found.items.forEach(function (li) { list.appendChild(li); });
      }, function () { /* offline: the next keystroke tries again */ });
    });
  }
})();
