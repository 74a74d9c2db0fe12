package report_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
	"accueil/internal/report"
	"accueil/internal/store"
)

// fortnight is a store's fortnight from Monday 2026-03-23, across the
// change to summer time (Sunday 29 March, Paris), written to a real
// database through the log. Each day d:
//   - 09:00 a purchase, called after d+1 minutes and served 5 + d%3
//     minutes by the conseiller (on day 0 it is sent to the SIM queue
//     after its start and served there by the manager);
//   - 10:00 a SIM swap, called after 12 minutes (past its 10-minute
//     target), served 10 minutes by the manager (on day 3 the SIM is
//     replaced, after an identity check);
//   - 11:00 a purchase: called after 3 minutes and absent on even days,
//     gone before being called on odd days.
//
// On the last evening a visitor comes at 23:50 for something else and is
// called at 00:10, served 5 minutes by the conseiller.
//
// Visitors answer "how likely are you to recommend us?" a minute after
// their visit: the purchase of day 0 (sent to the SIM queue) scores 10
// ("Très rapide"); those of days 1 to 10 score 10-d (9 down to 0; day 3
// says "Bien", day 8 "Attente sans information"); the SIM swaps of days
// 0 to 6 score 9 on even days and 7 on odd ones; the late visitor scores
// 2 ("Trop long le soir").
func fortnight(t *testing.T) (*store.DB, *queue.Config, time.Time) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	day0 := time.Date(2026, 3, 23, 0, 0, 0, 0, loc)
	shop := queuetest.New(t, day0.Add(8*time.Hour), 0)
	if shop.St.Config.TimeZone != "Europe/Paris" {
		t.Fatalf("the default store is in %q", shop.St.Config.TimeZone)
	}
	at := func(d int, hm string, plus time.Duration) {
		clock, _ := time.Parse("15:04", hm)
		shop.At = time.Date(2026, 3, 23+d, clock.Hour(), clock.Minute(), 0, 0, loc).Add(plus)
	}
	issue := func(reason string) string { return shop.Issue(reason) }
	call := func(id, staff, counter string) {
		shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: counter, Staff: staff})
	}
	do := func(typ, id, staff string) {
		shop.Apply("counter-1", typ, queue.TicketBody{Ticket: id, Staff: staff})
	}
	finish := func(id, staff, outcome string) {
		shop.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: staff, Outcome: outcome})
	}
	rate := func(id string, score int, comment string) {
		shop.At = shop.At.Add(time.Minute)
		b, err := queue.NewFeedback(id, "k", score, comment)
		if err != nil {
			t.Fatal(err)
		}
		shop.Apply("hub", queue.FeedbackGiven, b)
	}
	comments := map[int]string{0: "Très rapide", 3: "Bien", 8: "  Attente sans information\n"}
	shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	shop.Apply("counter-2", queue.StaffLoggedIn, queue.StaffBody{Staff: "manager", Counter: "c2"})
	for d := range 14 {
		if d > 0 {
			at(d, "08:00", 0)
			for _, r := range shop.St.Config.Reasons {
				shop.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: queue.Day(shop.At, loc), Prefix: r.Prefix, First: 1, Last: 50})
			}
		}
		at(d, "09:00", 0)
		a := issue("purchase")
		at(d, "09:00", time.Duration(d+1)*time.Minute)
		call(a, "conseil", "c1")
		at(d, "09:00", time.Duration(d+2)*time.Minute)
		do(queue.ServiceStarted, a, "conseil")
		outcome := map[bool]string{true: "sale", false: "resolved"}[d%2 == 0]
		if d == 0 {
			shop.Apply("counter-1", queue.TicketTransferred, queue.TransferBody{Ticket: a, Staff: "conseil", Reason: "sim"})
			at(d, "09:05", 0)
			call(a, "manager", "c2")
			do(queue.ServiceStarted, a, "manager")
			at(d, "09:12", 0)
			finish(a, "manager", outcome)
			rate(a, 10, comments[d])
		} else {
			at(d, "09:00", time.Duration(d+2+5+d%3)*time.Minute)
			finish(a, "conseil", outcome)
			if d <= 10 {
				rate(a, 10-d, comments[d])
			}
		}

		at(d, "10:00", 0)
		b := issue("sim")
		at(d, "10:12", 0)
		call(b, "manager", "c2")
		do(queue.ServiceStarted, b, "manager")
		at(d, "10:22", 0)
		if d == 3 {
			shop.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: b, Staff: "manager", Outcome: queue.OutcomeSIMReplaced, IDCheck: "passport", NameMatches: true})
		} else {
			finish(b, "manager", "resolved")
		}
		if d <= 6 {
			rate(b, map[bool]int{true: 9, false: 7}[d%2 == 0], "")
		}

		at(d, "11:00", 0)
		c := issue("purchase")
		if d%2 == 0 {
			at(d, "11:03", 0)
			call(c, "conseil", "c1")
			do(queue.TicketNoShow, c, "conseil")
		} else {
			at(d, "11:20", 0)
			shop.Apply("counter-1", queue.TicketCancelled, queue.CancelBody{Ticket: c, Staff: "conseil", WalkOut: true})
		}
	}
	at(13, "23:50", 0)
	late := issue("other")
	at(14, "00:10", 0)
	call(late, "conseil", "c1")
	do(queue.ServiceStarted, late, "conseil")
	at(14, "00:15", 0)
	finish(late, "conseil", "resolved")
	rate(late, 2, "Trop long le soir")

	// One batch across every day close: each ticket's last state still
	// reaches the read model.
	if err := db.Append(ctx, shop.St, shop.Log...); err != nil {
		t.Fatal(err)
	}
	return db, &shop.St.Config, day0
}

