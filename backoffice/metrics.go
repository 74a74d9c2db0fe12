package main

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
)

// scrapers lets through to next the requests from the hub's own machine,
// and those carrying "Authorization: Bearer <token>" (Prometheus's
// bearer_token_file holding <db>.metrics-token): the figures are the
// shop's business, not the shared Wi-Fi's.
func scrapers(token string, next http.Handler) http.Handler {
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); (ip == nil || !ip.IsLoopback()) && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			rw.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(rw, "a scraper from another machine gives the hub's metrics token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(rw, r)
	})
}

// metricsHandler serves /metrics in the Prometheus text format: what the
// hub did since it started, and the open day's queue read from the hub's
// state at each scrape (its cost follows the day's tickets, not history).
func metricsHandler(hub *mqttsync.Hub) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	counter := func(name, help string, v func() int64) prometheus.CounterFunc {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return float64(v()) })
	}
	s := &hub.Stats
	reg.MustRegister(
		counter("accueil_events_applied_total", "Events written to the store's log since the hub started.", s.Applied.Load),
		counter("accueil_event_batches_total", "Transactions that wrote events since the hub started.", s.Batches.Load),
		counter("accueil_events_duplicate_total", "Events received again and answered without applying them twice.", s.Dupes.Load),
		counter("accueil_events_rejected_total", "Envelopes and events refused since the hub started.", s.Rejected.Load),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "accueil_broker_up", Help: "1 when the hub is connected to the store's MQTT broker."},
			func() float64 { return boolValue(hub.Online()) }),
		&dayCollector{hub: hub, now: time.Now},
	)
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

// dayCollector reports the open day's queue.
type dayCollector struct {
	hub *mqttsync.Hub
	now func() time.Time
}

var (
	ticketsDesc = prometheus.NewDesc("accueil_tickets", "Tickets of the open business day, by reason and status.", []string{"reason", "status"}, nil)
	waitDesc    = prometheus.NewDesc("accueil_wait_seconds", "Waits from arrival to the call of the open day's called tickets, by reason.", []string{"reason"}, nil)
	staffDesc   = prometheus.NewDesc("accueil_staff", "Staff members logged in, by state (serving, free, paused).", []string{"state"}, nil)
	alertDesc   = prometheus.NewDesc("accueil_device_alert", "1 for each device whose last alert is not ready (a printer out of paper).", []string{"device", "kind", "status"}, nil)
	answersDesc = prometheus.NewDesc("accueil_feedback_answers", "Visitors' answers on the open day's visits, by class (promoter 9-10, passive 7-8, detractor 0-6).", []string{"class"}, nil)
	waitBuckets = prometheus.ExponentialBuckets(60, 2, 7) // 1 min to 64 min
)

func (c *dayCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{ticketsDesc, waitDesc, staffDesc, alertDesc, answersDesc} {
		ch <- d
	}
}

func (c *dayCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	now := c.now()
	c.hub.Read(ctx, func(st *queue.State) {
		type key struct {
			reason string
			status queue.Status
		}
		count := map[key]int{}
		waits := map[string][]float64{}
		answers := map[string]int{"promoter": 0, "passive": 0, "detractor": 0}
		for _, t := range st.Tickets {
			count[key{t.Reason, t.Status}]++
			switch f := t.Feedback; {
			case f == nil:
			case f.Promoter():
				answers["promoter"]++
			case f.Detractor():
				answers["detractor"]++
			default:
				answers["passive"]++
			}
			if !t.CalledAt.IsZero() {
				waits[t.Reason] = append(waits[t.Reason], t.Wait(now).Seconds())
			}
		}
		for k, n := range count {
			ch <- prometheus.MustNewConstMetric(ticketsDesc, prometheus.GaugeValue, float64(n), k.reason, string(k.status))
		}
		for reason, ws := range waits {
			ch <- histogram(reason, ws)
		}
		for class, n := range answers {
			ch <- prometheus.MustNewConstMetric(answersDesc, prometheus.GaugeValue, float64(n), class)
		}
		states := map[string]int{"serving": 0, "free": 0, "paused": 0}
		for _, s := range st.Sessions {
			switch {
			case s.Paused:
				states["paused"]++
			case st.Current(s.Staff) != nil:
				states["serving"]++
			default:
				states["free"]++
			}
		}
		for state, n := range states {
			ch <- prometheus.MustNewConstMetric(staffDesc, prometheus.GaugeValue, float64(n), state)
		}
		for device, a := range st.Alerts {
			if a.Status != "" && a.Status != "ready" {
				ch <- prometheus.MustNewConstMetric(alertDesc, prometheus.GaugeValue, 1, device, a.Kind, a.Status)
			}
		}
	})
}

// histogram makes the wait histogram of a reason from its waits.
func histogram(reason string, waits []float64) prometheus.Metric {
	buckets := map[float64]uint64{}
	var sum float64
	for _, w := range waits {
		sum += w
		for _, b := range waitBuckets {
			if w <= b {
				buckets[b]++
			}
		}
	}
	return prometheus.MustNewConstHistogram(waitDesc, uint64(len(waits)), sum, buckets, reason)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
