package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accueil/internal/queue"
	"accueil/internal/store"
	"accueil/internal/synctest"
)

// csrfOf returns the forms' token of a manager's page.
func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no token in the page:\n%s", page)
	}
	return m[1]
}

// TestManagerConfig: a manager changes the store's configuration in a real
// headless Chromium. Input the rules refuse is not saved and each sentence
// shows next to its field; a change saved reaches a running kiosk; a
// reason nobody can serve is saved with a warning; a PIN reset works and
// stays out of the log; a reason deleted keeps its name, one a visitor
// waits for cannot be deleted; the history names who changed what; a form
// without the session's token is refused. -shots dir saves the page.
func TestManagerConfig(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "hub.db")
	httpAddr, broker := bootOn(t, dbPath)
	kiosk := synctest.StartDevice(t, "kiosk-1", broker)
	kiosk.Ready()
	bctx, consoleErrors := browser(t)
	bctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()
	b := &managerBrowser{t: t, ctx: bctx, base: "http://" + httpAddr}
	b.run(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(b.base+"/manager/config?lang=fr"))
	b.login("manager", "1234")
	b.run(chromedp.Navigate(b.base+"/manager/config?lang=fr"), chromedp.WaitVisible(chromedp.CSS("#store-name")))
	// set types v into the field sel.
	set := func(sel, v string) {
		b.t.Helper()
		b.eval(`document.querySelector(` + quoteJS(sel) + `).value = ` + quoteJS(v) + `; ""`)
	}
	// submit sends the form holding sel and waits for the next page.
	submit := func(sel string) {
		b.t.Helper()
		b.eval(`window.before = "yes"`)
		b.run(chromedp.Submit(chromedp.CSS(sel)))
		b.until(`window.before === undefined && document.readyState === "complete"`)
	}
	// click presses the button sel, shown or folded, and waits for the
	// next page.
	click := func(sel string) {
		b.t.Helper()
		b.eval(`window.before = "yes"; document.querySelector(` + quoteJS(sel) + `).click(); ""`)
		b.until(`window.before === undefined && document.readyState === "complete"`)
	}
	history := func() int {
		return len(strings.Split(strings.TrimSpace(b.eval(`document.querySelector("table.history tbody").innerText`)), "\n"))
	}
	if n := history(); n != 1 {
		t.Fatalf("%d changes in the history of a new store", n)
	}

	t.Run("Refused", func(t *testing.T) {
		b.t = t
		b.eval(`document.querySelector("#store-name").removeAttribute("required"); ""`)
		set("#store-name", "")
		set("#retention", "5000")
		submit("#store-name")
		b.waitText("#store-name + .error", "Donnez un nom à la boutique.")
		b.waitText("#retention + .error", "Les données personnelles se gardent de 1 à 1095 jours.")
		set("#reason-0-prefix", "S")
		submit("#reason-0-prefix")
		b.waitText("#reason-0-prefix + .error", "Un autre motif utilise déjà cette lettre")
		if v := b.eval(`document.querySelector("#reason-0-prefix").value`); v != "S" {
			t.Errorf("the letter typed is lost: %q", v)
		}
		set("#reason-1-questions", "why | Pourquoi ?")
		submit("#reason-1-questions")
		b.waitText("#reason-1-questions ~ .error", "ne suit pas la forme")
		if n := history(); n != 1 {
			t.Errorf("%d changes after refusals, want none saved", n)
		}
		b.eval(`document.querySelector("#reason-1-prefix").scrollIntoView(); ""`)
		b.shotScreen("config-refused-desktop", 1280, 900)
	})

	t.Run("Saved", func(t *testing.T) {
		b.t = t
		b.run(chromedp.Navigate(b.base+"/manager/config?lang=fr"), chromedp.WaitVisible(chromedp.CSS("#store-name")))
		set("#store-name", "Boutique Lyon Part-Dieu")
		set("#open-1", "09:30")
		set("#close-1", "19:00")
		submit("#store-name")
		b.waitText(".done", "Enregistré")
		synctest.WaitFor(t, "the new name on the kiosk", func() bool {
			c := kiosk.View().Config
			return c.Store == "Boutique Lyon Part-Dieu" && len(c.Hours) == 1 && c.Hours[0] == queue.Opening{Day: time.Monday, Open: "09:30", Close: "19:00"}
		})
		b.waitText("table.history tbody tr:first-child", "Marie")
		if what := b.eval(`document.querySelector("table.history tbody tr:first-child td:last-child").textContent`); what != "Boutique, Horaires" {
			t.Errorf("the history says %q changed, want the shop and its hours", what)
		}
	})

	t.Run("Warned", func(t *testing.T) {
		b.t = t
		set("#reason-1-skill", "repair")
		submit("#reason-1-skill")
		b.waitText(".warnings", "Personne ne peut servir le motif « Changer ma carte SIM »")
		synctest.WaitFor(t, "the skill on the kiosk", func() bool { return kiosk.View().Config.Reason("sim").Skill == "repair" })
	})

	t.Run("PIN", func(t *testing.T) {
		b.t = t
		staff := `form[action^="/manager/config/staff"]:has(input[value="conseil"])`
		set(staff+` input[name="pin"]`, "12")
		submit(staff + ` input[name="pin"]`)
		b.waitText(staff+` .error`, "Un code PIN a 6 chiffres ou plus")
		set(staff+` input[name="pin"]`, "246810")
		set(staff+` input[name="name"]`, "Chloé B.")
		submit(staff + ` input[name="pin"]`)
		b.waitText(".done", "Enregistré")
		// The new PIN is right: the login goes as far as the role.
		resp, err := http.PostForm(b.base+"/manager/login?lang=fr", url.Values{"staff": {"conseil"}, "pin": {"246810"}})
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(page), "n&#39;est pas un compte de responsable") {
			t.Errorf("the new PIN is refused:\n%s", page)
		}
		db, err := store.Open(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		changes, err := db.ConfigChanges(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range changes {
			if strings.Contains(string(e.Body), "246810") || strings.Contains(strings.ToLower(string(e.Body)), "pin") {
				t.Errorf("a PIN in the log: %s", e.Body)
			}
		}
	})

	t.Run("DeleteReason", func(t *testing.T) {
		b.t = t
		if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "purchase", Lang: "fr"}, false); err != nil {
			t.Fatal(err)
		}
		synctest.WaitFor(t, "the ticket on the hub", func() bool { return kiosk.Pending() == 0 })
		click(`form:has(#reason-0-code) button.delete`)
		b.waitText(`form:has(#reason-0-code) .error`, "Des visiteurs attendent")
		other := `form:has(input[name="code"][value="other"]) button.delete`
		click(other)
		b.waitText(".done", "Enregistré")
		synctest.WaitFor(t, "the reason gone from the kiosk", func() bool {
			c := kiosk.View().Config
			return c.Reason("other") == nil && c.ReasonName("other").In("fr") == "Autre demande"
		})
	})

	t.Run("English", func(t *testing.T) {
		b.t = t
		if b.eval(`String(document.body.innerText.includes("manager."))`) != "false" {
			t.Error("a key untranslated in French")
		}
		b.eval(`scrollTo(0, 0); ""`)
		b.shot("config-desktop", 1280, 900)
		b.shot("config-phone", 390, 844)
		b.run(chromedp.EmulateViewport(1280, 900), chromedp.Click(`nav.langs a[hreflang="en"]`), chromedp.WaitVisible(`html[lang="en"] #store-name`))
		b.waitText("h1", "Settings")
		if b.eval(`String(document.body.innerText.includes("manager."))`) != "false" {
			t.Error("a key untranslated in English")
		}
		b.waitText(".warnings", `Nobody can serve the reason "Replace my SIM card"`)
	})

	t.Run("WithoutToken", func(t *testing.T) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		resp, err := c.PostForm(b.base+"/manager/login", url.Values{"staff": {"manager"}, "pin": {"1234"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for _, token := range []string{"", "forged"} {
			resp, err := c.PostForm(b.base+"/manager/config/store", url.Values{"csrf": {token}, "store": {"Pirate"}, "recall_limit": {"2"}, "retention_days": {"30"}, "outcome": {"sale"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("a form with token %q: %s, want 403", token, resp.Status)
			}
		}
	})
	for _, e := range consoleErrors() {
		if !strings.Contains(e, "/manager/config") { // refused forms answer 422
			t.Errorf("console error: %q", e)
		}
	}
}
