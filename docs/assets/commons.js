// Learning Commons: the review banner. The build embeds each page's review due date; the browser compares
// it with today, so a published page shows the banner on the day it falls due without a rebuild.
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
    text.textContent = "It should have been reviewed by " + due + (owner ? " (owner: " + owner + ")" : "") +
      ". Parts of it may be out of date: check with the owner, or review it yourself and update 'reviewed'.";
    banner.appendChild(title);
    banner.appendChild(text);
    header.insertAdjacentElement("afterend", banner);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(showReviewBanner);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showReviewBanner);
  } else {
    showReviewBanner();
  }
})();
