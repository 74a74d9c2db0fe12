package main

import (
	"context"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
	"accueil/internal/store"
)

// writeHistory writes days of a busy store up to yesterday (store time),
// and today's last hour, into a new database and returns its path:
// arrivals peaking at lunch and after work, waits that grow with the
// peaks, some walk-outs, no-shows and transfers, visitors' answers; the
// same every run.
func writeHistory(t *testing.T, days int) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(loc)
	first := time.Date(now.Year(), now.Month(), now.Day()-days, 8, 0, 0, 0, loc)
	shop := queuetest.New(t, first, 0)
	rng := rand.New(rand.NewPCG(1, 2))
	perHour := map[int]int{9: 4, 10: 6, 11: 8, 12: 12, 13: 10, 14: 6, 15: 5, 16: 6, 17: 10, 18: 12, 19: 5}
	comments := []string{"Beaucoup trop d'attente, personne ne nous informait.", "Attente un peu longue mais conseiller aimable.",
		"Rapide et efficace.", "Parfait, merci à Chloé !"}
	staff := []struct{ id, counter, device string }{{"conseil", "c1", "counter-1"}, {"manager", "c2", "counter-2"}}
	for d := range days {
		open := first.AddDate(0, 0, d)
		shop.At = open
		if d > 0 {
			for _, r := range shop.St.Config.Reasons {
				shop.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: queue.Day(open, loc), Prefix: r.Prefix, First: 1, Last: 200})
			}
		}
		busy := 1.0
		if wd := open.Weekday(); wd == time.Saturday {
			busy = 1.6
		} else if wd == time.Sunday {
			continue
		}
		for h := 9; h <= 19; h++ {
			n := int(float64(perHour[h]) * busy * (0.7 + 0.6*rng.Float64()))
			for i := range n {
				arrive := open.Add(time.Duration(h-8)*time.Hour + time.Duration(i*60/max(n, 1))*time.Minute)
				reason := []string{"purchase", "purchase", "sim", "other", "purchase", "sim"}[rng.IntN(6)]
				shop.At = arrive
				id := shop.Issue(reason)
				wait := time.Duration(float64(perHour[h])*busy*(0.3+1.2*rng.Float64())*60) * time.Second
				s := staff[rng.IntN(2)]
				at := func(d time.Duration) { shop.At = arrive.Add(d) }
				roll := rng.Float64()
				if roll < 0.06 {
					at(wait)
					shop.Apply(s.device, queue.TicketCancelled, queue.CancelBody{Ticket: id, Staff: s.id, WalkOut: true})
					continue
				}
				at(wait)
				shop.Apply(s.device, queue.TicketCalled, queue.CallBody{Ticket: id, Counter: s.counter, Staff: s.id})
				if roll < 0.11 {
					at(wait + 3*time.Minute)
					shop.Apply(s.device, queue.TicketNoShow, queue.TicketBody{Ticket: id, Staff: s.id})
					continue
				}
				at(wait + time.Minute)
				shop.Apply(s.device, queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: s.id})
				service := time.Duration(4+rng.IntN(10)) * time.Minute
				if roll < 0.14 && reason == "purchase" {
					at(wait + 3*time.Minute)
					shop.Apply(s.device, queue.TicketTransferred, queue.TransferBody{Ticket: id, Staff: s.id, Reason: "sim"})
					at(wait + 8*time.Minute)
					shop.Apply(s.device, queue.TicketCalled, queue.CallBody{Ticket: id, Counter: s.counter, Staff: s.id})
					shop.Apply(s.device, queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: s.id})
					service += 7 * time.Minute
				}
				at(wait + time.Minute + service)
				shop.Apply(s.device, queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: s.id, Outcome: []string{"resolved", "sale"}[rng.IntN(2)]})
				if rng.Float64() < 0.4 { // the visitor answers, less happy after a long wait
					score := min(max(11-int(wait/(3*time.Minute))+rng.IntN(3)-1, 0), 10)
					comment := ""
					if rng.Float64() < 0.3 {
						comment = comments[min(score/3, len(comments)-1)]
					}
					at(wait + time.Minute + service + 5*time.Minute)
					shop.Apply("hub", queue.FeedbackGiven, queue.FeedbackBody{Ticket: id, Token: "k", Score: score, Comment: comment})
				}
			}
		}
	}
	// Today's last hour: Chloé serves at counter 1 and Eric is on a break;
	// visitors wait, two past their target; one left, one did not come;
	// the kiosk's printer is out of paper.
	// (Just after midnight its start is yesterday's, whose numbers are
	// leased already.)
	for _, r := range shop.St.Config.Reasons {
		shop.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: queue.Day(now, loc), Prefix: r.Prefix, First: 1, Last: 20})
	}
	ago := func(m int) { shop.At = now.Add(-time.Duration(m) * time.Minute) }
	ago(50)
	served := shop.Issue("purchase")
	ago(45)
	absent := shop.Issue("purchase")
	ago(40)
	shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "expert", Counter: "c3"})
	ago(38)
	shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: absent, Counter: "c1", Staff: "conseil"})
	ago(35)
	shop.Apply("counter-1", queue.TicketNoShow, queue.TicketBody{Ticket: absent, Staff: "conseil"})
	ago(30)
	left := shop.Issue("sim")
	ago(26)
	shop.Issue("sim")
	ago(20)
	shop.Apply("counter-1", queue.StaffPaused, queue.StaffBody{Staff: "expert", Why: "déjeuner"})
	ago(18)
	shop.Issue("purchase")
	ago(15)
	shop.Issue("expert")
	ago(12)
	shop.Apply("counter-1", queue.TicketCancelled, queue.CancelBody{Ticket: left, Staff: "conseil", WalkOut: true})
	ago(8)
	shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: served, Counter: "c1", Staff: "conseil"})
	ago(7)
	shop.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: served, Staff: "conseil"})
	ago(4)
	shop.Issue("other")
	ago(3)
	shop.Apply("kiosk-1", queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "paper_out"})
	if err := db.Append(ctx, shop.St, shop.Log...); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestManagerHTTP: the session cookie's attributes, the pages closed
