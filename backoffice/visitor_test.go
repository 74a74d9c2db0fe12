package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// TestVisitorRights: a manager exports what the shop keeps about a visitor
// (by phone number), then erases it at the visitor's request; the export is
// then empty, on the hub and on a tablet's replica; a request without a
// session is refused.
func TestVisitorRights(t *testing.T) {
	ctx := context.Background()
	httpAddr, broker := boot(t)
	base := "http://" + httpAddr
	kiosk, desk := synctest.StartDevice(t, "kiosk-1", broker), synctest.StartDevice(t, "counter-1", broker)
	kiosk.Ready()
	desk.Synced()
	const phone = "+33677665544"
	tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "sim", Phone: phone}, false)
	if err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "the ticket on the tablet", func() bool { return desk.View().Tickets[tk.ID] != nil })

	anonymous := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := anonymous.PostForm(base+"/manager/visitor/erase", url.Values{"phone": {phone}}); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("an erasure without a session answered %s", resp.Status)
	}

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	if resp, err := client.PostForm(base+"/manager/login", url.Values{"staff": {"manager"}, "pin": {synctest.PIN}}); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	export := func() string {
		t.Helper()
		resp, err := client.Get(base + "/manager/visitor.json?" + url.Values{"phone": {phone}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("export: %s %s", resp.Status, b)
		}
		return string(b)
	}
	if got := export(); !strings.Contains(got, phone) || !strings.Contains(got, tk.Number) {
		t.Fatalf("export %s, want the visit with its phone number", got)
	}
	page := func(path string) string {
		t.Helper()
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	shown := page("/manager/visitor?lang=en&" + url.Values{"phone": {phone}}.Encode())
	if !strings.Contains(shown, tk.Number) || !strings.Contains(shown, "Erase their data from 1 visit(s)") || !strings.Contains(shown, "/manager/visitor.json?") {
		t.Fatalf("the visitor's page lists not the visit:\n%s", shown)
	}
	resp, err := client.PostForm(base+"/manager/visitor/erase?lang=en", url.Values{"phone": {phone}, "csrf": {csrfOf(t, shown)}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(got), "Data erased from 1 visit(s)") {
		t.Fatalf("after the erasure the page says:\n%s", got)
	}
	if got := export(); strings.Contains(got, phone) {
		t.Errorf("after the erasure the export still shows %s", got)
	}
	synctest.WaitFor(t, "the erasure on the tablet", func() bool {
		left, err := desk.DB.VisitsOf(ctx, queue.Visitor{Phone: phone})
		return err == nil && len(left) == 0 && desk.View().Tickets[tk.ID].Phone == ""
	})
}
