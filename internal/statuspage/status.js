// The status page, live: it follows its ticket's event stream, rings and
// vibrates once when the ticket is called, and goes quiet once it is over,
// showing the question on the visit when the visitor may answer it.
"use strict";
(function () {
  var body = document.body;
  var url = body.dataset.events;
  if (!url || !window.EventSource) {
    return; // the page reloads itself (noscript), or is over
  }
  var state = body.className;
  var chime = document.getElementById("chime");
  var sound = document.getElementById("sound");
  var unlocked = false;

  // Phones play sound only after a tap: the button gets that tap.
  sound.hidden = false;
  sound.addEventListener("click", function () {
    chime.muted = true;
    chime.play().then(function () {
      chime.pause();
      chime.currentTime = 0;
      chime.muted = false;
      unlocked = true;
      sound.hidden = true;
    }).catch(function () {});
  });

  function show(id, text) {
    var el = document.getElementById(id);
    el.textContent = text;
    el.hidden = !text;
  }

  function ring() {
    if (unlocked) {
      chime.currentTime = 0;
      chime.play().catch(function () {});
    }
    var ua = navigator.userActivation;
    if (navigator.vibrate && ua && ua.hasBeenActive) {
      navigator.vibrate([400, 150, 400, 150, 800]);
    }
  }

  var es = new EventSource(url);
  es.addEventListener("ticket", function (e) {
    var v = JSON.parse(e.data);
    show("status", v.status);
    show("ahead", v.ahead);
    show("wait", v.wait);
    body.className = v.state;
    if (v.state === "called" && state !== "called") {
      ring();
    }
    state = v.state;
    var form = document.getElementById("nps");
    if (form) {
      form.hidden = !v.rate;
      document.getElementById("thanks").hidden = !v.rated;
    }
    if (v.state === "over") {
      es.close();
      document.getElementById("live").hidden = true;
      sound.hidden = true;
    }
  });
  es.addEventListener("gone", function () {
    es.close();
    window.location.reload();
  });
})();