func TestReport(t *testing.T) {
	db, cfg, day0 := fortnight(t)
	r, err := report.Compute(context.Background(), db, cfg, report.Range{From: "2026-03-23", To: "2026-04-05"})
	if err != nil {
		t.Fatal(err)
	}
	min := func(m float64) time.Duration { return time.Duration(m * float64(time.Minute)) }

	tot := r.Total
	want := report.Figures{Arrivals: 43, Served: 29, NoShows: 7, WalkOuts: 7, Transfers: 1, Called: 36, WithinSLA: 17}
	if tot.Arrivals != want.Arrivals || tot.Served != want.Served || tot.NoShows != want.NoShows || tot.WalkOuts != want.WalkOuts ||
		tot.Transfers != want.Transfers || tot.Called != want.Called || tot.WithinSLA != want.WithinSLA {
		t.Errorf("total %+v, want %+v", tot, want)
	}
	// Waits: purchases 1..14 min, SIM swaps 14 × 12 min, absent ones 7 ×
	// 3 min, the late visitor 20 min: 36 waits; sorted, the 18th and 19th
	// are 11 and 12 min, the 33rd (90 %) is 12.
	if got := tot.Wait; got.N != 36 || got.Median != min(11.5) || got.P90 != min(12) {
		t.Errorf("waits %+v", got)
	}
	if want := (min(105) + 14*min(12) + 7*min(3) + min(20)) / 36; tot.Wait.Mean != want {
		t.Errorf("mean wait %v, want %v", tot.Wait.Mean, want)
	}
	if got, want := tot.SLAShare(), 17.0/36; got != want {
		t.Errorf("within target: %v, want %v", got, want)
	}
	if tot.Outcomes["sale"] != 7 || tot.Outcomes["resolved"] != 21 || tot.Outcomes[queue.OutcomeSIMReplaced] != 1 || tot.SIMSwaps != 1 {
		t.Errorf("outcomes %v", tot.Outcomes)
	}

	// The purchase sent to the SIM queue on day 0 counts as a SIM visit,
	// called within the target wait (1 minute).
	if p := r.Reasons["purchase"]; p.Arrivals != 27 || p.NoShows != 7 || p.WalkOuts != 7 || p.Called != 20 {
		t.Errorf("purchases %+v", p)
	}
	if s := r.Reasons["sim"]; s.Arrivals != 15 || s.Transfers != 1 || s.WithinSLA != 1 || s.Service.N != 15 {
		t.Errorf("SIM swaps %+v", s)
	}
	// Purchases waited 2..14 min (13) and 3 min (7): sorted, the 10th and
	// 11th are 4 and 5 min; the 18th of 20 is 12 min.
	if w := r.Reasons["purchase"].Wait; w.Median != min(4.5) || w.P90 != min(12) {
		t.Errorf("purchase waits %+v", w)
	}

	// Hours are the store's, before and after the change of time, and the
	// late visitor belongs to the evening they came.
	for h, n := range map[int]int{9: 14, 10: 14, 11: 14, 23: 1, 8: 0, 12: 0, 0: 0} {
		if got := r.Hours[h].Arrivals; got != n {
			t.Errorf("%d h: %d arrivals, want %d", h, got, n)
		}
	}

	// The conseiller served 13 purchases (5 + d%3 minutes) and the late
	// visitor (5 minutes); the manager 14 SIM swaps (10 minutes) and the
	// transferred purchase (7 minutes).
	var sum time.Duration
	for d := 1; d < 14; d++ {
		sum += min(float64(5 + d%3))
	}
	sum += min(5)
	if c := r.Staff["conseil"]; c.Served != 14 || c.Service.Mean != sum/14 || c.Arrivals != 0 {
		t.Errorf("conseil %+v, want 14 served in %v on average", c, sum/14)
	}
	if m := r.Staff["manager"]; m.Served != 15 || m.Service.Median != min(10) || m.SIMSwaps != 1 {
		t.Errorf("manager %+v", m)
	}

	// Two Mondays at 9: waits of 1 and 8 minutes.
	if h := r.Heat[day0.Weekday()][9]; h.N != 2 || h.Mean != min(4.5) {
		t.Errorf("Mondays at 9: %+v", h)
	}

	// Days are business days: the late visitor counts for their evening.
	if len(r.Days) != 14 || r.Days["2026-03-29"].Arrivals != 3 || r.Days["2026-04-05"].Arrivals != 4 {
		t.Errorf("%d days, 29 March %+v", len(r.Days), r.Days["2026-03-29"])
	}

	// One day reads that day only.
	day, err := report.Compute(context.Background(), db, cfg, report.Range{From: "2026-03-29", To: "2026-03-29"})
	if err != nil {
		t.Fatal(err)
	}
	if day.Total.Arrivals != 3 || day.Hours[9].Arrivals != 1 {
		t.Errorf("Sunday of the change of time: %+v", day.Total)
	}
}

