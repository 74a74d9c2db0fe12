package main

import (
	"net/http"
	"strings"
	"time"
)

// Limits of the web server: a shop's phones and screens, not the internet,
// but the shop's Wi-Fi may be shared.
const (
	readTimeout  = 10 * time.Second
	writeTimeout = 30 * time.Second // event streams lift it (see guard)
	idleTimeout  = 2 * time.Minute
	maxHeader    = 16 << 10
	maxStreams   = 256 // event streams open at once (status pages, displays)
)

// contentPolicy lets a page load its own scripts, styles, images and
// sounds only: no inline script, no frame, no form posted elsewhere.
const contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// inlinePages still carry inline script and style: they get the same
// policy with 'unsafe-inline' until they load them from files.
var inlinePages = []string{"/display"}

// guard sets the security headers of every answer, and caps the event
// streams open at once (each holds a connection and a goroutine), lifting
// the write timeout for them alone.
func guard(next http.Handler) http.Handler {
	streams := make(chan struct{}, maxStreams)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		h := rw.Header()
		policy := contentPolicy
		for _, p := range inlinePages {
			if r.URL.Path == p {
				policy = strings.NewReplacer("script-src 'self'", "script-src 'self' 'unsafe-inline'",
					"style-src 'self'", "style-src 'self' 'unsafe-inline'").Replace(policy)
			}
		}
		h.Set("Content-Security-Policy", policy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer") // the status page's token stays in its URL
		h.Set("X-Frame-Options", "DENY")
		if strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
			select {
			case streams <- struct{}{}:
				defer func() { <-streams }()
			default:
				h.Set("Retry-After", "30")
				http.Error(rw, "too many live pages open", http.StatusServiceUnavailable)
				return
			}
			http.NewResponseController(rw).SetWriteDeadline(time.Time{})
		}
		next.ServeHTTP(rw, r)
	})
}
