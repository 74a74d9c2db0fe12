// The manager's live floor: it follows the floor's event stream and puts
// each new rendering in place; when the session ends, the page reloads
// (to the login page). Without scripts the page reloads itself.
"use strict";
(function () {
  var url = document.body.dataset.events;
  if (!url || !window.EventSource) {
    return;
  }
  var floor = document.getElementById("floor");
  var es = new EventSource(url);
  es.addEventListener("floor", function (e) {
    floor.innerHTML = JSON.parse(e.data).html;
    document.body.dataset.live = "on";
  });
  es.addEventListener("gone", function () {
    es.close();
    location.reload();
  });
  es.onerror = function () {
    document.body.dataset.live = "off";
    if (es.readyState === EventSource.CLOSED) {
      setTimeout(function () { location.reload(); }, 5000);
    }
  };
})();