// TestNPS reads the fortnight's 19 answers: 6 promoters, 5 passives and
// 8 detractors.
func TestNPS(t *testing.T) {
	db, cfg, _ := fortnight(t)
	r, err := report.Compute(context.Background(), db, cfg, report.Range{From: "2026-03-23", To: "2026-04-05"})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want report.NPS) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %+v, want %+v", what, got, want)
		}
		if score, exact := got.Score(), 100*float64(want.Promoters-want.Detractors)/float64(max(want.Answers, 1)); score != exact {
			t.Errorf("%s: NPS %v, want %v", what, score, exact)
		}
	}
	check("overall", r.Total.NPS, report.NPS{Answers: 19, Promoters: 6, Passives: 5, Detractors: 8})
	if s := r.Total.NPS.Score(); s > -10.52 || s < -10.53 {
		t.Errorf("NPS %v, want -10.5 (6 promoters and 8 detractors of 19)", s)
	}
	// Purchases of days 1 to 10: 9, 8, 7 and seven of 6 or less; the SIM
	// queue: the transferred purchase (10), four 9s and three 7s.
	check("purchase", r.Reasons["purchase"].NPS, report.NPS{Answers: 10, Promoters: 1, Passives: 2, Detractors: 7})
	check("sim", r.Reasons["sim"].NPS, report.NPS{Answers: 8, Promoters: 5, Passives: 3})
	check("other", r.Reasons["other"].NPS, report.NPS{Answers: 1, Detractors: 1})
	if s := r.Reasons["sim"].NPS.Score(); s != 62.5 {
		t.Errorf("SIM NPS %v, want 62.5", s)
	}
	check("conseil", r.Staff["conseil"].NPS, report.NPS{Answers: 11, Promoters: 1, Passives: 2, Detractors: 8})
	check("manager", r.Staff["manager"].NPS, report.NPS{Answers: 8, Promoters: 5, Passives: 3})
	// Waits: 1 min (10), 2 to 4 min (9, 8, 7); 5 to 11 min (6 down to 0)
	// and the SIM swaps' 12 min; the late visitor's 20 min.
	check("wait under 5 min", r.WaitNPS[0], report.NPS{Answers: 4, Promoters: 2, Passives: 2})
	check("wait 5 to 15 min", r.WaitNPS[1], report.NPS{Answers: 14, Promoters: 4, Passives: 3, Detractors: 7})
	check("wait 15 to 30 min", r.WaitNPS[2], report.NPS{Answers: 1, Detractors: 1})
	check("wait 30 min or more", r.WaitNPS[3], report.NPS{})
	check("no answer on the hour of the no-shows", r.Hours[11].NPS, report.NPS{})

	var said []string
	for _, c := range r.Comments {
		said = append(said, fmt.Sprintf("%s %s %d %s", c.Day, c.Number, c.Score, c.Comment))
	}
	want := []string{
		"2026-04-05 I001 2 Trop long le soir",
		"2026-03-31 A001 2 Attente sans information", // trimmed
		"2026-03-26 A001 7 Bien",
		"2026-03-23 A001 10 Très rapide",
	}
	if !slices.Equal(said, want) {
		t.Errorf("comments, latest first:\n%q\nwant\n%q", said, want)
	}
	if len(r.Detractors) != 8 || r.Detractors[0].Number != "I001" || r.Detractors[0].Wait != 20*time.Minute || r.Detractors[0].Staff != "conseil" {
		t.Errorf("detractors %+v", r.Detractors)
	}

	// The detractors of one day: 31 March's purchase.
	day, err := report.Compute(context.Background(), db, cfg, report.Range{From: "2026-03-31", To: "2026-03-31"})
	if err != nil {
		t.Fatal(err)
	}
	if ds := day.Detractors; len(ds) != 1 || ds[0].Score != 2 || ds[0].Reason != "purchase" || ds[0].Wait != 9*time.Minute || ds[0].Comment != "Attente sans information" {
		t.Errorf("detractors of 31 March: %+v", ds)
	}
}

