package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// browser starts a headless Chromium (Debian's chromium) and returns its
// context, and the console errors and uncaught exceptions of its pages so
// far.
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	path := "/usr/bin/chromium"
	if _, err := os.Stat(path); err != nil {
		t.Skip("no chromium: apt-get install chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(412, 915), chromedp.Flag("autoplay-policy", "user-gesture-required"))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	var mu sync.Mutex
	var errs []string
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				errs = append(errs, "console.error")
			}
		case *runtime.EventExceptionThrown:
			errs = append(errs, ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				errs = append(errs, ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

// TestStatusPageLive opens a visitor's status page in a real headless
// Chromium, in the ticket's language and with the switch to the other,
// and calls the ticket: the page turns to "called" through its event
// stream, without reloading, with no console error. A wrong link gets a
// page in the visitor's language. -shots dir saves the pages.
func TestStatusPageLive(t *testing.T) {
	httpAddr, broker := boot(t)
	base := "http://" + httpAddr
	ctx := context.Background()
	kiosk, counter := synctest.StartDevice(t, "kiosk-1", broker), synctest.StartDevice(t, "counter-1", broker)
	kiosk.Ready()
	counter.Synced()
	if _, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	bctx, consoleErrors := browser(t)
	shot := func(t *testing.T, name string) {
		t.Helper()
		if *shots == "" {
			return
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err == nil {
			err = os.WriteFile(filepath.Join(*shots, name+".png"), png, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	text := func(t *testing.T, sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(sel))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	for _, tc := range []struct {
		ticket, page, waiting, called, ahead string
	}{
		{"en", "", "Waiting", "Your turn: counter", "ahead of you"},
		{"fr", "", "En attente", "C'est à vous : guichet", "avant vous"},
		{"en", "fr", "En attente", "C'est à vous : guichet", "avant vous"}, // the switch
	} {
		name := tc.ticket
		if tc.page != "" {
			name += "-shown-" + tc.page
		}
		t.Run(name, func(t *testing.T) {
			tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "purchase", Lang: tc.ticket}, false)
			if err != nil {
				t.Fatal(err)
			}
			synctest.WaitFor(t, "the ticket on the hub", func() bool { return kiosk.Pending() == 0 })
			u := base + "/t/" + tk.ID + "?k=" + tk.Token
			want := tc.ticket
			if tc.page != "" {
				u += "&lang=" + tc.page
				want = tc.page
			}
			if err := chromedp.Do(bctx, chromedp.Navigate(u), chromedp.WaitVisible("body.waiting")); err != nil {
				t.Fatal(err)
			}
			htmlLang, err := chromedp.Run(bctx, chromedp.AttributeValue("html", "lang"))
			if err != nil {
				t.Fatal(err)
			}
			// window.stayed is gone if the page reloads.
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.stayed = true`)); err != nil {
				t.Fatal(err)
			}
			shot(t, "status-waiting-"+name)
			if status, ahead := text(t, "#status"), text(t, "#ahead"); htmlLang.Value != want || status != tc.waiting || !strings.Contains(ahead, tc.ahead) {
				t.Errorf("waiting page: lang %q, status %q, ahead %q", htmlLang.Value, status, ahead)
			}
			if _, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); err != nil {
				t.Fatal(err)
			}
			called := time.Now()
			if err := chromedp.Do(bctx, chromedp.WaitVisible("body.called")); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: the page showed the call %v after it", name, time.Since(called).Round(time.Millisecond))
			marker, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.stayed === true`))
			if err != nil {
				t.Fatal(err)
			}
			shot(t, "status-called-"+name)
			if status := text(t, "#status"); !strings.HasPrefix(status, tc.called) || !marker {
				t.Errorf("called page: status %q, not reloaded %v", status, marker)
			}
			// Done: the page goes quiet.
			for _, e := range []struct {
				typ  string
				body any
			}{{queue.ServiceStarted, queue.TicketBody{Ticket: tk.ID, Staff: "conseil"}}, {queue.ServiceFinished, queue.FinishBody{Ticket: tk.ID, Staff: "conseil", Outcome: "resolved"}}} {
				if _, err := counter.Submit(ctx, e.typ, e.body); err != nil {
					t.Fatal(err)
				}
			}
			if err := chromedp.Do(bctx, chromedp.WaitVisible("body.over"), chromedp.WaitNotVisible("#live")); err != nil {
				t.Fatal(err)
			}
		})
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}

	t.Run("WrongLink", func(t *testing.T) {
		for _, tc := range []struct{ accept, want string }{{"en-GB,en;q=0.9", "Ticket link not valid"}, {"", "Lien de ticket non valable"}} {
			req, _ := http.NewRequest("GET", base+"/t/nope?k=bad", nil)
			if tc.accept != "" {
				req.Header.Set("Accept-Language", tc.accept)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
				!strings.Contains(string(body), tc.want) || strings.Contains(string(body), "data-events") {
				t.Errorf("Accept-Language %q: %s\n%s", tc.accept, resp.Status, body)
			}
		}
		if err := chromedp.Do(bctx, chromedp.Navigate(base+"/t/nope?k=bad&lang=en"), chromedp.WaitVisible("h1")); err != nil {
			t.Fatal(err)
		}
		shot(t, "status-wrong-link-en")
	})
}
