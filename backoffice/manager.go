package main

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"accueil/internal/chart"
	"accueil/internal/managerpage"
	"accueil/internal/queue"
	"accueil/internal/report"
)

// The manager's window (`backoffice` without --headless): after a login
// with a manager's PIN, checked by the hub, the live floor and the
// visitors' satisfaction, rendered from the same views as the manager's web
// pages (managerpage.Views) and the same charts, as images; and the
// reports of the usual ranges. Its model,
// manager, holds no widget: the screens (manager_*.go) render it and call
// its actions.

// managerHub is what the window needs of the hub (mqttsync.Hub).
type managerHub interface {
	// Read calls fn with the hub's state, which fn must not keep or change.
	Read(ctx context.Context, fn func(*queue.State)) error
	// CheckPIN reports whether pin is staff's PIN.
	CheckPIN(ctx context.Context, staff, pin string) bool
}

// satisfactionDays is how far back the satisfaction tab reads answers.
const satisfactionDays = 30

// Refreshes: the floor each floorEvery (its waits grow with time), the
// satisfaction when the log moved, at most each reportEvery (a month of
// visits takes a read of the database).
const (
	floorEvery  = time.Second
	reportEvery = 10 * time.Second
)

// manager is the window's model. Its fields are read and written on the
// UI goroutine only; the hub and the database are read off it, and what
// they give comes back through do.
type manager struct {
	hub      managerHub
	reports  report.Source
	views    *managerpage.Views
	now      func() time.Time
	log      *slog.Logger
	do       func(func()) // runs fn on the UI goroutine (fyne.Do)
	onChange func()       // called on the UI goroutine once the model changed

	Manager    string // the name of the manager signed in; "" before
	LoginError string // why the last login was refused, a sentence
	Checking   bool   // a login is being checked
	Floor      managerpage.FloorView
	Today      string                  // today's NPS so far, "+40 (5 answers)", or "–"
	Answers    managerpage.ReportView  // of the last satisfactionDays
	Detractors []managerpage.AnswerRow // today's
	NPSChart   []byte                  // the NPS by wait, PNG; nil without answers
	Range      string                  // the report's range, a report.Quick key
	Report     managerpage.ReportView  // of Range
	Charts     []windowChart           // of Range
	ReportErr  string                  // why the report could not be computed

	signedIn atomic.Bool // read by follow, off the UI goroutine
}

// Login checks staff's PIN with the hub, off the UI goroutine, and signs
// them in when they are a manager of the store.
func (m *manager) Login(ctx context.Context, staff, pin string) {
	if m.Checking {
		return
	}
	m.Checking, m.LoginError = true, ""
	m.onChange()
	go func() {
		var member *queue.Staff
		err := m.hub.Read(ctx, func(st *queue.State) {
			if s := st.Config.StaffMember(staff); s != nil {
				c := *s
				member = &c
			}
		})
		ok := err == nil && member != nil && m.hub.CheckPIN(ctx, staff, pin)
		m.do(func() {
			m.Checking = false
			switch {
			case err != nil:
				m.LoginError = m.views.L("manager.login.busy")
			case !ok:
				m.LoginError = m.views.L("manager.login.wrong")
			case member.Role != queue.RoleManager:
				m.LoginError = m.views.L("manager.login.not_manager")
			default:
				m.Manager = member.Name
				m.signedIn.Store(true)
				go m.follow(ctx)
				m.ShowReport(ctx, "today")
			}
			m.onChange()
		})
	}()
}

// Logout signs the manager out.
func (m *manager) Logout() {
	m.Manager = ""
	m.signedIn.Store(false)
	m.onChange()
}