// TestRanges: a report refuses a range it cannot read, with a sentence.
func TestRanges(t *testing.T) {
	db, cfg, _ := fortnight(t)
	for _, tc := range []struct {
		r    report.Range
		code string
	}{
		{report.Range{From: "2026-04-05", To: "2026-03-23"}, report.RangeReversed},
		{report.Range{From: "2024-01-01", To: "2026-03-23"}, report.RangeTooLong},
		{report.Range{From: "yesterday", To: "2026-03-23"}, report.RangeBadDate},
		{report.Range{From: "2026-03-23", To: ""}, report.RangeBadDate},
	} {
		_, err := report.Compute(context.Background(), db, cfg, tc.r)
		if re := (*report.RangeError)(nil); !errors.As(err, &re) || re.Code != tc.code {
			t.Errorf("%+v: %v, want %s", tc.r, err, tc.code)
		}
	}
	empty, err := report.Compute(context.Background(), db, cfg, report.Range{From: "2025-01-01", To: "2025-01-31"})
	if err != nil || empty.Total.Arrivals != 0 || empty.Total.SLAShare() != 0 || empty.Total.Wait != (report.Stats{}) {
		t.Errorf("a month without visits: %+v, %v", empty.Total, err)
	}
}

// TestVisits lists each visit once, with its wait and service.
func TestVisits(t *testing.T) {
	db, cfg, _ := fortnight(t)
	var n, served int
	var late report.Visit
	err := report.Visits(context.Background(), db, cfg, report.Range{From: "2026-03-23", To: "2026-04-05"}, func(v report.Visit) error {
		n++
		if v.Service > 0 {
			served++
		}
		if v.Reason == "other" {
			late = v
		}
		return nil
	})
	if err != nil || n != 43 || served != 29 {
		t.Fatalf("%d visits, %d served: %v", n, served, err)
	}
	if late.Wait != 20*time.Minute || late.Service != 5*time.Minute || late.WithinSLA || late.Day != "2026-04-05" || late.Staff != "conseil" {
		t.Errorf("the late visitor: %+v", late)
	}
}
