package main

import (
	"testing"

	"accueil/internal/memstat"
	"accueil/internal/queue"
)

// BenchmarkSoak runs a tablet through b.N tickets on a real store (hub,
// embedded broker, the tablet's replica): a kiosk issues, the desk calls,
// starts and finishes each with an outcome. It reports the process's RSS
// and Go heap after a full collection once warmed up (50 tickets) and at
// the end: a tablet runs all day, its memory must stay flat. The process
// holds the hub and the kiosk's client too. The window is painted every
// 20 tickets, as the desktop driver paints every frame: Fyne lets go of
// what it drew for objects gone only when it paints.
func BenchmarkSoak(b *testing.B) {
	s := startShop(b)
	kiosk, _ := s.device("kiosk-1")
	tb := s.tablet("counter-1")
	tb.login("conseil", "c1", "1234")
	desk := tb.UI.Desk
	reasons := []string{"purchase", "sim", "other"} // up to 999 numbers a day each
	n := 0
	serve := func() {
		n++
		tk := issue(b, kiosk, queue.IssueBody{Reason: reasons[n%len(reasons)]})
		tb.until("the ticket", func() bool { return tb.C.View().Tickets[tk.ID] != nil && !desk.CallNext.Disabled() })
		if cur := tb.callNext(); cur == nil || cur.ID != tk.ID {
			b.Fatalf("called %+v, want %s (%s)", cur, tk.Number, tb.message())
		}
		tb.tap(desk.Start)
		desk.Outcome.Choose("sale")
		tb.tap(desk.Finish)
		if st := tb.C.View().Tickets[tk.ID].Status; st != queue.Done {
			b.Fatalf("%s is %s (%s)", tk.Number, st, tb.message())
		}
		if n%20 == 0 {
			tb.W.Canvas().Capture()
		}
	}
	for range 50 {
		serve()
	}
	heap0, rss0, err := memstat.Self()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		serve()
	}
	b.StopTimer()
	heap1, rss1, err := memstat.Self()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(memstat.MB(rss0), "rss-start-MB")
	b.ReportMetric(memstat.MB(rss1), "rss-end-MB")
	b.ReportMetric(memstat.MB(heap0), "heap-start-MB")
	b.ReportMetric(memstat.MB(heap1), "heap-end-MB")
}
