package managerpage

import (
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"accueil/internal/queue"
	"accueil/internal/report"
)

// The exports, /manager/report.csv?from=…&to=…&table=visits&sep=;: UTF-8
// with a byte-order mark (so spreadsheets read the accents), one row
// written at a time. Durations are in seconds, shares in whole percent.

var csvTables = []string{"visits", "reasons", "hours", "staff"}

var csvColumns = map[string][]string{
	"visits": {"day", "number", "reason", "priority", "status", "arrived", "called", "ended", "wait_s", "service_s",
		"within_sla", "transfers", "staff", "counter", "outcome", "score", "comment"},
	"reasons": figuresColumns("reason"),
	"hours":   figuresColumns("hour"),
	"staff":   {"staff", "name", "served", "service_mean_s", "service_median_s", "service_p90_s", "sim_swaps", "nps", "nps_answers"},
}

func figuresColumns(first string) []string {
	return []string{first, "arrivals", "served", "wait_mean_s", "wait_median_s", "wait_p90_s", "service_mean_s", "service_p90_s",
		"within_sla_pct", "walk_outs", "no_shows", "transfers", "nps", "nps_answers"}
}

func (s *Pages) reportCSV(rw http.ResponseWriter, r *http.Request, p *page) {
	q := r.URL.Query()
	table, sep := q.Get("table"), q.Get("sep")
	cols, known := csvColumns[table]
	if !known || (sep != ";" && sep != "," && sep != "") {
		http.Error(rw, p.L("manager.csv.bad_table"), http.StatusBadRequest)
		return
	}
	var cfg queue.Config
	if err := s.read(r, func(st *queue.State) { cfg = st.Config }); err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	loc := cfg.Location()
	rg := reportRange(r, queue.Day(s.now(), loc))
	if _, err := rg.Days(); err != nil {
		http.Error(rw, rangeSentence(p, err), http.StatusBadRequest)
		return
	}
	var rep *report.Report
	if table != "visits" {
		var err error
		if rep, err = report.Compute(r.Context(), s.reports, &cfg, rg); err != nil {
			http.Error(rw, p.L("manager.report.failed"), http.StatusInternalServerError)
			return
		}
	}
	h := rw.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="accueil-%s-%s-%s.csv"`, table, rg.From, rg.To))
	h.Set("Cache-Control", "no-store")
	rw.Write([]byte("\uFEFF"))
	out := csv.NewWriter(rw)
	if sep == "," {
		out.Comma = ','
	} else {
		out.Comma = ';'
	}
	row := func(fields ...string) error {
		out.Write(fields)
		out.Flush()
		return out.Error()
	}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = p.L("manager.csv." + c)
	}
	if row(header...) != nil {
		return
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.DateTime)
	}
	switch table {
	case "visits":
		report.Visits(r.Context(), s.reports, &cfg, rg, func(v report.Visit) error {
			within, score, comment := "", "", ""
			if !v.Called.IsZero() {
				within = map[bool]string{true: "1", false: "0"}[v.WithinSLA]
			}
			if f := v.Feedback; f != nil {
				score, comment = strconv.Itoa(f.Score), text(f.Comment)
			}
			return row(v.Day, v.Number, v.Reason, string(v.Priority), string(v.Status), stamp(v.Arrived), stamp(v.Called), stamp(v.Ended),
				secs(v.Wait, !v.Called.IsZero()), secs(v.Service, v.Service > 0), within, strconv.Itoa(v.Transfers), v.Staff, v.Counter, v.Outcome,
				score, comment)
		})
	case "reasons":
		for _, r := range byReason(&cfg, rep, p.Lang) {
			if row(figuresRecord(text(r.name), r.f)...) != nil {
				return
			}
		}
	case "hours":
		for h := range rep.Hours {
			if f := &rep.Hours[h]; f.Arrivals > 0 && row(figuresRecord(strconv.Itoa(h), f)...) != nil {
				return
			}
		}
	case "staff":
		for _, m := range cfg.Staff {
			if f := rep.Staff[m.ID]; f != nil {
				sv := f.Service
				if row(append([]string{m.ID, text(m.Name), strconv.Itoa(f.Served), secs(sv.Mean, sv.N > 0), secs(sv.Median, sv.N > 0),
					secs(sv.P90, sv.N > 0), strconv.Itoa(f.SIMSwaps)}, npsRecord(f.NPS)...)...) != nil {
					return
				}
			}
		}
	}
}

// text keeps a spreadsheet from reading a text as a formula (a visitor's
// comment "=HYPERLINK(…)"): one starting with =, +, -, @, a tab or a
// carriage return gets a quote before it.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// secs is d in whole seconds, or "" when it was not measured.
func secs(d time.Duration, measured bool) string {
	if !measured {
		return ""
	}
	return strconv.Itoa(int(d.Round(time.Second) / time.Second))
}

func figuresRecord(label string, f *report.Figures) []string {
	w, s := f.Wait, f.Service
	share := ""
	if f.Called > 0 {
		share = strconv.Itoa(int(100*f.SLAShare() + 0.5))
	}
	return append([]string{label, strconv.Itoa(f.Arrivals), strconv.Itoa(f.Served), secs(w.Mean, w.N > 0), secs(w.Median, w.N > 0), secs(w.P90, w.N > 0),
		secs(s.Mean, s.N > 0), secs(s.P90, s.N > 0), share, strconv.Itoa(f.WalkOuts), strconv.Itoa(f.NoShows), strconv.Itoa(f.Transfers)}, npsRecord(f.NPS)...)
}

// npsRecord is a score in whole points and its answers; no score without
// answers.
func npsRecord(n report.NPS) []string {
	if n.Answers == 0 {
		return []string{"", "0"}
	}
	return []string{strconv.Itoa(int(math.Round(n.Score()))), strconv.Itoa(n.Answers)}
}
