package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"accueil/assets"
	"accueil/hardware/announce"
	"accueil/internal/board"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

type sseEvent struct{ name, id, data string }

// readEvents sends the events of an SSE stream to out and the retry
// delays to retry, until the stream ends.
func readEvents(body io.Reader, out chan<- sseEvent, retry chan<- string) {
	defer close(out)
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var e sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if e.data != "" {
				out <- e
			}
			e = sseEvent{}
		case strings.HasPrefix(line, "retry: "):
			retry <- strings.TrimPrefix(line, "retry: ")
		case strings.HasPrefix(line, "event: "):
			e.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "id: "):
			e.id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "data: "):
			e.data += strings.TrimPrefix(line, "data: ")
		}
	}
}

// nextBoard returns the next board event of the stream.
func nextBoard(t *testing.T, events <-chan sseEvent) boardEvent {
	t.Helper()
	select {
	case e, ok := <-events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		var b boardEvent
		if e.name != "board" || json.Unmarshal([]byte(e.data), &b) != nil {
			t.Fatalf("event %+v", e)
		}
		return b
	case <-time.After(time.Minute):
		t.Fatal("no board event for a minute")
	}
	return boardEvent{}
}

// shownTexts returns the visible texts under o.
func shownTexts(o fyne.CanvasObject) []string {
	if !o.Visible() {
		return nil
	}
	switch o := o.(type) {
	case *canvas.Text:
		return []string{o.Text}
	case *fyne.Container:
		var out []string
		for _, c := range o.Objects {
			out = append(out, shownTexts(c)...)
		}
		return out
	}
	return nil
}

// TestDisplay runs a hub, the calling display's event stream and the Fyne
// display device, then issues and calls a ticket: the stream and the
// board show it, and both announce it once.
func TestDisplay(t *testing.T) {
	httpAddr, broker := boot(t)
	base := "http://" + httpAddr
	ctx := context.Background()

	t.Run("Page", func(t *testing.T) {
		resp, err := http.Get(base + "/display")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		page, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
			!bytes.Contains(page, []byte("Appels en cours")) || !bytes.Contains(page, []byte(`new EventSource("/display/events")`)) {
			t.Errorf("GET /display: %s %s\n%s", resp.Status, resp.Header.Get("Content-Type"), page)
		}
	})
	t.Run("Chime", func(t *testing.T) {
		resp, err := http.Get(base + "/display/chime.wav")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		wav, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "audio/wav" || !bytes.Equal(wav, assets.Chime()) {
			t.Errorf("GET /display/chime.wav: %s %s, %d bytes", resp.Status, resp.Header.Get("Content-Type"), len(wav))
		}
	})

	// The event stream, from before the call.
	streamCtx, closeStream := context.WithCancel(ctx)
	defer closeStream()
	req, _ := http.NewRequestWithContext(streamCtx, "GET", base+"/display/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET /display/events: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	events, retry := make(chan sseEvent, 64), make(chan string, 4)
	go readEvents(resp.Body, events, retry)
	first := nextBoard(t, events)
	select {
	case r := <-retry:
		if r != "2000" {
			t.Errorf("retry: %s", r)
		}
	default:
		t.Error("no retry: line before the first event")
	}
	if len(first.Calls) != 0 || len(first.Announce) != 0 {
		t.Errorf("first board = %+v", first)
	}

	// The Fyne display device, also from before the call.
	test.NewTempApp(t)
	said := make(chan board.Call, 8)
	shown := make(chan []string, 64) // the texts on the board each time it changes
	displayDB := filepath.Join(t.TempDir(), "display-1.db")
	synctest.Pair(t, displayDB, "display-1")
	cfg, err := ParseFlags([]string{"--display", "--store", "s1", "--broker", broker, "--display-db", displayDB})
	if err != nil {
		t.Fatal(err)
	}
	hooks := displayHooks{
		say: func(_ context.Context, c board.Call) { said <- c },
		shown: func(_ board.Board, board fyne.CanvasObject) {
			select {
			case shown <- shownTexts(board):
			default:
			}
		},
	}
	dev, err := startDisplay(ctx, cfg, fyne.CurrentApp(), hooks)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()

	// A kiosk issues a ticket, a counter calls it.
	kiosk, counter := synctest.StartDevice(t, "kiosk-1", broker), synctest.StartDevice(t, "counter-1", broker)
	kiosk.Ready()
	tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "purchase", Lang: "fr"}, false)
	if err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "the counter online", counter.Online) // a request needs the hub there
	if _, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	if _, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); err != nil {
		t.Fatal(err)
	}

	t.Run("Events", func(t *testing.T) {
		var announced []string
		for {
			b := nextBoard(t, events)
			for _, c := range b.Announce {
				announced = append(announced, c.Number+" "+c.Counter)
				if want := announce.Text(tk.Number, "1", false); c.Speech != want || !strings.HasPrefix(want, "Numéro "+tk.Number[:1]) {
					t.Errorf("speech %q", c.Speech)
				}
			}
			if len(b.Calls) > 0 {
				if c := b.Calls[0]; c.Number != tk.Number || c.Counter != "Guichet 1" || c.Recall {
					t.Errorf("calls = %+v, want %s at Guichet 1", b.Calls, tk.Number)
				}
				break
			}
			if len(b.Waiting) > 0 && b.Waiting[0].Count == "1 personne" && !slices.Equal(b.Waiting[0].Numbers, []string{tk.Number}) {
				t.Errorf("waiting = %+v", b.Waiting[0])
			}
		}
		if want := []string{tk.Number + " Guichet 1"}; !slices.Equal(announced, want) {
			t.Errorf("announced %q, want %q", announced, want)
		}
	})

	t.Run("Window", func(t *testing.T) {
		select {
		case c := <-said:
			if c.Number != tk.Number || c.Counter != "1" || c.Recall {
				t.Errorf("announced %+v", c)
			}
		case <-time.After(time.Minute):
			t.Fatal("the display announced nothing")
		}
		for texts := range shown {
			if slices.Contains(texts, "→ Guichet 1") {
				if !slices.Contains(texts, "Appels en cours") || !slices.Contains(texts, tk.Number) || slices.Contains(texts, "Aucun appel pour le moment") {
					t.Errorf("the board shows %q", texts)
				}
				break
			}
		}
		select {
		case c := <-said:
			t.Errorf("announced twice: %+v", c)
		default:
		}
	})

	closeStream()
	for range events { // the stream ends with the request
	}
}

