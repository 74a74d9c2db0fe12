package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// visits is a running hub with a kiosk that issues tickets and a counter
// that serves them.
type visits struct {
	t           *testing.T
	base        string // the hub's web pages
	httpAddr    string
	kiosk, desk *synctest.Device
}

func startVisits(t *testing.T) *visits {
	t.Helper()
	httpAddr, broker := boot(t)
	v := &visits{t: t, base: "http://" + httpAddr, httpAddr: httpAddr,
		kiosk: synctest.StartDevice(t, "kiosk-1", broker), desk: synctest.StartDevice(t, "counter-1", broker)}
	v.kiosk.Ready()
	v.desk.Synced()
	if _, err := v.desk.Request(context.Background(), queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	return v
}

// ticket issues a purchase ticket in lang and, when served, serves it to
// its end; it waits until the hub has it all.
func (v *visits) ticket(lang string, served bool) queue.Ticket {
	v.t.Helper()
	ctx := context.Background()
	tk, err := v.kiosk.Issue(ctx, queue.IssueBody{Reason: "purchase", Lang: lang}, false)
	if err != nil {
		v.t.Fatal(err)
	}
	synctest.WaitFor(v.t, "the ticket on the hub", func() bool { return v.kiosk.Pending() == 0 })
	if served {
		v.serve(tk, "resolved")
	}
	return tk
}

// serve calls waiting ticket tk to the counter and serves it to its end
// with outcome.
func (v *visits) serve(tk queue.Ticket, outcome string) {
	v.t.Helper()
	for _, e := range []struct {
		typ  string
		body any
	}{
		{queue.TicketCalled, queue.CallBody{Ticket: tk.ID, Counter: "c1", Staff: "conseil"}},
		{queue.ServiceStarted, queue.TicketBody{Ticket: tk.ID, Staff: "conseil"}},
		{queue.ServiceFinished, queue.FinishBody{Ticket: tk.ID, Staff: "conseil", Outcome: outcome}},
	} {
		if _, err := v.desk.Submit(context.Background(), e.typ, e.body); err != nil {
			v.t.Fatal(err)
		}
	}
	synctest.WaitFor(v.t, "the visit over on the hub", func() bool { return v.desk.Pending() == 0 })
}

// page returns where a ticket's status page is.
func (v *visits) page(tk queue.Ticket, token string) string {
	return v.base + "/t/" + tk.ID + "?" + url.Values{"k": {token}}.Encode()
}

// TestStatusFeedback posts the status page's form as a browser without
// scripts does, and checks every refusal.
func TestStatusFeedback(t *testing.T) {
	v := startVisits(t)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(tk queue.Ticket, form url.Values) (int, string, http.Header) {
		t.Helper()
		resp, err := noRedirect.PostForm(v.base+"/t/"+tk.ID+"/feedback?lang=fr", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body), resp.Header
	}
	get := func(u string) string {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	waiting := v.ticket("fr", false)
	served := v.ticket("fr", true)

	t.Run("FormOnceOver", func(t *testing.T) {
		if body := get(v.page(waiting, waiting.Token)); !strings.Contains(body, `<form id="nps" method="post" action="/t/`+waiting.ID+`/feedback?lang=fr" hidden>`) {
			t.Errorf("a waiting ticket's page shows the question:\n%s", body)
		}
		body := get(v.page(served, served.Token))
		if !strings.Contains(body, `<form id="nps" method="post" action="/t/`+served.ID+`/feedback?lang=fr">`) ||
			!strings.Contains(body, "Quelle est la probabilité") || !strings.Contains(body, `value="10" id="score10" required`) ||
			!strings.Contains(body, `<p id="thanks" class="thanks" role="status" hidden>`) {
			t.Errorf("a served ticket's page does not ask:\n%s", body)
		}
	})
	for _, tc := range []struct {
		name   string
		tk     queue.Ticket
		form   url.Values
		status int
		says   string
	}{
		{"WrongToken", served, url.Values{"k": {"not-the-token"}, "score": {"9"}}, http.StatusForbidden, "Lien de ticket non valable"},
		{"NoToken", served, url.Values{"score": {"9"}}, http.StatusForbidden, "Lien de ticket non valable"},
		{"UnknownTicket", queue.Ticket{ID: "nope"}, url.Values{"k": {served.Token}, "score": {"9"}}, http.StatusForbidden, "Lien de ticket non valable"},
		{"NotOver", waiting, url.Values{"k": {waiting.Token}, "score": {"9"}}, http.StatusConflict, "une fois votre visite terminée"},
		{"NoScore", served, url.Values{"k": {served.Token}}, http.StatusBadRequest, "Choisissez une note de 0 à 10"},
		{"ScoreEleven", served, url.Values{"k": {served.Token}, "score": {"11"}}, http.StatusBadRequest, "Choisissez une note de 0 à 10"},
		{"CommentTooLong", served, url.Values{"k": {served.Token}, "score": {"3"}, "comment": {strings.Repeat("é", queue.MaxComment+1)}}, http.StatusBadRequest, "500 caractères au plus"},
		{"BodyTooLarge", served, url.Values{"k": {served.Token}, "score": {"3"}, "comment": {strings.Repeat("x", 5000)}}, http.StatusRequestEntityTooLarge, "trop long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, h := post(tc.tk, tc.form)
			if status != tc.status || !strings.Contains(body, tc.says) || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				t.Errorf("%d, want %d saying %q:\n%s", status, tc.status, tc.says, body)
			}
		})
	}
	if st := v.state(t); st.Tickets[served.ID].Feedback != nil {
		t.Fatalf("a refused answer was kept: %+v", st.Tickets[served.ID].Feedback)
	}

	t.Run("TenMegabytesRefusedUnread", func(t *testing.T) {
		// The headers announce 10 MB; 64 KiB follow, then the client
		// waits: the answer comes without the rest.
		c, err := net.Dial("tcp", v.httpAddr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(time.Minute))
		fmt.Fprintf(c, "POST /t/%s/feedback HTTP/1.1\r\nHost: shop\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\nk=%s&score=1&comment=",
			served.ID, 10<<20, served.Token)
		c.Write([]byte(strings.Repeat("x", 64<<10)))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("10 MB: %s", resp.Status)
		}
	})

	t.Run("Answer", func(t *testing.T) {
		status, _, h := post(served, url.Values{"k": {served.Token}, "score": {"4"}, "comment": {"  L'attente était longue.  "}})
		if status != http.StatusSeeOther || h.Get("Location") != "/t/"+served.ID+"?k="+served.Token+"&lang=fr" {
			t.Fatalf("%d to %q, want 303 to the ticket's page", status, h.Get("Location"))
		}
		f := v.state(t).Tickets[served.ID].Feedback
		if f == nil || f.Score != 4 || f.Comment != "L'attente était longue." || f.Device != queue.DeviceHub {
			t.Fatalf("feedback on the hub: %+v", f)
		}
		body := get(v.page(served, served.Token))
		if !strings.Contains(body, `<p id="thanks" class="thanks" role="status">Merci pour votre réponse`) || !strings.Contains(body, `<form id="nps" method="post" action="/t/`+served.ID+`/feedback?lang=fr" hidden>`) {
			t.Errorf("the page after an answer:\n%s", body)
		}
	})
	t.Run("SecondAnswer", func(t *testing.T) {
		status, body, _ := post(served, url.Values{"k": {served.Token}, "score": {"10"}})
		if status != http.StatusConflict || !strings.Contains(body, "une seule réponse par visite") {
			t.Errorf("%d:\n%s", status, body)
		}
		if f := v.state(t).Tickets[served.ID].Feedback; f.Score != 4 {
			t.Errorf("the second answer replaced the first: %+v", f)
		}
	})
}

