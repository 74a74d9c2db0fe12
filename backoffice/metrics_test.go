package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// TestMetrics scrapes /metrics of a running hub after a kiosk issued three
// tickets and a tablet served one, whose visitor scored it 3 at the kiosk,
// and called the next, and reads them back with Prometheus's own parser.
func TestMetrics(t *testing.T) {
	httpAddr, broker := boot(t)
	kiosk := synctest.StartDevice(t, "kiosk-1", broker)
	tablet := synctest.StartDevice(t, "counter-1", broker)
	kiosk.Ready()
	tablet.Synced()
	ctx := context.Background()
	for _, r := range []string{"purchase", "purchase", "sim"} {
		if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: r}, false); err != nil {
			t.Fatal(err)
		}
	}
	synctest.WaitFor(t, "the kiosk's tickets sent", func() bool { return kiosk.Pending() == 0 })
	if _, err := tablet.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	a, err := tablet.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []struct {
		typ  string
		body any
	}{{queue.ServiceStarted, queue.TicketBody{Ticket: a.Ticket, Staff: "conseil"}}, {queue.ServiceFinished, queue.FinishBody{Ticket: a.Ticket, Staff: "conseil", Outcome: "resolved"}}} {
		if _, err := tablet.Submit(ctx, e.typ, e.body); err != nil {
			t.Fatal(err)
		}
	}
	synctest.WaitFor(t, "the visit over at the kiosk", func() bool { tk := kiosk.View().Tickets[a.Ticket]; return tk.Status == queue.Done })
	if _, err := kiosk.Submit(ctx, queue.FeedbackGiven, queue.FeedbackBody{Ticket: a.Ticket, Token: kiosk.View().Tickets[a.Ticket].Token, Score: 3}); err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "the answer sent", func() bool { return kiosk.Pending() == 0 })
	if _, err := tablet.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); err != nil {
		t.Fatal(err)
	}

	res, err := http.Get("http://" + httpAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	value := func(name string, labels map[string]string) float64 {
		f := families[name]
		if f == nil {
			t.Fatalf("no %s", name)
		}
	next:
		for _, m := range f.Metric {
			for _, l := range m.Label {
				if labels[l.GetName()] != l.GetValue() {
					continue next
				}
			}
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				return m.Counter.GetValue()
			case dto.MetricType_HISTOGRAM:
				return float64(m.Histogram.GetSampleCount())
			default:
				return m.Gauge.GetValue()
			}
		}
		return 0
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"accueil_tickets", map[string]string{"reason": "purchase", "status": "done"}, 1},
		{"accueil_tickets", map[string]string{"reason": "purchase", "status": "called"}, 1},
		{"accueil_tickets", map[string]string{"reason": "sim", "status": "waiting"}, 1},
		{"accueil_wait_seconds", map[string]string{"reason": "purchase"}, 2},
		{"accueil_feedback_answers", map[string]string{"class": "detractor"}, 1},
		{"accueil_feedback_answers", map[string]string{"class": "promoter"}, 0},
		{"accueil_staff", map[string]string{"state": "serving"}, 1},
		{"accueil_broker_up", nil, 1},
	} {
		if got := value(c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if got := value("accueil_events_applied_total", nil); got < 6 {
		t.Errorf("events applied: %v, want at least 6 (configuration, leases, tickets, login, call)", got)
	}
}

// TestMetricsScrapers: /metrics answers the hub's own machine, and another
// only with the metrics token.
func TestMetricsScrapers(t *testing.T) {
	h := scrapers("s3cret", http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { rw.WriteHeader(http.StatusOK) }))
	for _, tc := range []struct {
		remote, auth string
		want         int
	}{
		{"127.0.0.1:5000", "", http.StatusOK},
		{"[::1]:5000", "", http.StatusOK},
		{"192.0.2.7:5000", "", http.StatusUnauthorized},
		{"192.0.2.7:5000", "Bearer guess", http.StatusUnauthorized},
		{"192.0.2.7:5000", "Bearer s3cret", http.StatusOK},
	} {
		r := httptest.NewRequest("GET", "/metrics", nil)
		r.RemoteAddr = tc.remote
		if tc.auth != "" {
			r.Header.Set("Authorization", tc.auth)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.want {
			t.Errorf("from %s with %q: %d, want %d", tc.remote, tc.auth, w.Code, tc.want)
		}
	}
}
