package managerpage

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"accueil/assets"
	"accueil/internal/queue"
	"accueil/internal/report"
)

// TestSessions: attempts lock a staff id and an address after freeTries,
// for a delay that doubles with each new failure; a right PIN forgives
// them; a session lasts sessionTTL.
func TestSessions(t *testing.T) {
	now := time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC)
	s := newSessions(func() time.Time { return now })
	for i := range freeTries {
		if wait := s.attempt("manager", "10.0.0.5"); wait != 0 {
			t.Fatalf("attempt %d: wait %v", i+1, wait)
		}
	}
	if wait := s.locked("manager", "10.0.0.5"); wait != firstLock {
		t.Fatalf("after %d attempts: wait %v, want %v", freeTries, wait, firstLock)
	}
	if wait := s.attempt("manager", "10.0.0.5"); wait != firstLock {
		t.Errorf("an attempt while locked: wait %v", wait)
	}
	for _, tc := range []struct {
		staff, addr string
		locked      bool
	}{{"manager", "10.0.0.9", true}, {"other", "10.0.0.5", true}, {"other", "10.0.0.9", false}} {
		if got := s.locked(tc.staff, tc.addr) > 0; got != tc.locked {
			t.Errorf("%s from %s: locked %v", tc.staff, tc.addr, got)
		}
	}
	now = now.Add(firstLock)
	if wait := s.attempt("manager", "10.0.0.5"); wait != 0 {
		t.Errorf("after the delay: still %v", wait)
	}
	if wait := s.locked("manager", "10.0.0.5"); wait != 2*firstLock {
		t.Errorf("one more attempt: wait %v, want %v", wait, 2*firstLock)
	}
	s.forgive("manager", "10.0.0.5")
	if wait := s.attempt("manager", "10.0.0.5"); wait != 0 || s.locked("manager", "10.0.0.5") != 0 {
		t.Errorf("after a right PIN, an attempt waits %v", wait)
	}
	id := s.start("manager")
	r, _ := http.NewRequest("GET", "/manager/", nil)
	r.AddCookie(sessionCookieOf(id, false))
	if got := s.staff(r); got != "manager" {
		t.Errorf("session: %q", got)
	}
	now = now.Add(sessionTTL)
	if got := s.staff(r); got != "" {
		t.Errorf("after %v: still %q", sessionTTL, got)
	}
	if c := sessionCookieOf(id, false); !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/manager" || len(id) != 43 {
		t.Errorf("cookie %+v", c)
	}
}

// TestAttemptsAtOnce: of logins sent at once, freeTries go on.
func TestAttemptsAtOnce(t *testing.T) {
	s := newSessions(time.Now)
	var wg sync.WaitGroup
	var went atomic.Int32
	for range 4 * freeTries {
		wg.Go(func() {
			if s.attempt("manager", "10.0.0.5") == 0 {
				went.Add(1)
			}
		})
	}
	wg.Wait()
	if went.Load() != freeTries {
		t.Errorf("%d attempts went on, want %d", went.Load(), freeTries)
	}
}

// TestFloorLate: a queue past its target shows in red, with how many.
func TestFloorLate(t *testing.T) {
	tr, err := assets.NewTranslator("fr")
	if err != nil {
		t.Fatal(err)
	}
	p := &page{tr: tr, Lang: "fr"}
	f := report.Floor{At: time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC), Reasons: []report.FloorReason{
		{Code: "sim", Name: queue.Text{"fr": "Changer ma carte SIM"}, Waiting: 3, Longest: 74 * time.Minute, SLA: 10 * time.Minute, Late: 2},
		{Code: "purchase", Name: queue.Text{"fr": "Acheter"}, Waiting: 1, Longest: 4 * time.Minute, SLA: 10 * time.Minute, Posted: 6 * time.Minute, PostedKnown: true},
	}}
	p.Body = viewFloor(p, f, time.UTC)
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, "floor-live", p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<tr class="late">`, "1 h 14", "2 hors délai", "personne pour servir", "6 min"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
	if strings.Count(b.String(), `class="late"`) != 1 {
		t.Error("the queue within target shows late")
	}
}

// TestCSVText: a text that a spreadsheet would run as a formula is
// quoted; others are kept.
func TestCSVText(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","clic")`: `'=HYPERLINK("http://x","clic")`, "+33 6": "'+33 6", "-": "'-", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "Très bien": "Très bien", "": "", "a=b": "a=b",
	} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestQuestions: the questions of the default reasons read back as they
// were written; a line not of the form is refused.
func TestQuestions(t *testing.T) {
	for _, r := range queue.DefaultConfig().Reasons {
		got, ok := parseQuestions(formatQuestions(r.Questions))
		if !ok || formatQuestions(got) != formatQuestions(r.Questions) || len(got) != len(r.Questions) {
			t.Errorf("%s: read back %+v, %v", r.Code, got, ok)
		}
	}
	for _, bad := range []string{"- a | A | A", "what | Quoi ?", "what | Quoi ? | What? | ?"} {
		if _, ok := parseQuestions(bad); ok {
			t.Errorf("%q read", bad)
		}
	}
}

// TestByReasonFormer: a reason deleted from the configuration keeps its
// name in reports, after the reasons configured.
func TestByReasonFormer(t *testing.T) {
	cfg := queue.DefaultConfig()
	cfg.Former = map[string]queue.Text{"repair": {"fr": "Réparer", "en": "Repair"}}
	rep := &report.Report{Reasons: map[string]*report.Figures{"repair": {Arrivals: 2}, "sim": {Arrivals: 1}, "gone": {Arrivals: 1}}}
	var names []string
	for _, r := range byReason(&cfg, rep, "en") {
		names = append(names, r.name)
	}
	if want := []string{"Replace my SIM card", "gone", "Repair"}; !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
}