// state returns the hub's state as the counter's replica has it, once the
// replica has caught up with the log.
func (v *visits) state(t *testing.T) *queue.State {
	t.Helper()
	var seq int64
	getJSON(t, v.base+"/healthz", &struct {
		Seq *int64 `json:"seq"`
	}{&seq})
	// The counter's replica: a kiosk keeps no visitor's comment.
	synctest.WaitFor(t, "the counter's replica caught up", func() bool { return v.desk.View().Seq >= seq })
	return v.desk.View()
}

// TestStatusFeedbackBrowser answers the question in a real headless
// Chromium on a phone's screen, with scripts and without; a wrong token
// is refused. -shots dir saves the question in French and English and the
// thanks.
func TestStatusFeedbackBrowser(t *testing.T) {
	v := startVisits(t)
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
	answer := func(t *testing.T, tk queue.Ticket, score int, comment string) {
		t.Helper()
		err := chromedp.Do(bctx,
			chromedp.Click(fmt.Sprintf(`label[for="score%d"]`, score)),
			chromedp.SendKeys("#comment", comment),
			chromedp.Click("#send"),
			chromedp.WaitVisible("#thanks"))
		if err != nil {
			t.Fatal(err)
		}
		f := v.state(t).Tickets[tk.ID].Feedback
		if f == nil || f.Score != score || f.Comment != comment {
			t.Fatalf("feedback on the hub: %+v", f)
		}
	}

	t.Run("Live", func(t *testing.T) {
		// The page is open while the visit goes on; the question comes
		// when it is over, through the event stream.
		tk := v.ticket("fr", false)
		if err := chromedp.Do(bctx, chromedp.Navigate(v.page(tk, tk.Token)), chromedp.WaitVisible("body.waiting")); err != nil {
			t.Fatal(err)
		}
		if visible, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`!document.getElementById("nps").hidden`)); err != nil || visible {
			t.Fatalf("the question while waiting: %v %v", visible, err)
		}
		v.serve(tk, "sale")
		if err := chromedp.Do(bctx, chromedp.WaitVisible("#nps")); err != nil {
			t.Fatal(err)
		}
		shot(t, "status-feedback-fr")
		answer(t, tk, 3, "Personne pour m'orienter à l'entrée")
		shot(t, "status-feedback-thanks-fr")
	})
	t.Run("English", func(t *testing.T) {
		tk := v.ticket("en", true)
		if err := chromedp.Do(bctx, chromedp.Navigate(v.page(tk, tk.Token)), chromedp.WaitVisible("#nps")); err != nil {
			t.Fatal(err)
		}
		legend, err := chromedp.Run(bctx, chromedp.Text("legend"))
		if err != nil || legend != "How likely are you to recommend our shop to a friend?" {
			t.Errorf("legend %q %v", legend, err)
		}
		shot(t, "status-feedback-en")
		answer(t, tk, 10, "")
	})
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	t.Run("WrongToken", func(t *testing.T) {
		tk := v.ticket("fr", true)
		err := chromedp.Do(bctx, chromedp.Navigate(v.page(tk, tk.Token)), chromedp.WaitVisible("#nps"),
			chromedp.SetAttributeValue(`input[name="k"]`, "value", "0000"),
			chromedp.Click(`label[for="score9"]`), chromedp.Click("#send"), chromedp.WaitVisible("h1"))
		if err != nil {
			t.Fatal(err)
		}
		if h1, err := chromedp.Run(bctx, chromedp.Text("h1")); err != nil || h1 != "Lien de ticket non valable" {
			t.Errorf("a wrong token: %q %v", h1, err)
		}
		if f := v.state(t).Tickets[tk.ID].Feedback; f != nil {
			t.Errorf("kept with a wrong token: %+v", f)
		}
	})
	t.Run("WithoutScripts", func(t *testing.T) {
		tk := v.ticket("fr", true)
		if _, err := chromedp.Call(bctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(bctx, chromedp.Navigate(v.page(tk, tk.Token)), chromedp.WaitVisible("#nps")); err != nil {
			t.Fatal(err)
		}
		answer(t, tk, 7, "Rien à signaler")
	})
}
