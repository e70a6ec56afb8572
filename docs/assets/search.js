// Learning Commons search: a dialog over the Pagefind index that the build writes into pagefind/.
// A query loads only the parts of the index it needs (Material's search downloaded the whole index
// first). Results show each page's title, type, summary, excerpt and tags; the type and tag filters
// come from the index, which takes them from each page's front matter. Each page's tags and their aliases
// from docs/tags.yml are words of the index too, so `postmortem` finds the pages tagged incident-review.
const dialog = document.querySelector("[data-lc-search]");
const opener = document.querySelector("[data-lc-search-open]");

if (dialog && opener) {
  const input = dialog.querySelector("#lc-search-input");
  const status = dialog.querySelector("#lc-search-status");
  const list = dialog.querySelector("#lc-search-results");
  const selects = dialog.querySelectorAll("[data-lc-search-filter]");
  const more = dialog.querySelector("[data-lc-search-more]");
  const bundle = new URL(dialog.dataset.lcSearchBundle, document.baseURI);
  const siteRoot = bundle.pathname.replace(/pagefind\/$/, "");
  let pagefind = null;
  let latest = 0;

  async function load() {
    if (!pagefind) {
      pagefind = await import(new URL("pagefind.js", bundle).href);
      await pagefind.options({ baseUrl: siteRoot, excerptLength: 24 });
      const filters = await pagefind.filters();
      for (const select of selects) {
        const values = Object.keys(filters[select.dataset.lcSearchFilter] || {}).sort();
        for (const value of values) select.add(new Option(value, value));
      }
    }
    return pagefind;
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    load().catch(() => {
      status.textContent = "Search is not available: the search index is missing (build the site with make build).";
    });
  }

  function close() {
    dialog.close();
  }

  // Pagefind marks the matches in excerpts with <mark>; everything else is kept as text.
  function excerptNodes(excerpt) {
    const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body.firstChild;
    const fragment = document.createDocumentFragment();
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.append(mark);
      } else {
        fragment.append(document.createTextNode(node.textContent));
      }
    }
    return fragment;
  }

  function resultItem(data, terms) {
    const item = document.createElement("li");
    item.className = "lc-search__result";
    const link = document.createElement("a");
    const url = new URL(data.url, location.href);
    if (terms) url.searchParams.set("highlight", terms);
    link.href = url.href;
    link.className = "lc-search__link";
    const title = document.createElement("span");
    title.className = "lc-search__title";
    title.textContent = data.meta.title || data.url;
    link.append(title);
    const type = (data.filters.type || [])[0];
    if (type) {
      const badge = document.createElement("span");
      badge.className = "lc-search__type";
      badge.textContent = type;
      link.append(" ", badge);
    }
    item.append(link);
    if (data.meta.summary) {
      const summary = document.createElement("p");
      summary.className = "lc-search__summary";
      summary.textContent = data.meta.summary;
      item.append(summary);
    }
    const excerpt = document.createElement("p");
    excerpt.className = "lc-search__excerpt";
    excerpt.append(excerptNodes(data.excerpt));
    item.append(excerpt);
    const tags = data.filters.tag || [];
    if (tags.length) {
      const tagList = document.createElement("p");
      tagList.className = "lc-search__tags";
      tagList.textContent = "Tags: " + tags.join(", ");
      item.append(tagList);
    }
    return item;
  }

  const PAGE_SIZE = 10;
  let found = [];
  let shownCount = 0;
  let lastQuery = "";

  async function search() {
    const query = input.value.trim();
    const filters = {};
    for (const select of selects) {
      if (select.value) filters[select.dataset.lcSearchFilter] = select.value;
    }
    const ticket = ++latest;
    if (!query) {
      // A search without words would load the whole index (every chunk), whatever the filters.
      list.replaceChildren();
      more.hidden = true;
      status.textContent = Object.keys(filters).length ? "Type a word to search within these filters." : "";
      return;
    }
    const engine = await load();
    // Waits until typing pauses: each keystroke would otherwise load the index chunks of its prefix.
    const answer = await engine.debouncedSearch(query, { filters }, 150);
    if (answer === null || ticket !== latest) return; // a newer query has answered or will
    found = answer.results;
    shownCount = 0;
    lastQuery = query;
    list.replaceChildren();
    await showMore(ticket);
  }

  // The next results (their excerpts are loaded only now, a few KB each).
  async function showMore(ticket = latest) {
    const next = await Promise.all(found.slice(shownCount, shownCount + PAGE_SIZE).map((result) => result.data()));
    if (ticket !== latest) return;
    list.append(...next.map((data) => resultItem(data, lastQuery)));
    shownCount += next.length;
    more.hidden = shownCount >= found.length;
    const count = found.length;
    const what = `for “${lastQuery}”`;
    status.textContent = count === 0 ? `No pages found ${what}.` :
      `${count} ${count === 1 ? "page" : "pages"} found ${what}` + (count > shownCount ? `, the first ${shownCount} shown.` : ".");
  }

  function links() {
    return Array.from(list.querySelectorAll(".lc-search__link"));
  }

  opener.hidden = false;
  opener.addEventListener("click", open);
  dialog.querySelector("[data-lc-search-close]").addEventListener("click", close);
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) close(); // a click on the backdrop
  });
  input.addEventListener("input", () => search());
  more.addEventListener("click", () => {
    const first = links().length;
    showMore().then(() => links()[first]?.focus());
  });
  for (const select of selects) select.addEventListener("change", () => search());

  // Arrow keys move between the input and the results; Enter follows the focused result.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const all = links();
    if (!all.length) return;
    const at = all.indexOf(document.activeElement);
    let next;
    if (event.key === "ArrowDown") next = at < 0 ? 0 : Math.min(at + 1, all.length - 1);
    else next = at <= 0 ? -1 : at - 1;
    event.preventDefault();
    (next < 0 ? input : all[next]).focus();
  });

  // "/" or Ctrl+K (Cmd+K on a Mac) opens search from anywhere but a text field.
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    const slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
    const commandK = event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey);
    if ((slash || commandK) && !dialog.open) {
      event.preventDefault();
      open();
    }
  });
}

// A page opened from a search result marks the words that were searched for.
const highlight = new URLSearchParams(location.search).get("highlight");
if (highlight && dialog) {
  const bundle = new URL(dialog.dataset.lcSearchBundle, document.baseURI);
  import(new URL("pagefind-highlight.js", bundle).href)
    // Its own styles would be an inline <style>, which the Content-Security-Policy refuses: commons.css has them.
    .then(() => new window.PagefindHighlight({ highlightParam: "highlight", addStyles: false }))
    .catch(() => {});
}
