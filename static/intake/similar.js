// "Possibly the same claim" on the admin's claim form: as the fact-checker types the
// claim's text, ask the similarity endpoint and list what it finds under the field.
// The form works the same without this script; the page lists matches and warns on save.
(function () {
  "use strict";
  var WAIT_MS = 600;
  var MIN_LENGTH = 20;

  function start() {
    var field = document.getElementById("id_text");
    if (!field) return;
    var endpoint = "/api/v1/claims/similar/";
    var match = window.location.pathname.match(/\/claims\/claim\/(\d+)\/change\//);
    var panel = document.createElement("div");
    panel.className = "possibly-same-live help";
    panel.setAttribute("aria-live", "polite");
    field.parentNode.appendChild(panel);
    var timer = null;
    var asked = "";

    function show(results) {
      panel.textContent = "";
      if (!results.length) return;
      var heading = document.createElement("strong");
      heading.textContent = "Possibly the same claim:";
      panel.appendChild(heading);
      var list = document.createElement("ul");
      results.forEach(function (item) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = item.kind === "claim" ? "/admin/claims/claim/" + item.id + "/change/" : item.url;
        link.textContent = item.text.length > 160 ? item.text.slice(0, 159) + "…" : item.text;
        li.appendChild(link);
        var who = item.kind === "claim" ? "our claim" : (item.publisher || "another fact-checker");
        var rating = item.rating_label ? ", " + item.rating_label : "";
        li.appendChild(document.createTextNode(" (" + who + ", similarity " + item.score.toFixed(2) + rating + ")"));
        list.appendChild(li);
      });
      panel.appendChild(list);
    }

    function ask() {
      var text = field.value.trim();
      if (text.length < MIN_LENGTH || text === asked) return;
      asked = text;
      var url = endpoint + "?limit=5&text=" + encodeURIComponent(text.slice(0, 2000));
      if (match) url += "&exclude=" + match[1];
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (field.value.trim() === text) show(data.results || []); })
        .catch(function () { /* the page still lists matches and warns on save */ });
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
