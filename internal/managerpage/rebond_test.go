package managerpage

import (
	"strings"
	"testing"

	"accueil/assets"
	"accueil/internal/queue"
	"accueil/internal/report"
)

// TestReportRebonds: the report lists each suggestion by its text in the
// page's language, then each staff member, with the share proposed and
// accepted.
func TestReportRebonds(t *testing.T) {
	tr, err := assets.NewTranslator("fr")
	if err != nil {
		t.Fatal(err)
	}
	p := &page{tr: tr, Lang: "fr"}
	cfg := queue.DefaultConfig()
	rep := &report.Report{Range: report.Range{From: "2026-03-24", To: "2026-03-24"},
		Reasons: map[string]*report.Figures{}, Days: map[string]*report.Figures{"2026-03-24": {Arrivals: 9}},
		Staff:   map[string]*report.Figures{"expert": {Served: 6, Rebond: report.Rebond{Matched: 6, Proposed: 4, Accepted: 1}}},
		Rebonds: map[string]*report.Rebond{"fibre": {Matched: 6, Proposed: 4, Accepted: 1}}}
	rep.Total.Arrivals, rep.Hours[9].Arrivals = 9, 9
	var v ReportView
	if err := viewReport(p, &v, rep, &cfg, &charts{}); err != nil {
		t.Fatal(err)
	}
	want := []RebondRow{
		{Label: "Proposer le test d'éligibilité à la fibre", Kind: "rule", Matched: 6, Proposed: "4 (67 %)", Accepted: "1 (25 %)"},
		{Label: "Eric", Kind: "staff", Matched: 6, Proposed: "4 (67 %)", Accepted: "1 (25 %)"},
	}
	if len(v.Rebonds) != len(want) || v.Rebonds[0] != want[0] || v.Rebonds[1] != want[1] {
		t.Fatalf("rows %+v, want %+v", v.Rebonds, want)
	}
	p.Body = v
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, "report", p); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Suggestions aux conseillers") || !strings.Contains(b.String(), "1 (25 %)") {
		t.Errorf("the page has no suggestions:\n%s", b.String())
	}
}
