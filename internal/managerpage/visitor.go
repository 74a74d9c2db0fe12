package managerpage

import (
	"encoding/json"
	"net/http"

	"accueil/internal/queue"
)

// visitorOf reads the visitor a request names (customer or phone).
func visitorOf(r *http.Request) queue.Visitor {
	return queue.Visitor{Customer: r.FormValue("customer"), Phone: r.FormValue("phone")}
}

// visitorExport answers, as a JSON download, every visit of a visitor that
// still holds personal data: what the shop keeps about them (GDPR article
// 15).
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

// visitorErase erases a visitor's personal data at their request (GDPR
// article 17) and answers how many visits it named.
func (s *Pages) visitorErase(rw http.ResponseWriter, r *http.Request, _ *page) {
	r.Body = http.MaxBytesReader(rw, r.Body, 4<<10)
	n, err := s.hub.EraseVisitor(r.Context(), visitorOf(r))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(rw).Encode(map[string]int{"erased": n})
}
