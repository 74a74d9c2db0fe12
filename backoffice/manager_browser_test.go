package main

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// managerBrowser drives the manager's pages in a headless Chromium.
type managerBrowser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func (b *managerBrowser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

func (b *managerBrowser) eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return s
}

// login fills the login form, which is on screen, sends it and waits for
// the next page.
func (b *managerBrowser) login(staff, pin string) {
	b.t.Helper()
	b.eval(`window.before = "yes"`)
	b.run(chromedp.WaitVisible("#staff"), chromedp.SetValue("#staff", staff), chromedp.SetValue("#pin", pin), chromedp.Submit("#pin"))
	b.until(`window.before === undefined && document.readyState === "complete"`)
}

// until evaluates js until it is true, through page loads.
func (b *managerBrowser) until(js string) {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: never true (%v)", js, err)
		}
		select {
		case <-b.ctx.Done():
			b.t.Fatal(b.ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitText waits until the text of sel contains want.
func (b *managerBrowser) waitText(sel, want string) {
	b.t.Helper()
	js := `(() => { const e = document.querySelector(` + quoteJS(sel) + `); return !!e && e.textContent.includes(` + quoteJS(want) + `); })()`
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		b.t.Fatalf("%s never said %q: %v; it says %q", sel, want, err, b.eval(`(document.querySelector(`+quoteJS(sel)+`) || {}).textContent || ""`))
	}
}

func quoteJS(s string) string { return "`" + strings.ReplaceAll(s, "`", "\\`") + "`" }

// shot saves the whole page as name.png in -shots, at width × height.
func (b *managerBrowser) shot(name string, width, height int64) {
	b.save(name, width, height, chromedp.FullScreenshot(100))
}

// shotScreen saves what a screen of width × height shows, as name.png in
// -shots.
func (b *managerBrowser) shotScreen(name string, width, height int64) {
	b.save(name, width, height, chromedp.CaptureScreenshot())
}

func (b *managerBrowser) save(name string, width, height int64, capture chromedp.Action[[]byte]) {
	b.t.Helper()
	if *shots == "" {
		return
	}
	b.run(chromedp.EmulateViewport(width, height))
	png, err := chromedp.Run(b.ctx, capture)
	if err == nil {
		err = os.WriteFile(filepath.Join(*shots, name+".png"), png, 0o644)
	}
	if err != nil {
		b.t.Fatal(err)
	}
}

// TestManagerPages signs a manager in, in a real headless Chromium, on a
// hub holding two weeks of history: a non-manager and a wrong PIN are
// refused; the live floor follows a call; a week's report draws its charts
// as SVG; its CSV exports start with a byte-order mark and use the
// separator asked for; signing out closes the pages. -shots dir saves the
// live floor and the report, on a desktop and on a phone.
func TestManagerPages(t *testing.T) {
	httpAddr, broker := bootOn(t, writeHistory(t, 14))
	ctx := context.Background()
	bctx, consoleErrors := browser(t)
	bctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()
	b := &managerBrowser{t: t, ctx: bctx, base: "http://" + httpAddr}
	b.run(chromedp.EmulateViewport(1280, 900))

	t.Run("SignIn", func(t *testing.T) {
		b.t = t
		b.run(chromedp.Navigate(b.base + "/manager/report?lang=fr"))
		if u := b.eval(`location.pathname`); u != "/manager/login" {
			t.Fatalf("without a session: at %s, want the login page", u)
		}
		b.login("conseil", "1234")
		b.waitText(".error", "n'est pas un compte de responsable")
		b.login("manager", "0000")
		b.waitText(".error", "Identifiant ou code PIN incorrect")
		if c := b.eval(`document.cookie`); c != "" {
			t.Errorf("cookies a script can read: %q", c)
		}
		b.login("manager", "1234")
		b.waitText("h1", "En direct")
	})

	t.Run("LiveFloor", func(t *testing.T) {
		b.t = t
		kiosk, counter := synctest.StartDevice(t, "kiosk-1", broker), synctest.StartDevice(t, "counter-2", broker)
		kiosk.Ready()
		counter.Synced()
		for _, reason := range []string{"purchase", "purchase", "sim", "other"} {
			if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: reason, Lang: "fr"}, false); err != nil {
				t.Fatal(err)
			}
		}
		synctest.WaitFor(t, "the tickets on the hub", func() bool { return kiosk.Pending() == 0 })
		b.waitText("table.queues", "Acheter")
		b.waitText("table.staff", "Sert A")
		b.waitText("table.staff", "En pause : déjeuner")
		b.waitText(".devices .alert", "imprimante sans papier")
		b.waitText("table.queues tr.late", "1 hors délai")
		if n := b.eval(`String(document.querySelectorAll("table.queues tr.late").length)`); n != "2" {
			t.Errorf("%s queues past their target, want the purchases and the SIM swaps", n)
		}
		b.eval(`window.stayed = "yes"`)
		if _, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "manager", Counter: "c2", PIN: "1234"}); err != nil {
			t.Fatal(err)
		}
		if _, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "manager", Counter: "c2"}); err != nil {
			t.Fatal(err)
		}
		b.waitText("table.staff", "Appelle S")
		if b.eval(`window.stayed`) != "yes" {
			t.Error("the floor reloaded rather than following its stream")
		}
		b.shot("floor-desktop", 1280, 900)
		b.shot("floor-phone", 390, 844)
		b.run(chromedp.EmulateViewport(1280, 900))
	})

	t.Run("Report", func(t *testing.T) {
		b.t = t
		b.run(chromedp.Navigate(b.base+"/manager/report?lang=fr"), chromedp.WaitVisible(".quick"))
		b.run(chromedp.Click(`.quick li:nth-child(4) a`), chromedp.WaitVisible("figure svg"))
		// Waits and arrivals by hour, the share within target by day, the
		// NPS by wait.
		if n := b.eval(`String(document.querySelectorAll("figure svg").length)`); n != "4" {
			t.Errorf("%s charts, want 4", n)
		}
		// The bars and lines are drawn, in colour: the charts' styles pass
		// the page's Content-Security-Policy.
		if fill := b.eval(`getComputedStyle(document.querySelectorAll("figure svg")[1].querySelectorAll("path")[3]).fill`); fill == "" || fill == "rgb(0, 0, 0)" {
			t.Errorf("the bars are filled with %q: their style was refused", fill)
		}
		if !strings.Contains(b.eval(`document.querySelector("table.figures").textContent`), "Acheter") {
			t.Error("no purchases in the table by reason")
		}
		if n := b.eval(`String(document.querySelectorAll("table.answers").length)`); n != "2" {
			t.Errorf("%s lists of answers, want the detractors and the comments", n)
		}
		b.shot("report-week-desktop", 1280, 900)
		b.shot("report-week-phone", 390, 844)
		b.run(chromedp.EmulateViewport(1280, 900))
		// Every text is translated, in both languages; the switch keeps
		// the range.
		week := b.eval(`location.search.replace("lang=fr", "")`)
		if b.eval(`String(document.body.innerText.includes("manager."))`) != "false" {
			t.Error("a key untranslated in French")
		}
		b.run(chromedp.Click(`nav.langs a[hreflang="en"]`), chromedp.WaitVisible(`html[lang="en"] figure svg`))
		if h1, search := b.eval(`document.querySelector("h1").textContent`), b.eval(`location.search.replace("lang=en", "")`); h1 != "Reports" || search != week {
			t.Errorf("in English: %q, range %q, want %q", h1, search, week)
		}
		if b.eval(`String(document.body.innerText.includes("manager."))`) != "false" {
			t.Error("a key untranslated in English")
		}
		b.run(chromedp.Click(`nav.langs a[hreflang="fr"]`), chromedp.WaitVisible(`html[lang="fr"] figure svg`))
	})

	t.Run("CSV", func(t *testing.T) {
		b.t = t
		for _, tc := range []struct{ table, sep, first string }{{"visits", ";", "Jour;Numéro"}, {"hours", ",", "Heure,Arrivées"}} {
			href := b.eval(`[...document.querySelectorAll(".exports a")].map(a => a.href).find(h => h.includes("table=` + tc.table + `&") && h.includes("sep=` + url.QueryEscape(tc.sep) + `"))`)
			got := b.eval(`fetch(` + quoteJS(href) + `).then(r => r.arrayBuffer()).then(b => { const u = new Uint8Array(b);
				return [...u.slice(0, 3)].join(" ") + "|" + new TextDecoder().decode(u.slice(3)).split("\n")[0]; })`)
			parts := strings.SplitN(got, "|", 2)
			if len(parts) != 2 || parts[0] != "239 187 191" || !strings.HasPrefix(parts[1], tc.first) {
				t.Errorf("%s: %q", tc.table, got)
			}
		}
	})

	t.Run("Visitor", func(t *testing.T) {
		b.t = t
		b.run(chromedp.Navigate(b.base+"/manager/visitor?lang=fr&phone=%2B33600000000"), chromedp.WaitVisible(`form.declare`))
		if b.eval(`String(document.body.innerText.includes("manager."))`) != "false" {
			t.Error("a key untranslated on the visitor's page")
		}
		b.shot("visitor-desktop", 1280, 900)
	})

	t.Run("SignOut", func(t *testing.T) {
		b.t = t
		b.run(chromedp.Click(".logout button"), chromedp.WaitVisible("#staff"))
		b.run(chromedp.Navigate(b.base + "/manager/?lang=fr"))
		if u := b.eval(`location.pathname`); u != "/manager/login" {
			t.Errorf("after signing out: at %s", u)
		}
	})
	// Refused logins answer 401 or 403, which Chromium logs.
	for _, e := range consoleErrors() {
		if !strings.Contains(e, "/manager/login") {
			t.Errorf("console error: %q", e)
		}
	}
}

// TestManagerLockout: five wrong PINs for the manager lock the login, in
// a sentence that says how long to wait; the right PIN is then refused
// too, until the delay is over.
func TestManagerLockout(t *testing.T) {
	httpAddr, _ := boot(t)
	bctx, _ := browser(t)
	bctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()
	b := &managerBrowser{t: t, ctx: bctx, base: "http://" + httpAddr}
	b.run(chromedp.Navigate(b.base + "/manager/login?lang=en"))
	for range 4 {
		b.login("manager", "9999")
		b.waitText(".error", "Wrong staff id or PIN")
	}
	b.login("manager", "9999")
	b.waitText(".error", "Too many failed tries")
	b.waitText(".error", "Try again in 30 s")
	b.login("manager", "1234")
	b.waitText(".error", "Too many failed tries")
	if u := b.eval(`location.pathname`); u != "/manager/login" {
		t.Errorf("at %s after a locked login", u)
	}
}
