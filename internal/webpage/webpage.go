// Package webpage holds what the hub's web pages share: the language a
// page speaks and its switch to the others, static files, and the
// keep-alive of their event streams.
package webpage

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"golang.org/x/text/language"

	"accueil/assets"
)

// Static serves b as a file of content type typ, cached an hour.
func Static(typ string, b []byte) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", typ)
		rw.Header().Set("Cache-Control", "max-age=3600")
		http.ServeContent(rw, r, "", time.Time{}, bytes.NewReader(b))
	}
}

// PageLang is the language of a page: the one picked on the page, else
// the ticket's, else the browser's first that Accueil speaks, else French.
func PageLang(r *http.Request, ticket string) string {
	if l := r.URL.Query().Get("lang"); slices.Contains(assets.Languages, l) {
		return l
	}
	if slices.Contains(assets.Languages, ticket) {
		return ticket
	}
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	for _, t := range tags {
		if b, _ := t.Base(); slices.Contains(assets.Languages, b.String()) {
			return b.String()
		}
	}
	return assets.Languages[0]
}

// LangLink is a link of the language switch.
type LangLink struct {
	Lang, Name, Href string
	Current          bool
}

// LangLinks returns the language switch of a page in language cur; its
// links keep the page's query (a ticket's token, a report's range).
func LangLinks(r *http.Request, cur string, tr assets.Translator) []LangLink {
	var out []LangLink
	for _, l := range assets.Languages {
		q := r.URL.Query()
		q.Set("lang", l)
		out = append(out, LangLink{Lang: l, Name: tr.L("web.lang." + l), Href: "?" + q.Encode(), Current: l == cur})
	}
	return out
}

// StreamPing is how long an event stream stays silent before a comment
// keeps proxies from closing it.
const StreamPing = 15 * time.Second

// KeepAlive writes that comment to an event stream silent since *last;
// false when the client is gone.
func KeepAlive(w io.Writer, f http.Flusher, last *time.Time) bool {
	if time.Since(*last) < StreamPing {
		return true
	}
	if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
		return false
	}
	f.Flush()
	*last = time.Now()
	return true
}

// OpenStream starts an event stream on rw, telling the browser to
// reconnect after retry milliseconds; false when it could not (the answer
// is then written).
func OpenStream(rw http.ResponseWriter, retry int) (http.Flusher, bool) {
	flusher, ok := rw.(http.Flusher)
	if !ok {
		http.Error(rw, "streaming unsupported", http.StatusInternalServerError)
		return nil, false
	}
	h := rw.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	if _, err := fmt.Fprintf(rw, "retry: %d\n\n", retry); err != nil {
		return nil, false
	}
	flusher.Flush()
	return flusher, true
}
