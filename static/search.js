// Puente's search: progressive enhancement. Without this script the search form stays hidden and
// every page reads as it is. The index is fetched on first use; matching ignores accents and case.
// Every search form on the page works on its own (the 404 page has one per language).
(function () {
  "use strict";
  if (!window.fetch) return;
  var forms = document.querySelectorAll("form.site-search");
  for (var i = 0; i < forms.length; i++) setUp(forms[i]);

  function setUp(form) {
    var input = form.querySelector("input");
    var status = form.querySelector(".search-status");
    var list = form.querySelector(".search-results");
    var index = null;
    var loading = null;

    function fold(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }

    function load() {
      if (!loading) {
        loading = fetch(form.getAttribute("data-index"))
          .then(function (r) { return r.json(); })
          .then(function (docs) { index = docs; });
      }
      return loading;
    }

    function message(count) {
      var key = count === 0 ? "data-none" : count === 1 ? "data-one" : "data-many";
      return form.getAttribute(key).replace("{count}", String(count));
    }

    function show(query) {
      var words = fold(query).split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) { status.textContent = ""; return; }
      var hits = index.filter(function (d) {
        return words.every(function (w) { return d.x.indexOf(w) !== -1; });
      });
      // Documents whose title holds every word come first; the order is otherwise the index's.
      var titled = function (d) {
        var title = fold(d.t);
        return words.every(function (w) { return title.indexOf(w) !== -1; }) ? 1 : 0;
      };
      hits.sort(function (a, b) { return titled(b) - titled(a); });
      status.textContent = message(hits.length);
      hits.slice(0, 20).forEach(function (d) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = d.u;
        a.textContent = d.t;
        var kind = document.createElement("span");
        kind.className = "search-kind";
        kind.textContent = d.k;
        var excerpt = document.createElement("p");
        excerpt.textContent = d.s;
        li.appendChild(a);
        li.appendChild(kind);
        li.appendChild(excerpt);
        list.appendChild(li);
      });
    }

    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", function () {
      var query = input.value;
      load().then(function () { if (input.value === query) show(query); });
    });
  }
})();
