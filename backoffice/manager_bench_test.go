package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/history"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// BenchmarkManagerReport serves a manager the report of 90 days of a
// store with 300 visits a day (its page: figures, charts, heat map), and
// the CSV of those 27,000 visits, from a hub running on that history.
func BenchmarkManagerReport(b *testing.B) {
	ctx := context.Background()
	src, err := history.Cached(ctx, 90)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "hub.db")
	synctest.CopyFile(b, src, path)
	httpAddr, _ := bootOn(b, path)
	base := "http://" + httpAddr
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm(base+"/manager/login", url.Values{"staff": {"manager"}, "pin": {"1234"}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	today := time.Now().UTC()
	rg := url.Values{"from": {queue.Day(today.AddDate(0, 0, -90), time.UTC)}, "to": {queue.Day(today.AddDate(0, 0, -1), time.UTC)}}
	fetch := func(path string) int64 {
		resp, err := client.Get(base + path + "&" + rg.Encode())
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		n, err := io.Copy(io.Discard, resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %s, %v", path, resp.Status, err)
		}
		return n
	}
	var page, csv time.Duration
	var csvBytes int64
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		fetch("/manager/report?lang=fr")
		page += time.Since(start)
		start = time.Now()
		csvBytes = fetch("/manager/report.csv?table=visits&sep=;")
		csv += time.Since(start)
	}
	b.ReportMetric(float64(page.Milliseconds())/float64(b.N), "ms/page")
	b.ReportMetric(float64(csv.Milliseconds())/float64(b.N), "ms/csv")
	b.ReportMetric(float64(csvBytes)/1e6, "MB/csv")
}
