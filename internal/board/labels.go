package board

import (
	"time"

	"fyne.io/fyne/v2/lang"

	"accueil/internal/eta"
)

// The labels below are in the current language (assets.SetLanguage), from
// assets/translations/display.*.json.

// CounterLabel is where the visitor goes: "Guichet 3".
func (c Call) CounterLabel() string {
	return lang.L("display.to_counter", map[string]any{"Counter": c.Counter})
}

// CountLabel says how many people wait: "3 personnes", "Personne".
func (l Line) CountLabel() string {
	if l.Count == 0 {
		return lang.L("display.waiting.none")
	}
	return lang.LocalizePlural("display.waiting.count", l.Count, map[string]any{"Count": l.Count})
}

// WaitLabel is the posted wait, "Attente ≈ 12 min", "Attente 10–15 min"
// when it is uncertain (see eta.Wait.Minutes), or "" when it is not known
// (the board then shows only the count).
func (l Line) WaitLabel() string {
	if !l.WaitKnown {
		return ""
	}
	if low, high := (eta.Wait{Mean: l.Wait, Low: l.WaitLow, High: l.WaitHigh}).Minutes(); low < high {
		return lang.L("display.wait.range", map[string]any{"Low": low, "High": high})
	}
	if l.Wait < 30*time.Second {
		return lang.L("display.wait.none")
	}
	m := max(1, int(l.Wait.Round(time.Minute)/time.Minute))
	return lang.L("display.wait.minutes", map[string]any{"Minutes": m})
}

// Heading says what does not work, where, and until when: "Panne en
// cours : Réseau mobile · Lyon 3e · retour prévu vers 13:00".
func (n Notice) Heading() string {
	data := map[string]any{"Service": lang.L("incident.service." + n.Service), "Area": n.Area, "Until": n.Until}
	if n.Until == "" {
		return lang.L("display.incident", data)
	}
	return lang.L("display.incident_until", data)
}
