// Suggests staff usernames and roles while an @mention is typed in a desk comment box.
// Without this script, typing the username does the same.
(function () {
  "use strict";
  const panel = document.querySelector("[data-mentionable]");
  if (!panel) return;
  const address = panel.dataset.mentionable;

  function typedMention(box) {
    const before = box.value.slice(0, box.selectionStart);
    const match = before.match(/(^|[\s(])@([\w.+-]*)$/);
    return match ? { prefix: match[2], start: before.length - match[2].length } : null;
  }

  function attach(box) {
    const list = document.createElement("ul");
    list.className = "desk-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.insertAdjacentElement("afterend", list);
    let pending = null;

    function choose(value) {
      const mention = typedMention(box);
      if (!mention) return;
      const end = box.selectionStart;
      box.value = box.value.slice(0, mention.start) + value + " " + box.value.slice(end);
      const caret = mention.start + value.length + 1;
      box.setSelectionRange(caret, caret);
      list.hidden = true;
      box.focus();
    }

    box.addEventListener("input", function () {
      const mention = typedMention(box);
      if (!mention) { list.hidden = true; return; }
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(address + "?q=" + encodeURIComponent(mention.prefix), {
        credentials: "same-origin", signal: pending.signal,
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          list.replaceChildren();
          data.results.forEach(function (option, index) {
            const item = document.createElement("li");
            item.setAttribute("role", "option");
            item.dataset.value = option.value;
            item.textContent = option.label;
            item.setAttribute("aria-selected", index === 0 ? "true" : "false");
            item.addEventListener("mousedown", function (event) {
              event.preventDefault();
              choose(option.value);
            });
            list.appendChild(item);
          });
          list.hidden = data.results.length === 0;
        })
        .catch(function () {});
    });

    box.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      const options = Array.from(list.children);
      const current = options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const next = (current + (event.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
        options.forEach(function (o, i) { o.setAttribute("aria-selected", i === next ? "true" : "false"); });
      } else if ((event.key === "Enter" || event.key === "Tab") && current >= 0) {
        event.preventDefault();
        choose(options[current].dataset.value);
      } else if (event.key === "Escape") {
        list.hidden = true;
      }
    });
  }

  document.querySelectorAll("textarea.desk-mention, .desk-panel textarea").forEach(attach);
})();
