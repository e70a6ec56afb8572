// Learning Commons: the review banner, and names for task-list checkboxes.
// The build embeds each page's review due date; the browser compares it with today, so a published page
// shows the banner on the day it falls due without a rebuild.
// Loaded in <head> (overrides/main.html), not at the end of <body>: the banner is drawn as soon as the
// parser has created the page header, before the first paint, so the text below it never jumps down
// (Lighthouse measured a layout shift of 0.086 on phones when the banner came after the page had painted).
(function () {
  function showReviewBanner() {
    var header = document.querySelector(".lc-header[data-review-due]");
    if (!header || document.querySelector(".lc-review-banner")) return;
    var due = header.getAttribute("data-review-due");
    var today = new Date();
    var iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
      String(today.getDate()).padStart(2, "0");
    if (!due || iso <= due) return;
    var owner = header.getAttribute("data-review-owner");
    var banner = document.createElement("div");
    banner.className = "admonition warning lc-review-banner";
    banner.setAttribute("role", "status");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = "This page is due for review";
    var text = document.createElement("p");
    // The build writes the due date in words, with the same function as every other date on the site.
    // Plain words for readers; what owners do about it is in the contributing guide and the reminder issue.
    var dueText = header.getAttribute("data-review-due-text") || due;
    text.textContent = (owner ? "Its owner, " + owner + ", planned to read it again in "
      : "It was due to be read again in ") + dueText + ". Parts of it may be out of date: " +
      (owner ? "check anything important with them" : "check anything important before you rely on it") +
      ", or suggest a change with the edit button.";
    banner.appendChild(title);
    banner.appendChild(text);
    header.insertAdjacentElement("afterend", banner);
  }
  // Task lists (pymdownx.tasklist) put each checkbox in an empty <label>: name it after its item's text,
  // so a screen reader says "Book a room, checkbox, checked" rather than just "checkbox".
  function labelTaskCheckboxes() {
    var boxes = document.querySelectorAll(".task-list-item > .task-list-control > input[type=checkbox]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.hasAttribute("aria-label")) return;
      var text = "";
      Array.prototype.forEach.call(box.closest(".task-list-item").childNodes, function (node) {
        if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
        else if (node.nodeType === Node.ELEMENT_NODE && !node.matches("ul, ol, .task-list-control")) {
          text += node.textContent;
        }
      });
      text = text.replace(/\s+/g, " ").trim();
      if (text) box.setAttribute("aria-label", text);
    });
  }
  // The 404 page (overrides/404.html) names the address that was asked for, as text, and its search
  // button opens the header's search dialog (assets/search.js).
  function showMissingPath() {
    var path = document.querySelector(".lc-404-path");
    if (path) path.textContent = decodeURI(window.location.pathname);
    var button = document.querySelector(".lc-404-search:not([data-lc-bound])");
    var opener = document.querySelector("[data-lc-search-open]");
    if (button && opener) {
      button.setAttribute("data-lc-bound", "");
      button.addEventListener("click", function () { opener.click(); });
    }
  }
  function enhance() {
    showMissingPath();
    showReviewBanner();
    labelTaskCheckboxes();
  }
  function whenParsed() {
    // Material's document$ also fires after its instant navigation (when enabled); else once is enough.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(enhance);
    } else {
      enhance();
    }
  }
  if (document.readyState === "loading") {
    if (window.MutationObserver) {
      var watching = new MutationObserver(function () {
        if (document.querySelector(".lc-header")) {
          watching.disconnect();
          showReviewBanner();
        }
      });
      watching.observe(document.documentElement, { childList: true, subtree: true });
      document.addEventListener("DOMContentLoaded", function () { watching.disconnect(); });
    }
    document.addEventListener("DOMContentLoaded", whenParsed);
  } else {
    whenParsed();
  }
})();
