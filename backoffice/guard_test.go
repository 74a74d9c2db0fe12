package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGuard checks the security headers on a page and the cap on event
// streams.
func TestGuard(t *testing.T) {
	block := make(chan struct{})
	entered := make(chan struct{}, maxStreams+1)
	h := guard(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/events" {
			entered <- struct{}{}
			<-block
		}
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/t/x?k=y", nil))
	for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
		if got := rec.Header().Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
	done := make(chan int, maxStreams+1)
	for range maxStreams + 1 {
		go func() {
			r := httptest.NewRequest("GET", "/events", nil)
			r.Header.Set("Accept", "text/event-stream")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			done <- rec.Code
		}()
	}
	for range maxStreams {
		<-entered
	}
	if code := <-done; code != http.StatusServiceUnavailable {
		t.Errorf("stream %d answered %d, want 503", maxStreams+1, code)
	}
	close(block)
	for range maxStreams {
		<-done
	}
}
