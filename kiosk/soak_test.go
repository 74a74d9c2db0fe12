package main

import (
	"testing"

	"fyne.io/fyne/v2"

	"accueil/internal/memstat"
	"accueil/internal/queue"
)

// soakWindow returns the app and window the soak benchmark drives, and
// how to run work on their UI goroutine; nil: a window of the test driver.
// soak_glfw_test.go (-tags glfw, under X) gives a real GLFW window.
var soakWindow func(b *testing.B) (fyne.App, fyne.Window, func(func()))

// BenchmarkSoak drives the kiosk through b.N visits (language, welcome,
// reason, questions, ticket printed, back to welcome: five to seven
// screens each)
// and reports the process's RSS and Go heap after a full collection, once
// warmed up (the first 50 visits) and at the end: a kiosk runs all day,
// its memory must stay flat.
func BenchmarkSoak(b *testing.B) {
	var opts []harnessOption
	if soakWindow != nil {
		opts = append(opts, withWindow(soakWindow(b)))
	}
	opts = append(opts, withoutSMS(), withStore(func(c *queue.Config) { c.LeaseSize = queue.MaxNumber }))
	h := newHarness(b, portrait, opts...)
	visits := []struct{ reason, answer string }{{"other", ""}, {"purchase", "renew"}, {"sim", "lost"}, {"expert", "box"}}
	visit := func(i int) {
		v := visits[i%len(visits)]
		h.tap(screenAs[*welcomeScreen](h).Langs[[]string{"en", "fr"}[i%2]])
		h.tap(screenAs[*welcomeScreen](h).Start)
		last := screenAs[*reasonsScreen](h).Reasons[v.reason]
		if v.answer != "" {
			h.tap(last)
			last = screenAs[*questionsScreen](h).Options[v.answer]
		}
		h.tap(last)
		if v.reason == "expert" { // a second question
			last = screenAs[*questionsScreen](h).Options["network"]
			h.tap(last)
		}
		if tv := h.waitPrinted(); tv.Print != Printed {
			b.Fatalf("print: %v", tv.PrintErr)
		}
		h.tap(screenAs[*ticketScreen](h).Done)
	}
	const warm = 50
	for i := range warm {
		visit(i)
	}
	heap0, rss0 := measure(b)
	b.ResetTimer()
	for i := range b.N {
		visit(i)
	}
	b.StopTimer()
	heap1, rss1 := measure(b)
	b.ReportMetric(memstat.MB(rss0), "rss-start-MB")
	b.ReportMetric(memstat.MB(rss1), "rss-end-MB")
	b.ReportMetric(memstat.MB(heap0), "heap-start-MB")
	b.ReportMetric(memstat.MB(heap1), "heap-end-MB")
}

func measure(b *testing.B) (heap, rss int64) {
	heap, rss, err := memstat.Self()
	if err != nil {
		b.Fatal(err)
	}
	return heap, rss
}