// follow refreshes the figures while someone is signed in, until ctx ends.
func (m *manager) follow(ctx context.Context) {
	var seq int64
	var computed time.Time
	tick := time.NewTicker(floorEvery)
	defer tick.Stop()
	for m.signedIn.Load() {
		var st *queue.State
		if err := m.hub.Read(ctx, func(hub *queue.State) { st = hub.Clone() }); err == nil {
			now := m.now()
			floor := m.views.Floor(report.LiveFloor(st, now), st.Config.Location())
			refresh := st.Seq != seq && now.Sub(computed) >= reportEvery
			var answers managerpage.ReportView
			var detractors []managerpage.AnswerRow
			var today string
			var png []byte
			if refresh {
				var err error
				answers, detractors, today, png, err = m.satisfaction(ctx, st, now)
				if err != nil {
					m.log.Warn("the manager's window: satisfaction", "err", err)
					refresh = false
				} else {
					seq, computed = st.Seq, now
				}
			}
			m.do(func() {
				m.Floor = floor
				if refresh {
					m.Answers, m.Detractors, m.Today, m.NPSChart = answers, detractors, today, png
				}
				m.onChange()
			})
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// satisfaction computes the answers of the last satisfactionDays, today's
// detractors and NPS, and the chart of the NPS by wait.
func (m *manager) satisfaction(ctx context.Context, st *queue.State, now time.Time) (managerpage.ReportView, []managerpage.AnswerRow, string, []byte, error) {
	loc := st.Config.Location()
	today := queue.Day(now, loc)
	r := report.Range{From: queue.Day(now.AddDate(0, 0, 1-satisfactionDays), loc), To: today}
	rep, err := report.Compute(ctx, m.reports, &st.Config, r)
	if err != nil {
		return managerpage.ReportView{}, nil, "", nil, err
	}
	v, err := m.views.Report(rep, &st.Config)
	if err != nil {
		return v, nil, "", nil, err
	}
	var detractors []managerpage.AnswerRow
	var nps report.NPS
	if f := rep.Days[today]; f != nil {
		nps = f.NPS
	}
	for i, a := range rep.Detractors {
		if a.Day == today && i < len(v.NPS.Detractor) {
			detractors = append(detractors, v.NPS.Detractor[i])
		}
	}
	var png []byte
	if bars, ok := chart.NPSByWait(rep, m.views.L); ok {
		if png, err = chart.PNG(bars); err != nil {
			return v, nil, "", nil, err
		}
	}
	return v, detractors, m.views.NPS(nps), png, nil
}

// windowChart is a chart of the report, as an image.
type windowChart struct {
	Title, Summary string
	PNG            []byte
}

// ShowReport computes the report of the usual range key (see
// report.QuickRanges), off the UI goroutine.
func (m *manager) ShowReport(ctx context.Context, key string) {
	m.Range = key
	m.onChange()
	go func() {
		v, charts, err := m.report(ctx, key)
		m.do(func() {
			if m.Range != key {
				return // another range was asked meanwhile
			}
			m.Report, m.Charts, m.ReportErr = v, charts, ""
			if err != nil {
				m.log.Warn("the manager's window: report", "range", key, "err", err)
				m.ReportErr = m.views.L("manager.report.failed")
			}
			m.onChange()
		})
	}()
}

// report computes the report of the usual range key and draws its charts.
func (m *manager) report(ctx context.Context, key string) (managerpage.ReportView, []windowChart, error) {
	var cfg queue.Config
	if err := m.hub.Read(ctx, func(st *queue.State) { cfg = st.Config.Clone() }); err != nil {
		return managerpage.ReportView{}, nil, err
	}
	var rg report.Range
	for _, q := range report.QuickRanges(m.now().In(cfg.Location())) {
		if q.Key == key {
			rg = q.Range
		}
	}
	rep, err := report.Compute(ctx, m.reports, &cfg, rg)
	if err != nil {
		return managerpage.ReportView{}, nil, err
	}
	v, err := m.views.Report(rep, &cfg)
	if err != nil {
		return v, nil, err
	}
	v.From, v.To = rg.From, rg.To
	var charts []windowChart
	for _, c := range chart.Report(rep, m.views.L, m.views.DayLabel) {
		png, err := chart.PNG(c.Chart)
		if err != nil {
			return v, nil, err
		}
		charts = append(charts, windowChart{Title: c.Title, Summary: c.Summary, PNG: png})
	}
	return v, charts, nil
}
