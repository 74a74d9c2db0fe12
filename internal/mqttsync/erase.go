package mqttsync

import (
	"context"
	"log/slog"
	"time"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// eraseEvery is how often the hub and each device erase the visitors'
// personal data that has outlived the store's retention.
const eraseEvery = time.Hour

// erase takes out of db the personal data older than cfg's retention at
// now (see store.DB.Erase).
func erase(ctx context.Context, db *store.DB, cfg queue.Config, now time.Time) (int, error) {
	return db.Erase(ctx, now.Add(-cfg.Retention()), cfg.Location())
}

// keepErasing runs erase now and every eraseEvery until ctx ends; config
// returns the store's configuration as it is then.
func keepErasing(ctx context.Context, db *store.DB, config func() (queue.Config, error), now func() time.Time, log *slog.Logger) {
	tick := time.NewTicker(eraseEvery)
	defer tick.Stop()
	for {
		cfg, err := config()
		if err == nil {
			var n int
			if n, err = erase(ctx, db, cfg, now()); n > 0 {
				log.Info("personal data past retention erased", "records", n, "retention", cfg.Retention())
			}
		}
		if err != nil && ctx.Err() == nil {
			log.Error("erase personal data past retention", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Erase takes out of the hub's log and read model the visitors' personal
// data older than the store's retention at now. The hub does it every
// hour by itself.
func (h *Hub) Erase(ctx context.Context, now time.Time) (int, error) {
	cfg, err := h.config(ctx)
	if err != nil {
		return 0, err
	}
	return erase(ctx, h.cfg.DB, cfg, now)
}

// config returns the store's configuration.
func (h *Hub) config(ctx context.Context) (queue.Config, error) {
	var cfg queue.Config
	if err := h.Read(ctx, func(st *queue.State) { cfg = st.Config }); err != nil {
		return queue.Config{}, err // fn may still run: cfg is not read
	}
	return cfg, nil
}

// Erase takes out of the device's replica the visitors' personal data
// older than the store's retention at now. The device does it every hour
// by itself.
func (c *Client) Erase(ctx context.Context, now time.Time) (int, error) {
	return erase(ctx, c.cfg.DB, c.View().Config, now)
}

// EraseVisitor erases, at the visitor's request (GDPR article 17), the
// personal data of every visit of v the retention has not erased yet: it
// logs PersonalErased naming those visits, which the hub and every device
// carry out. It returns how many visits it named.
func (h *Hub) EraseVisitor(ctx context.Context, v queue.Visitor) (int, error) {
	if v.Customer == "" && v.Phone == "" {
		return 0, queue.Errorf(queue.EINVALID, "a visitor is found by customer reference or phone number")
	}
	visits, err := h.cfg.DB.VisitsOf(ctx, v)
	if err != nil || len(visits) == 0 {
		return 0, err
	}
	b := queue.ErasureBody{}
	for _, t := range visits {
		b.Tickets = append(b.Tickets, t.ID)
	}
	_, err = h.Submit(ctx, queue.PersonalErased, b)
	return len(b.Tickets), err
}

// VisitsOf returns the visits of v still holding personal data, for the
// visitor's right of access (GDPR article 15).
func (h *Hub) VisitsOf(ctx context.Context, v queue.Visitor) ([]*queue.Ticket, error) {
	if v.Customer == "" && v.Phone == "" {
		return nil, queue.Errorf(queue.EINVALID, "a visitor is found by customer reference or phone number")
	}
	return h.cfg.DB.VisitsOf(ctx, v)
}
