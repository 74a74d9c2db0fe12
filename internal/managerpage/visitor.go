package managerpage

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"accueil/internal/queue"
)

// The visitor's rights (GDPR articles 15 and 17): a manager finds what the
// shop keeps about a visitor, by customer reference or phone number,
// downloads it, and erases it at the visitor's request.

// visitorOf reads the visitor a request names (customer or phone).
func visitorOf(r *http.Request) queue.Visitor {
	return queue.Visitor{Customer: r.FormValue("customer"), Phone: r.FormValue("phone")}
}

// visitorView is the visitor page's own view.
type visitorView struct {
	Customer, Phone string
	Searched        bool
	Visits          []visitRow
	Erased          int // visits erased by the last request, -1: none asked
	Export          string
}

// visitRow is one visit the shop keeps personal data of.
type visitRow struct{ Day, Number, Reason string }

// visitorPage shows the form, and the visits of the visitor it names.
func (s *Pages) visitorPage(rw http.ResponseWriter, r *http.Request, p *page) {
	p.Nav = "visitor"
	v := visitorOf(r)
	view := visitorView{Customer: v.Customer, Phone: v.Phone, Erased: -1}
	if n, err := strconv.Atoi(r.URL.Query().Get("erased")); err == nil {
		view.Erased = n
	}
	if v.Customer != "" || v.Phone != "" {
		visits, err := s.hub.VisitsOf(r.Context(), v)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		view.Searched = true
		for _, t := range visits {
			view.Visits = append(view.Visits, visitRow{Day: t.Day, Number: t.Number, Reason: t.Reason})
		}
		view.Export = "/manager/visitor.json?" + url.Values{"customer": {v.Customer}, "phone": {v.Phone}}.Encode()
	}
	p.Body = view
	s.render(rw, p, "visitor", http.StatusOK)
}

// visitorExport answers, as a JSON download, every visit of a visitor that
// still holds personal data: what the shop keeps about them.
func (s *Pages) visitorExport(rw http.ResponseWriter, r *http.Request, _ *page) {
	visits, err := s.hub.VisitsOf(r.Context(), visitorOf(r))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="visitor.json"`)
	rw.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(rw).Encode(map[string]any{"visits": visits})
}

// visitorErase erases a visitor's personal data at their request, then
// shows the page again with how many visits were erased.
func (s *Pages) visitorErase(rw http.ResponseWriter, r *http.Request, p *page) {
	n, err := s.hub.EraseVisitor(r.Context(), visitorOf(r))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	q := url.Values{"erased": {strconv.Itoa(n)}, "lang": {p.Lang}}
	http.Redirect(rw, r, "/manager/visitor?"+q.Encode(), http.StatusSeeOther)
}
