package main

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"accueil/internal/eta"
)

// waitText says a wait in words: "about 12 min" (rounded up as on the
// printed ticket), "between 10 and 15 min" when it is uncertain, or that
// it is not known.
func waitText(w eta.Wait) string {
	low, high := w.Minutes()
	switch {
	case !w.Known:
		return lang.L("kiosk.wait.unknown")
	case high <= 0:
		return lang.L("kiosk.wait.none")
	case low < high:
		return lang.L("kiosk.wait.range", map[string]any{"Low": low, "High": high})
	case high >= 60:
		return lang.L("kiosk.wait.hours", map[string]any{"Hours": high / 60, "Minutes": twoDigits(high % 60)})
	default:
		return lang.L("kiosk.wait.minutes", map[string]any{"Minutes": high})
	}
}

// minutes returns the printed ticket's wait: from and to, to 0 for one
// figure.
func minutes(w eta.Wait) (from, to time.Duration) {
	low, high := w.Minutes()
	if low == high {
		return time.Duration(high) * time.Minute, 0
	}
	return time.Duration(low) * time.Minute, time.Duration(high) * time.Minute
}

func twoDigits(n int) string { return fmt.Sprintf("%02d", n) }

// aheadText says how many people wait before the visitor.
func aheadText(n int) string {
	if n <= 0 {
		return lang.L("kiosk.ticket.ahead_none")
	}
	return lang.N("kiosk.ticket.ahead", n, map[string]any{"Count": n})
}

// phoneText groups a French number by two digits, "06 12 34 56 78", and
// leaves others as typed.
func phoneText(p string) string {
	if strings.HasPrefix(p, "+") || len(p) > 10 {
		return p
	}
	var b strings.Builder
	for i, c := range p {
		if i > 0 && i%2 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}
