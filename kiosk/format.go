package main

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"
)

// waitText says a wait in words: "about 12 min", rounded up as on the
// printed ticket, or that it is not known.
func waitText(d time.Duration, known bool) string {
	m := int(math.Ceil(d.Minutes()))
	switch {
	case !known:
		return lang.L("kiosk.wait.unknown")
	case m <= 0:
		return lang.L("kiosk.wait.none")
	case m < 60:
		return lang.L("kiosk.wait.minutes", map[string]any{"Minutes": m})
	default:
		return lang.L("kiosk.wait.hours", map[string]any{"Hours": m / 60, "Minutes": twoDigits(m % 60)})
	}
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
