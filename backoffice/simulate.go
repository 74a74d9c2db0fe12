package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"accueil/assets"
	"accueil/internal/cli"
	"accueil/internal/queue"
	"accueil/internal/sim"
	"accueil/internal/store"
)

// shifts collects the repeated --add flags.
type shifts []string

func (s *shifts) String() string     { return strings.Join(*s, ", ") }
func (s *shifts) Set(v string) error { *s = append(*s, v); return nil }

// Simulate runs "backoffice sim": a day of the store's database replayed
// on the simulator as it was staffed, then with the shifts given by --add,
// and the two compared. ok is false when args are not that command.
func Simulate(ctx context.Context, args []string, out io.Writer) (ok bool, err error) {
	if len(args) == 0 || args[0] != "sim" {
		return false, nil
	}
	fs := flag.NewFlagSet("backoffice sim", flag.ContinueOnError)
	dbPath := fs.String("db", cli.Env("DB", "var/hub.db"), "SQLite file of the store's log")
	day := fs.String("day", "", "the day to replay, 2006-01-02 (default: yesterday)")
	runs := fs.Int("runs", 20, "simulated runs of each staffing (service times are drawn)")
	code := fs.String("lang", cli.Env("LANG_UI", "fr"), "language of the report: fr or en")
	var add shifts
	fs.Var(&add, "add", `a shift added, "staff[@counter] HH:MM-HH:MM" (repeatable)`)
	if err := fs.Parse(args[1:]); err != nil {
		return true, err
	}
	tr, err := assets.NewTranslator(*code)
	if err != nil {
		return true, err
	}
	if *runs < 1 || *runs > 1000 {
		return true, fmt.Errorf("--runs %d: from 1 to 1000", *runs)
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return true, err
	}
	defer db.Close()
	st, err := db.LoadState(ctx)
	if err != nil {
		return true, err
	}
	cfg := st.Config
	if *day == "" {
		*day = queue.Day(time.Now().AddDate(0, 0, -1), cfg.Location())
	}
	date, err := time.ParseInLocation(time.DateOnly, *day, cfg.Location())
	if err != nil {
		return true, fmt.Errorf("--day %q: want a date like 2026-03-14", *day)
	}
	tickets, err := db.TicketsOn(ctx, *day)
	if err != nil {
		return true, err
	}
	base, err := sim.Replay(cfg, tickets)
	if err != nil {
		return true, fmt.Errorf("%s: %w", *day, err)
	}
	changed := base
	changed.Shifts = append([]sim.Shift(nil), base.Shifts...)
	for _, a := range add {
		s, err := sim.ParseShift(&cfg, a)
		if err != nil {
			return true, err
		}
		changed.Shifts = append(changed.Shifts, s)
	}
	before, err := average(base, date, *runs, &cfg)
	if err != nil {
		return true, err
	}
	after, err := average(changed, date, *runs, &cfg)
	if err != nil {
		return true, err
	}
	fmt.Fprintln(out, tr.L("sim.title", map[string]any{"Day": *day, "Visitors": len(tickets), "Runs": *runs}))
	w := tabwriter.NewWriter(out, 0, 0, 3, ' ', 0)
	fmt.Fprintf(w, "\t%s\t%s\n", tr.L("sim.as_it_was"), tr.L("sim.changed", map[string]any{"Shifts": add.String()}))
	row := func(key string, f func(sim.Summary) string) {
		fmt.Fprintf(w, "%s\t%s\t%s\n", tr.L(key), f(before), f(after))
	}
	minutes := func(d time.Duration) string {
		return tr.L("sim.minutes", map[string]any{"Minutes": fmt.Sprintf("%.1f", d.Minutes())})
	}
	row("sim.mean_wait", func(s sim.Summary) string { return minutes(s.MeanWait) })
	row("sim.p90_wait", func(s sim.Summary) string { return minutes(s.P90Wait) })
	row("sim.within_target", func(s sim.Summary) string { return fmt.Sprintf("%.0f %%", 100*s.WithinSLA) })
	row("sim.walked_out", func(s sim.Summary) string { return fmt.Sprint(s.WalkedOut) })
	row("sim.not_called", func(s sim.Summary) string { return fmt.Sprint(s.Left) })
	return true, w.Flush()
}

// average runs d n times and averages the summaries.
func average(d sim.Day, date time.Time, n int, cfg *queue.Config) (sim.Summary, error) {
	var sum sim.Summary
	var within float64
	for seed := range uint64(n) {
		res, err := sim.Run(d, date, seed)
		if err != nil {
			return sim.Summary{}, err
		}
		s := sim.Summarize(cfg, res)
		sum.MeanWait += s.MeanWait / time.Duration(n)
		sum.P90Wait += s.P90Wait / time.Duration(n)
		within += s.WithinSLA / float64(n)
		sum.WalkedOut += s.WalkedOut
		sum.Left += s.Left
		sum.Visitors = s.Visitors
	}
	sum.WithinSLA = within
	sum.WalkedOut /= n
	sum.Left /= n
	return sum, nil
}
