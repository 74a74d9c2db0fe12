package main

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// TestManagerIncident: a manager declares an internet outage on the
// incidents page, in a real headless Chromium: a form missing its English
// message is refused in a sentence and keeps what was typed; declared, the
// incident is listed, reaches a kiosk through the log and shows on the
// calling display; "incident over" ends it. A form posted from another site is refused, even with the
// manager's session.
func TestManagerIncident(t *testing.T) {
	httpAddr, broker := boot(t)
	bctx, consoleErrors := browser(t)
	bctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()
	b := &managerBrowser{t: t, ctx: bctx, base: "http://" + httpAddr}
	b.run(chromedp.EmulateViewport(1280, 900))
	b.run(chromedp.Navigate(b.base + "/manager/incidents?lang=fr"))
	b.login("manager", "1234")
	b.run(chromedp.Navigate(b.base+"/manager/incidents?lang=fr"), chromedp.WaitVisible("form.declare"))
	b.waitText("main", "Aucun incident en cours.")

	b.run(chromedp.SetValue("#service", "internet"), chromedp.SetValue("#area", "Lyon 3e"),
		chromedp.SetValue("#message_fr", "Coupure de la fibre dans le quartier. Des techniciens sont sur place."))
	b.eval(`document.querySelector("#message_en").removeAttribute("required"); window.before = "yes"`)
	b.run(chromedp.Submit("#area"))
	b.until(`window.before === undefined && document.readyState === "complete"`)
	b.waitText(".error", "Écrivez le message en français et en anglais.")
	if v := b.eval(`document.querySelector("#area").value`); v != "Lyon 3e" {
		t.Errorf("the area typed is lost: %q", v)
	}

	kiosk := synctest.StartDevice(t, "kiosk-1", broker)
	kiosk.Ready()
	b.eval(`window.before = "yes"`)
	b.run(chromedp.SetValue("#message_en", "Fibre cut in the area. Technicians are on site."),
		chromedp.SetValue("#end", time.Now().Add(3*time.Hour).Format("2006-01-02T15:04")), chromedp.Submit("#area"))
	b.until(`window.before === undefined && document.readyState === "complete"`)
	b.waitText("ul.incidents", "Internet (box, fibre) · Lyon 3e")
	b.waitText("ul.incidents", "Coupure de la fibre")
	synctest.WaitFor(t, "the incident on the kiosk", func() bool {
		open := kiosk.View().OpenIncidents()
		return len(open) == 1 && open[0].Message.In("en") == "Fibre cut in the area. Technicians are on site." && open[0].Reason == "expert"
	})
	id := kiosk.View().OpenIncidents()[0].ID
	if _, err := kiosk.Issue(context.Background(), queue.IssueBody{Reason: "expert", Incident: id, Informed: true, Lang: "fr"}, false); err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "the visitor informed on the hub", func() bool { return kiosk.Pending() == 0 })
	b.run(chromedp.Reload())
	b.waitText("ul.incidents", "Aujourd'hui : 1 visite(s) pour cette panne, dont 1 repartie(s) informée(s) sans attendre.")
	b.shot("incidents-desktop", 1280, 900)
	if b.eval(`String(document.body.innerText.includes("manager."))`) != "false" {
		t.Error("a key untranslated in French")
	}

	// The calling display shows it, under the calls.
	b.run(chromedp.Navigate(b.base + "/display"))
	b.waitText("#notices .notice", "Panne en cours : Internet (box, fibre) · Lyon 3e · retour prévu vers")
	b.waitText("#notices .notice", "Coupure de la fibre dans le quartier.")
	b.shot("display-incident", 1920, 1080)
	b.run(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(b.base+"/manager/incidents?lang=fr"), chromedp.WaitVisible("ul.incidents"))
	b.eval(`window.before = "yes"`)
	b.run(chromedp.Click("ul.incidents button"))
	b.until(`window.before === undefined && document.readyState === "complete"`)
	b.waitText("main", "Aucun incident en cours.")
	synctest.WaitFor(t, "the end on the kiosk", func() bool { return len(kiosk.View().OpenIncidents()) == 0 })
	crossSite(t, "http://"+httpAddr, id)
	for _, e := range consoleErrors() {
		if !strings.Contains(e, "/manager/incidents") { // the refused form answers 422
			t.Errorf("console error: %q", e)
		}
	}
}

// crossSite signs the manager in with a plain HTTP client and posts the
// end of incident id as another site's page would: refused.
func crossSite(t *testing.T, base, id string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/manager/login", url.Values{"staff": {"manager"}, "pin": {"1234"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, base+"/manager/incidents/end", strings.NewReader(url.Values{"id": {id}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site form: %s, want 403", resp.Status)
	}
}