// without it, and the sentences of ranges a report refuses.
func TestManagerHTTP(t *testing.T) {
	httpAddr, _ := boot(t)
	base := "http://" + httpAddr
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (int, string, http.Header) {
		t.Helper()
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body), resp.Header
	}
	for _, path := range []string{"/manager/?", "/manager/events?", "/manager/report?", "/manager/report.csv?table=visits&", "/manager/nothing?"} {
		if code, _, h := get(path + "lang=en"); code != http.StatusSeeOther || h.Get("Location") != "/manager/login?lang=en" {
			t.Errorf("%s without a session: %d to %q", path, code, h.Get("Location"))
		}
	}
	resp, err := client.PostForm(base+"/manager/login?lang=fr", url.Values{"staff": {"manager"}, "pin": {"1234"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookie := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"Path=/manager", "HttpOnly", "SameSite=Strict", "Max-Age=28800"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("cookie %q: no %s", cookie, want)
		}
	}
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/manager/?lang=fr" {
		t.Fatalf("login: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
	for _, tc := range []struct {
		query string
		code  int
		want  string
	}{
		{"from=2026-03-29&to=2026-03-23", http.StatusBadRequest, "Le dernier jour (2026-03-23) est avant le premier (2026-03-29)"},
		{"from=2024-01-01&to=2026-03-23", http.StatusBadRequest, "813 jours demandés : un rapport couvre au plus 366 jours"},
		{"from=&to=2026-03-23", http.StatusBadRequest, "Choisissez le premier et le dernier jour"},
		{"from=23/03/2026&to=2026-03-23", http.StatusBadRequest, "« 23/03/2026 » n'est pas une date"},
		{"from=2025-01-01&to=2025-01-07", http.StatusOK, "Aucune visite du 2025-01-01 au 2025-01-07"},
	} {
		code, body, _ := get("/manager/report?lang=fr&" + tc.query)
		if code != tc.code || !strings.Contains(body, html.EscapeString(tc.want)) {
			t.Errorf("%s: %d, want %d and %q", tc.query, code, tc.code, tc.want)
		}
	}
	// Without scripts the floor reloads itself; the report's charts are
	// allowed by their stylesheet's hash, not by 'unsafe-inline'.
	if code, body, _ := get("/manager/?lang=fr"); code != http.StatusOK || !strings.Contains(body, `<noscript><meta http-equiv="refresh" content="30"></noscript>`) {
		t.Errorf("the floor: %d, no reload without scripts", code)
	}
	if _, _, h := get("/manager/report?lang=fr"); !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") ||
		strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Errorf("the report's policy: %q", h.Get("Content-Security-Policy"))
	}
	if code, body, _ := get("/manager/report.csv?table=all&lang=en"); code != http.StatusBadRequest || !strings.Contains(body, "Unknown export") {
		t.Errorf("an unknown table: %d %q", code, body)
	}
	if code, body, h := get("/manager/report.csv?table=reasons&sep=,&from=2025-01-01&to=2025-01-07&lang=en"); code != http.StatusOK ||
		body != "\uFEFFReason,Arrivals,Served,Wait mean (s),Wait median (s),Wait 9/10 (s),Service mean (s),Service 9/10 (s),Within target (%),Walk-outs,No-shows,Transfers,NPS,NPS answers\n" ||
		h.Get("Content-Disposition") != `attachment; filename="accueil-reasons-2025-01-01-2025-01-07.csv"` {
		t.Errorf("an empty export: %d %q %v", code, body, h)
	}
}
