package managerpage

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"accueil/internal/chart"
	"accueil/internal/queue"
	"accueil/internal/report"
)

// The reports, /manager/report?from=2026-03-23&to=2026-03-29 (today by
// default): report.Compute rendered as tables, charts and a heat map, with
// links to the same figures as CSV (/manager/report.csv).

// ReportView is a report as the page shows it.
type ReportView struct {
	From, To  string
	Quick     []QuickLink
	Empty     bool // no visit in the range
	Total     FiguresRow
	Reasons   []FiguresRow
	Hours     []FiguresRow
	Staff     []StaffRow
	Rebonds   []RebondRow // by rule, then by staff member
	Charts    []ChartView
	HeatHours []string
	Heat      []HeatRow
	NPS       NPSView
	Exports   []ExportLink
}

// NPSView is what visitors answered after their visit.
type NPSView struct {
	Score                                    string // "+32", or "" without answers
	Answers, Promoters, Passives, Detractors int
	Chart                                    *ChartView
	Detractor, Comments                      []AnswerRow // the latest maxAnswers
}

type AnswerRow struct {
	Day, Number, Reason, Staff, Wait, Comment string
	Score                                     int
	Class                                     string // promoter, passive or detractor
}

// maxAnswers is how many of the latest answers the page lists.
const maxAnswers = 20

type QuickLink struct {
	Label, Href string
	Current     bool
}

// FiguresRow is one line of the per-reason or per-hour tables.
type FiguresRow struct {
	Label                                                       string
	Arrivals, Served, WalkOuts, NoShows, Transfers              int
	WaitMean, WaitMedian, WaitP90, ServiceMean, ServiceP90, SLA string
	NPS                                                         string
}

// RebondRow is what became of the suggestions to the staff of a rule or
// a staff member: visits matched, proposed to, accepted.
type RebondRow struct {
	Label, Kind        string // Kind: "rule" or "staff"
	Matched            int
	Proposed, Accepted string // "4 (67 %)": of the matched, of the proposed
}

// rebondRow renders r with label.
func (p *page) rebondRow(label, kind string, r report.Rebond) RebondRow {
	pct := func(n int, share float64) string { return fmt.Sprintf("%d (%.0f %%)", n, 100*share) }
	return RebondRow{Label: label, Kind: kind, Matched: r.Matched,
		Proposed: pct(r.Proposed, r.ProposedShare()), Accepted: pct(r.Accepted, r.AcceptedShare())}
}

type StaffRow struct {
	Name                                   string
	Served, SIMSwaps                       int
	ServiceMean, ServiceMedian, ServiceP90 string
	NPS                                    string
}

type ChartView struct {
	Title, Summary string
	SVG            template.HTML
}

type HeatRow struct {
	Day   string
	Cells []HeatCell
}

type HeatCell struct {
	Class, Text, Title string
}

type ExportLink struct {
	Label     string
	Semicolon string // the CSV's address, separated by ;
	Comma     string // and by ,
}

// reportRange is the range asked for, today when none is.
func reportRange(r *http.Request, today string) report.Range {
	q := r.URL.Query()
	rg := report.Range{From: q.Get("from"), To: q.Get("to")}
	if !q.Has("from") && !q.Has("to") {
		rg = report.Range{From: today, To: today}
	}
	if rg.To == "" && q.Has("from") && !q.Has("to") {
		rg.To = rg.From
	}
	return rg
}

// rangeSentence says why rg cannot be reported, in p's language.
func rangeSentence(p *page, err error) string {
	var re *report.RangeError
	if !errors.As(err, &re) {
		return p.L("manager.report.failed")
	}
	switch re.Code {
	case report.RangeBadDate:
		if re.Day == "" {
			return p.L("manager.report.no_date")
		}
		return p.L("manager.report.bad_date", "Day", re.Day)
	case report.RangeReversed:
		return p.L("manager.report.reversed", "From", re.Range.From, "To", re.Range.To)
	}
	return p.L("manager.report.too_long", "Days", re.Days, "Max", report.MaxDays)
}

func (s *Pages) reportPage(rw http.ResponseWriter, r *http.Request, p *page) {
	p.Nav = "report"
	var cfg queue.Config
	if err := s.read(r, func(st *queue.State) { cfg = st.Config }); err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	loc := cfg.Location()
	now := s.now().In(loc)
	rg := reportRange(r, queue.Day(now, loc))
	v := ReportView{From: rg.From, To: rg.To, Quick: quickLinks(p, now, rg)}
	p.Body = &v
	rep, err := report.Compute(r.Context(), s.reports, &cfg, rg)
	if err != nil {
		p.Error = rangeSentence(p, err)
		s.render(rw, p, "report", http.StatusBadRequest)
		return
	}
	v.Exports = exportLinks(p, rg)
	v.Empty = rep.Total.Arrivals == 0
	if !v.Empty {
		cs := &charts{}
		if err := viewReport(p, &v, rep, &cfg, cs); err != nil {
			slog.Error("manager report: charts", "range", rg, "err", err)
			p.Error = p.L("manager.report.failed")
			s.render(rw, p, "report", http.StatusInternalServerError)
			return
		}
		css, source := cs.stylesheet()
		p.ChartCSS = css
		rw.Header().Set("Content-Security-Policy", strings.Replace(policy, "style-src 'self'", "style-src 'self' "+source, 1))
	}
	s.render(rw, p, "report", http.StatusOK)
}

