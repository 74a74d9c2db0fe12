package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"fyne.io/fyne/v2/lang"

	"accueil/assets"
	"accueil/hardware/announce"
	"accueil/internal/board"
	"accueil/internal/queue"
	"accueil/internal/webpage"
)

// The calling display as a web page: GET /display is the page, which
// follows GET /display/events, a Server-Sent Events stream of boards.
const (
	displayPoll    = 300 * time.Millisecond // how often the stream looks at the hub
	displayRebuild = 10 * time.Second       // rebuild without a new event: waits move with time
	displayRetry   = 2000                   // ms before the browser reconnects
)

func (w *web) displayRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /display", w.displayPage)
	mux.HandleFunc("GET /display/events", w.displayEvents)
	mux.HandleFunc("GET /display/chime.wav", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "audio/wav")
		rw.Header().Set("Cache-Control", "max-age=86400")
		http.ServeContent(rw, r, "chime.wav", time.Time{}, bytes.NewReader(assets.Chime()))
	})
}

// boardEvent is a board as the page receives it: the labels are made on
// the hub, in its language, so the page needs no translations of its own.
type boardEvent struct {
	Seq      int64         `json:"seq"`
	Store    string        `json:"store"`
	Calls    []eventCall   `json:"calls"`
	Waiting  []eventLine   `json:"waiting"`
	Announce []eventCall   `json:"announce"` // calls to chime for, oldest first
	Notices  []eventNotice `json:"notices"`  // the outages open
}

type eventNotice struct {
	Heading string `json:"heading"` // "Panne en cours : Réseau mobile · Lyon 3e"
	Message string `json:"message"`
}

type eventCall struct {
	Number  string `json:"number"`
	Counter string `json:"counter"` // "Guichet 3"
	Recall  bool   `json:"recall"`
	Speech  string `json:"speech,omitempty"` // what a voice would say
}

type eventLine struct {
	Name    string   `json:"name"`
	Numbers []string `json:"numbers"`
	Count   string   `json:"count"` // "3 personnes"
	Wait    string   `json:"wait"`  // "Attente ≈ 12 min", or "" when not known
}

func newBoardEvent(b board.Board, announced []board.Call) boardEvent {
	e := boardEvent{Seq: b.Seq, Store: b.Store, Calls: []eventCall{}, Waiting: []eventLine{}, Announce: []eventCall{}, Notices: []eventNotice{}}
	for _, n := range b.Notices {
		e.Notices = append(e.Notices, eventNotice{Heading: n.Heading(), Message: n.Message})
	}
	for _, c := range b.Calls {
		e.Calls = append(e.Calls, eventCall{Number: c.Number, Counter: c.CounterLabel(), Recall: c.Recall})
	}
	for _, c := range announced {
		e.Announce = append(e.Announce, eventCall{Number: c.Number, Counter: c.CounterLabel(), Recall: c.Recall,
			Speech: announce.Text(c.Number, c.Counter, c.Recall)})
	}
	for _, l := range b.Waiting {
		e.Waiting = append(e.Waiting, eventLine{Name: l.Name, Numbers: l.Numbers, Count: l.CountLabel(), Wait: l.WaitLabel()})
	}
	return e
}