// go test ./backoffice -run TestDisplayScreenshot -args -shots ../docs/display
// runs a busy store and takes the calling display's page with headless
// Chromium.
var shots = flag.String("shots", "", "directory to write screenshots of the web pages to")

func TestDisplayScreenshot(t *testing.T) {
	if *shots == "" {
		t.Skip("no -shots directory")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	httpAddr, broker := boot(t)
	ctx := context.Background()
	kiosk, c1, c2 := synctest.StartDevice(t, "kiosk-1", broker), synctest.StartDevice(t, "counter-1", broker), synctest.StartDevice(t, "counter-2", broker)
	kiosk.Ready()
	for _, reason := range []string{"purchase", "sim", "expert", "purchase", "purchase", "sim", "expert", "purchase", "other", "purchase", "expert", "purchase"} {
		if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: reason, Lang: "fr"}, false); err != nil {
			t.Fatal(err)
		}
	}
	synctest.WaitFor(t, "the tickets on the hub", func() bool { return kiosk.Pending() == 0 })
	synctest.WaitFor(t, "the counters online", func() bool { return c1.Online() && c2.Online() })
	for _, s := range []struct {
		c              *synctest.Device
		staff, counter string
	}{{c1, "conseil", "c1"}, {c2, "expert", "c3"}, {c2, "manager", "c2"}} {
		if _, err := s.c.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: s.staff, Counter: s.counter, PIN: "1234"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.c.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: s.staff, Counter: s.counter}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := filepath.Abs(filepath.Join(*shots, "board-web.png"))
	if err != nil {
		t.Fatal(err)
	}
	// The page holds the board of the moment: no need to wait for the
	// event stream, which never ends.
	run, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(run, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--screenshot="+out, "--window-size=1920,1080", "http://"+httpAddr+"/display")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, b)
	}
	t.Logf("wrote %s", out)
}
