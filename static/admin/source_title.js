// A new source's form: when a URL is pasted and its page was archived before, offer the
// archived page's title (only into an empty title field). The form works without it.
"use strict";
{
  const url = document.getElementById("id_url");
  const title = document.getElementById("id_title");
  const form = url && title && url.closest("form");
  if (form && !document.querySelector("input[name=_saveasnew]") && !title.value) {
    const lookup = new URL("../title/", window.location.href);
    url.addEventListener("change", async () => {
      if (title.value || !url.value) return;
      lookup.searchParams.set("url", url.value.trim());
      const response = await fetch(lookup, { credentials: "same-origin" });
      if (!response.ok) return;
      const found = (await response.json()).title;
      if (found && !title.value) title.value = found;
    });
  }
}