// displayEvents streams the board: one "board" event at once, then one
// each time it changes. It looks at the hub every displayPoll and builds
// the board when the log moved on (or every displayRebuild); the stream
// ends with the request (client gone, or the hub shutting down).
func (w *web) displayEvents(rw http.ResponseWriter, r *http.Request) {
	flusher, ok := webpage.OpenStream(rw, displayRetry)
	if !ok {
		return
	}

	code := lang.L("display.lang")
	var (
		prev      board.Board
		sent      []byte
		first     = true
		seq       = int64(-1)
		built     time.Time
		lastWrite = time.Now()
	)
	tick := time.NewTicker(displayPoll)
	defer tick.Stop()
	for {
		now := w.now()
		var next *board.Board
		err := w.read(r, func(st *queue.State) {
			if st.Seq != seq || now.Sub(built) >= displayRebuild {
				b := board.FromState(st, code, now)
				next, seq, built = &b, st.Seq, now
			}
		})
		if err == nil && next != nil {
			var announced []board.Call
			if !first { // a page opening does not chime for calls made before
				announced = board.Diff(prev, *next)
			}
			prev = *next
			payload, _ := json.Marshal(newBoardEvent(*next, announced))
			if first || len(announced) > 0 || !bytes.Equal(payload, sent) {
				if _, err := fmt.Fprintf(rw, "event: board\nid: %s\ndata: %s\n\n", strconv.FormatInt(next.Seq, 10), payload); err != nil {
					return
				}
				flusher.Flush()
				sent, first, lastWrite = payload, false, time.Now()
			}
		}
		if !keepAlive(rw, flusher, &lastWrite) {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}

// displayPage is the board's page, with the board of now in it so it
// shows at once; the event stream keeps it up to date.
func (w *web) displayPage(rw http.ResponseWriter, r *http.Request) {
	code, now := lang.L("display.lang"), w.now()
	var b board.Board
	if err := w.read(r, func(st *queue.State) { b = board.FromState(st, code, now) }); err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	page := struct {
		Lang, Title, Waiting, NoCalls, Recall, Offline, Sound string
		Board                                                 boardEvent
	}{code, lang.L("display.title"), lang.L("display.waiting.title"), lang.L("display.no_calls"), lang.L("display.recall"),
		lang.L("display.offline"), lang.L("display.sound"), newBoardEvent(b, nil)}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	displayPage.Execute(rw, page)
}

var displayPage = template.Must(template.New("display").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<style>
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:#000;color:#fff;font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;overflow:hidden}
main{display:grid;grid-template-columns:62% 38%;height:100vh}
#calls{padding:3vh 2.5vw}
header{display:flex;justify-content:space-between;align-items:baseline;font-size:2.4vw;font-weight:bold}
#store{font-size:1.6vw;font-weight:normal;color:#bbb}
#offline{position:fixed;left:0;bottom:0;font-size:1.6vw;font-weight:bold;color:#000;background:#ff9e3d;padding:.4em 1em;display:none}
body.offline #offline{display:block}
.call{display:flex;justify-content:space-between;align-items:center;font-weight:bold;font-size:5vw;line-height:1.25}
.call .n{font-variant-numeric:tabular-nums}
.call .c{white-space:nowrap}
.call.first{flex-wrap:wrap;font-size:10vw;line-height:1.1;border-bottom:.4vh solid #bbb;margin-bottom:1vh;padding-bottom:1vh}
.call.first .c{font-size:6vw;flex-basis:100%;text-align:right}
.call.first .n{color:#ffd400}
.call .r{font-size:2.2vw;color:#000;background:#ff9e3d;border-radius:.3em;padding:0 .4em;margin-left:auto;margin-right:1.5vw}
/* A new call flashes three times: the row turns yellow and every text on
   it black, in jumps (no fading through unreadable greys), so the number
   stays readable (at least 7:1) at every instant. */
.call.flash,.call.flash .n,.call.flash .c,.call.flash .r{animation:flash 1s steps(1,end) 3;animation-delay:var(--since,0s)}
@keyframes flash{50%{background:#ffd400;color:#000}}
#empty{font-size:2.5vw;color:#bbb;margin-top:4vh}
#calls{display:flex;flex-direction:column}
#notices{margin-top:auto}
.notice{background:#9b001b;color:#fff;border-radius:.3em;padding:1vh 1.2vw;margin-top:1vh}
.notice .h{font-size:2vw;font-weight:bold}
.notice .m{font-size:1.8vw}
aside{background:#1a1a1a;padding:3vh 2vw}
aside h2{font-size:2.4vw;margin:0 0 1vh}
.line{border-top:2px solid #444;padding:.8vh 0}
.line .name{font-size:2vw;font-weight:bold}
.line .info{font-size:1.6vw;color:#bbb}
.line .next{font-size:2vw;font-weight:bold;color:#ffd400;word-spacing:.6em}
#sound{position:fixed;right:1vw;bottom:1vh;font-size:1.2vw;background:#333;color:#fff;border:0;padding:.5em 1em;border-radius:.4em;cursor:pointer}
</style></head><body>
<main>
<section id="calls">
<header><span>{{.Title}}</span><span id="store"></span></header>
<div id="offline" role="status">{{.Offline}}</div>
<div id="list"></div>
<div id="empty">{{.NoCalls}}</div>
<div id="notices" role="status"></div>
</section>
<aside><h2>{{.Waiting}}</h2><div id="lines"></div></aside>
</main>
<button id="sound" hidden>{{.Sound}}</button>
<script>
"use strict";
const recallText = {{.Recall}};
const chime = new Audio("/display/chime.wav");
const voice = new URLSearchParams(location.search).has("voice");
const sound = document.getElementById("sound");
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
// When each call's flash started: a board redrawn during a flash goes on
// with it rather than cutting it short.
const flashes = new Map();
const flashLength = 3000;
function render(b) {
  const now = performance.now();
  for (const [n, since] of flashes) if (now - since >= flashLength) flashes.delete(n);
  document.getElementById("store").textContent = b.store;
  const list = document.getElementById("list");
  list.replaceChildren(...b.calls.map((c, i) => {
    const row = el("div", i === 0 ? "call first" : "call");
    row.dataset.number = c.number;
    if (flashes.has(c.number)) {
      row.classList.add("flash");
      row.style.setProperty("--since", (flashes.get(c.number) - now) + "ms");
    }
    row.append(el("span", "n", c.number));
    if (c.recall) row.append(el("span", "r", recallText));
    row.append(el("span", "c", "→ " + c.counter));
    return row;
  }));
  document.getElementById("empty").hidden = b.calls.length > 0;
  document.getElementById("notices").replaceChildren(...b.notices.map(n => {
    const d = el("div", "notice");
    d.append(el("div", "h", n.heading), el("div", "m", n.message));
    return d;
  }));
  document.getElementById("lines").replaceChildren(...b.waiting.map(l => {
    const d = el("div", "line");
    d.append(el("div", "name", l.name), el("div", "info", l.wait ? l.count + "  ·  " + l.wait : l.count));
    if (l.numbers.length) d.append(el("div", "next", l.numbers.join(" ")));
    return d;
  }));
}
function announce(calls) {
  if (!calls.length) return;
  for (const c of calls) {
    flashes.set(c.number, performance.now());
    const row = document.querySelector('.call[data-number="' + CSS.escape(c.number) + '"]');
    if (row) row.classList.add("flash");
  }
  chime.currentTime = 0;
  chime.play().then(() => {
    if (!voice || !window.speechSynthesis) return;
    for (const c of calls) {
      const u = new SpeechSynthesisUtterance(c.speech);
      u.lang = document.documentElement.lang;
      speechSynthesis.speak(u);
    }
  }).catch(() => { sound.hidden = false; }); // autoplay blocked: one tap allows it
}
sound.onclick = () => { chime.play().catch(() => {}); sound.hidden = true; };
// Ask for the tap before the first call when the browser blocks sound: a
// silent try at start shows whether it does.
chime.volume = 0;
chime.play().then(() => { chime.pause(); chime.currentTime = 0; })
  .catch(() => { sound.hidden = false; })
  .finally(() => { chime.volume = 1; });
render({{.Board}});
const events = new EventSource("/display/events");
events.addEventListener("board", ev => {
  document.body.classList.remove("offline");
  const b = JSON.parse(ev.data);
  document.body.dataset.seq = b.seq; // the board shown came from the stream
  render(b);
  announce(b.announce);
});
events.onerror = () => document.body.classList.add("offline");
</script>
</body></html>`))
