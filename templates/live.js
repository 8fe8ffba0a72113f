// Written into every page `proofbook serve` sends (never into the book on
// disk): listens to the server's events, reloads the page when a new book is
// written, and shows what serve is doing (a lesson running, check's errors)
// above the last good page, in the page's language.
(function () {
  "use strict";
  var me = document.currentScript;
  var generation = Number(me && me.getAttribute("data-generation"));
  var lang = document.documentElement.lang === "ko" ? "ko" : "en";
  var title = document.title;
  var box = null;

  function show(status) {
    if (status.kind === "idle") {
      if (box) { box.parentNode.removeChild(box); box = null; }
      document.title = title;
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "proofbook-serve";
      box.setAttribute("role", "status");
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.className = "serve-status serve-" + status.kind;
    // proofbook's own markup; every value in it was escaped by the server.
    box.innerHTML = status.html[lang];
    document.title = (status.kind === "errors" ? "✗ " : "… ") + title;
  }

  var events = new EventSource("/_proofbook/events");
  events.onmessage = function (e) {
    var s = JSON.parse(e.data);
    if (s.generation !== generation) {
      events.close();
      window.location.reload();
      return;
    }
    show(s.status);
  };
})();
