package main

import (
	"testing"

	"accueil/internal/queue"
)

// BenchmarkTapToPrint measures a visit from the tap on a reason to the
// ticket printed: questions answered, ticket issued (fake backend), screen
// built, ticket laid out and rendered by the simulated printer to a PNG
// file. `make bench` prints it.
func BenchmarkTapToPrint(b *testing.B) {
	h := newHarness(b, portrait, withoutSMS(), withStore(func(c *queue.Config) { c.LeaseSize = queue.MaxNumber }))
	visits := []struct{ reason, answer string }{{"other", ""}, {"purchase", "renew"}, {"sim", "lost"}}
	b.ResetTimer()
	for i := range b.N {
		v := visits[i%len(visits)]
		h.tap(screenAs[*welcomeScreen](h).Start)
		h.tap(screenAs[*reasonsScreen](h).Reasons[v.reason])
		if v.answer != "" {
			h.tap(screenAs[*questionsScreen](h).Options[v.answer])
		}
		if tv := h.waitPrinted(); tv.Print != Printed {
			b.Fatalf("print: %v", tv.PrintErr)
		}
		h.tap(screenAs[*ticketScreen](h).Done)
	}
}