// quickLinks are the usual ranges: today, yesterday, this week, last week,
// the last 30 days.
func quickLinks(p *page, now time.Time, cur report.Range) []QuickLink {
	var out []QuickLink
	for _, q := range report.QuickRanges(now) {
		out = append(out, QuickLink{Label: p.L("manager.report.quick." + q.Key), Current: q.Range == cur,
			Href: "/manager/report?" + url.Values{"from": {q.From}, "to": {q.To}, "lang": {p.Lang}}.Encode()})
	}
	return out
}

func exportLinks(p *page, rg report.Range) []ExportLink {
	var out []ExportLink
	for _, table := range csvTables {
		href := func(sep string) string {
			return "/manager/report.csv?" + url.Values{"from": {rg.From}, "to": {rg.To}, "table": {table}, "sep": {sep}, "lang": {p.Lang}}.Encode()
		}
		out = append(out, ExportLink{Label: p.L("manager.csv.table." + table), Semicolon: href(";"), Comma: href(",")})
	}
	return out
}

// stat says a duration of s, or a dash when nothing was measured.
func (p *page) stat(n int, d time.Duration) string {
	if n == 0 {
		return "–"
	}
	return p.minutes(d)
}

func (p *page) figures(label string, f *report.Figures) FiguresRow {
	row := FiguresRow{Label: label, Arrivals: f.Arrivals, Served: f.Served, WalkOuts: f.WalkOuts, NoShows: f.NoShows, Transfers: f.Transfers,
		WaitMean: p.stat(f.Wait.N, f.Wait.Mean), WaitMedian: p.stat(f.Wait.N, f.Wait.Median), WaitP90: p.stat(f.Wait.N, f.Wait.P90),
		ServiceMean: p.stat(f.Service.N, f.Service.Mean), ServiceP90: p.stat(f.Service.N, f.Service.P90), SLA: "–"}
	if f.Called > 0 {
		row.SLA = fmt.Sprintf("%.0f %%", 100*f.SLAShare())
	}
	row.NPS = p.nps(f.NPS)
	return row
}

// nps says a Net Promoter Score and how many answered, or a dash.
func (p *page) nps(n report.NPS) string {
	if n.Answers == 0 {
		return "–"
	}
	return p.L("manager.report.nps_of", "Score", fmt.Sprintf("%+.0f", n.Score()), "Count", n.Answers)
}

// hourLabel names an hour of the day.
func (p *page) hourLabel(h int) string { return p.L("manager.report.hour", "H", h) }

// viewReport fills v from rep, drawing its charts with cs.
func viewReport(p *page, v *ReportView, rep *report.Report, cfg *queue.Config, cs *charts) error {
	v.Total = p.figures(p.L("manager.report.total"), &rep.Total)
	for _, r := range byReason(cfg, rep, p.Lang) {
		v.Reasons = append(v.Reasons, p.figures(r.name, r.f))
	}
	first, last := rep.HourSpan()
	var heatHours []int
	for h := first; h <= last; h++ {
		v.Hours = append(v.Hours, p.figures(p.hourLabel(h), &rep.Hours[h]))
		heatHours = append(heatHours, h)
		v.HeatHours = append(v.HeatHours, p.hourLabel(h))
	}
	for _, s := range cfg.Staff {
		if f := rep.Staff[s.ID]; f != nil {
			v.Staff = append(v.Staff, StaffRow{Name: s.Name, Served: f.Served, SIMSwaps: f.SIMSwaps, NPS: p.nps(f.NPS),
				ServiceMean: p.stat(f.Service.N, f.Service.Mean), ServiceMedian: p.stat(f.Service.N, f.Service.Median), ServiceP90: p.stat(f.Service.N, f.Service.P90)})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(rep.Rebonds)) {
		label := id
		if i := slices.IndexFunc(cfg.Rebonds, func(r queue.Rebond) bool { return r.ID == id }); i >= 0 {
			label = cfg.Rebonds[i].Text.In(p.Lang)
		}
		v.Rebonds = append(v.Rebonds, p.rebondRow(label, "rule", *rep.Rebonds[id]))
	}
	for _, s := range cfg.Staff {
		if f := rep.Staff[s.ID]; f != nil && f.Rebond.Matched > 0 {
			v.Rebonds = append(v.Rebonds, p.rebondRow(s.Name, "staff", f.Rebond))
		}
	}
	for _, c := range chart.Report(rep, p.L, func(day string) string { return p.dayLabel(dayOf(day)) }) {
		svg, err := cs.draw(c.Chart)
		if err != nil {
			return err
		}
		v.Charts = append(v.Charts, ChartView{Title: c.Title, Summary: c.Summary, SVG: svg})
	}
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		row := HeatRow{Day: p.L(fmt.Sprintf("manager.weekday.%d", wd))}
		for _, h := range heatHours {
			s := rep.Heat[wd][h]
			c := HeatCell{Class: "h0", Text: "·", Title: p.L("manager.report.heat_none")}
			if s.N > 0 {
				c = HeatCell{Class: heatClass(s.Mean), Text: fmt.Sprintf("%.0f", s.Mean.Minutes()),
					Title: p.L("manager.report.heat_cell", "Mean", p.minutes(s.Mean), "Count", s.N)}
			}
			row.Cells = append(row.Cells, c)
		}
		v.Heat = append(v.Heat, row)
	}
	return viewNPS(p, &v.NPS, rep, cfg, cs)
}

