package managerpage

import (
	"time"

	"accueil/assets"
	"accueil/internal/queue"
	"accueil/internal/report"
)

// Views render the manager's figures for another screen, the back office's
// window: the same views as the pages, in one language.
type Views struct{ p *page }

// NewViews returns the views in lang ("fr" or "en").
func NewViews(lang string) (*Views, error) {
	tr, err := assets.NewTranslator(lang)
	if err != nil {
		return nil, err
	}
	return &Views{p: &page{tr: tr, Lang: lang}}, nil
}

// L returns the translation of key, its template filled from pairs of
// names and values.
func (v *Views) L(key string, pairs ...any) string { return v.p.L(key, pairs...) }

// Floor renders f, in the store's time zone loc.
func (v *Views) Floor(f report.Floor, loc *time.Location) FloorView { return viewFloor(v.p, f, loc) }

// Report renders rep (its charts are the pages' own: see
// accueil/internal/chart for them as images).
func (v *Views) Report(rep *report.Report, cfg *queue.Config) (ReportView, error) {
	var out ReportView
	err := viewReport(v.p, &out, rep, cfg, &charts{})
	return out, err
}

// NPS says a Net Promoter Score and how many answered, or a dash.
func (v *Views) NPS(n report.NPS) string { return v.p.nps(n) }

// DayLabel names a business day ("2026-03-23") shortly.
func (v *Views) DayLabel(day string) string { return v.p.dayLabel(dayOf(day)) }
