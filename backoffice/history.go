package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"accueil/internal/eta"
	"accueil/internal/queue"
	"accueil/internal/store"
)

// serviceHistory reads, once a day, the services of the store's last
// eta.HistoryDays days from the read model, for the status page's wait
// estimates: the start of a day then relies on more than its first few
// services.
type serviceHistory struct {
	db      *store.DB
	now     func() time.Time
	mu      sync.Mutex
	day     string         // the day read for; "" before the first read
	tickets []queue.Ticket // services only: reason, times, status
}

// Tickets returns the services of the days before st's today. A failed
// read is logged and tried again at the next call.
func (h *serviceHistory) Tickets(ctx context.Context, st *queue.State) []queue.Ticket {
	loc := st.Config.Location()
	now := h.now().In(loc)
	today := queue.Day(now, loc)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.day == today {
		return h.tickets
	}
	from := queue.Day(now.AddDate(0, 0, -eta.HistoryDays), loc)
	to := queue.Day(now.AddDate(0, 0, -1), loc)
	var ts []queue.Ticket
	err := h.db.TicketsBetween(ctx, from, to, func(t *queue.Ticket) error {
		if t.Status == queue.Done && !t.StartedAt.IsZero() {
			ts = append(ts, queue.Ticket{Reason: t.Reason, Status: t.Status, StartedAt: t.StartedAt, EndedAt: t.EndedAt})
		}
		return nil
	})
	if err != nil {
		slog.Error("status page: services of the last days", "err", err)
		return nil
	}
	h.day, h.tickets = today, ts
	return ts
}
