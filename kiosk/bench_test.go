package main

import (
	"slices"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// BenchmarkTapToPrint measures, on a real store (hub, embedded broker, the
// kiosk's own SQLite replica), the time from the tap on the last button of
// a visit to the ticket committed to the outbox and printed by the
// simulated printer (laid out in ESC/POS, parsed, rendered to a PNG file).
// `make bench` prints p50 and p95.
func BenchmarkTapToPrint(b *testing.B) {
	cfg := synctest.Config()
	cfg.LeaseSize = queue.MaxNumber
	hub := synctest.StartHubWith(b, "", cfg)
	dev := synctest.StartDevice(b, "kiosk-1", hub.URL())
	dev.Ready()
	h := newHarness(b, portrait, withoutSMS(), withBackend(dev.Client))
	visits := []struct{ reason, answer string }{{"other", ""}, {"purchase", "renew"}, {"sim", "lost"}}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		v := visits[i%len(visits)]
		h.tap(screenAs[*welcomeScreen](h).Start)
		last := screenAs[*reasonsScreen](h).Reasons[v.reason]
		if v.answer != "" {
			h.tap(last)
			last = screenAs[*questionsScreen](h).Options[v.answer]
		}
		start := time.Now()
		h.tap(last)
		if tv := h.waitPrinted(); tv.Print != Printed {
			b.Fatalf("print: %v", tv.PrintErr)
		}
		lat = append(lat, time.Since(start))
		h.tap(screenAs[*ticketScreen](h).Done)
	}
	b.StopTimer()
	slices.Sort(lat)
	p := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(p(0.50), "p50-ms")
	b.ReportMetric(p(0.95), "p95-ms")
	b.ReportMetric(0, "ns/op")
}