// viewNPS fills v from the answers of rep.
func viewNPS(p *page, v *NPSView, rep *report.Report, cfg *queue.Config, cs *charts) error {
	n := rep.Total.NPS
	if n.Answers == 0 {
		return nil
	}
	v.Score = fmt.Sprintf("%+.0f", n.Score())
	v.Answers, v.Promoters, v.Passives, v.Detractors = n.Answers, n.Promoters, n.Passives, n.Detractors
	bars, _ := chart.NPSByWait(rep, p.L)
	svg, err := cs.draw(bars)
	if err != nil {
		return err
	}
	v.Chart = &ChartView{Title: p.L("manager.report.chart.nps"), Summary: p.L("manager.report.chart.nps_sum"), SVG: svg}
	row := func(a report.Answer) AnswerRow {
		r := AnswerRow{Day: p.dayLabel(dayOf(a.Day)), Number: a.Number, Reason: a.Reason, Staff: a.Staff, Score: a.Score,
			Comment: a.Comment, Wait: p.minutes(a.Wait), Class: "passive"}
		if rs := cfg.Reason(a.Reason); rs != nil {
			r.Reason = rs.Name.In(p.Lang)
		}
		if s := cfg.StaffMember(a.Staff); s != nil {
			r.Staff = s.Name
		}
		switch {
		case a.Score >= 9:
			r.Class = "promoter"
		case a.Score <= 6:
			r.Class = "detractor"
		}
		return r
	}
	for _, a := range rep.Detractors[:min(len(rep.Detractors), maxAnswers)] {
		v.Detractor = append(v.Detractor, row(a))
	}
	for _, a := range rep.Comments[:min(len(rep.Comments), maxAnswers)] {
		v.Comments = append(v.Comments, row(a))
	}
	return nil
}

// dayOf reads a business day of the store's database.
func dayOf(day string) time.Time {
	t, _ := time.Parse(time.DateOnly, day)
	return t
}

// heatLimits are the upper bounds of the heat map's colours h1..h4; h5
// is anything longer.
var heatLimits = []time.Duration{5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 20 * time.Minute}

func heatClass(mean time.Duration) string {
	for i, l := range heatLimits {
		if mean < l {
			return fmt.Sprintf("h%d", i+1)
		}
	}
	return "h5"
}

// dayLabel is a short date in p's language.
func (p *page) dayLabel(t time.Time) string {
	return p.L(fmt.Sprintf("manager.weekday.%d", t.Weekday())) + " " + t.Format(p.L("manager.date_short"))
}

// reasonFigures are the figures of one reason, with its name.
type reasonFigures struct {
	name string
	f    *report.Figures
}

// byReason returns the figures of rep by reason, in lang: in the
// configuration's order, then those of reasons no longer configured, by
// their former names.
func byReason(cfg *queue.Config, rep *report.Report, lang string) []reasonFigures {
	var out []reasonFigures
	for _, r := range cfg.Reasons {
		if f := rep.Reasons[r.Code]; f != nil {
			out = append(out, reasonFigures{r.Name.In(lang), f})
		}
	}
	for _, code := range slices.Sorted(maps.Keys(rep.Reasons)) {
		if cfg.Reason(code) == nil {
			out = append(out, reasonFigures{cmp.Or(cfg.ReasonName(code).In(lang), code), rep.Reasons[code]})
		}
	}
	return out
}
