package report_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/history"
	"accueil/internal/queue"
	"accueil/internal/report"
	"accueil/internal/store"
	"accueil/internal/synctest"
)

// BenchmarkReport90Days computes the report of the last 90 days of a store
// with 300 visits a day, from its database on disk.
func BenchmarkReport90Days(b *testing.B) {
	ctx := context.Background()
	src, err := history.Cached(ctx, 90)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "hub.db")
	synctest.CopyFile(b, src, path)
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cfg := history.Config()
	today := time.Now().UTC()
	r := report.Range{From: queue.Day(today.AddDate(0, 0, -90), time.UTC), To: queue.Day(today.AddDate(0, 0, -1), time.UTC)}
	b.ResetTimer()
	for b.Loop() {
		rep, err := report.Compute(ctx, db, &cfg, r)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Total.Arrivals != 90*history.PerDay {
			b.Fatalf("%d visits, want %d", rep.Total.Arrivals, 90*history.PerDay)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
}
