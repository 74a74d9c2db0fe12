package mqttsync

import (
	"context"
	"encoding/json"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// A device that is new or far behind gets the hub's latest snapshot, then
// the log after it, rather than the whole log: a page carries, instead of
// events, one part of the snapshot (parts are cut under the page size);
// the device puts them together, checks the sum and restores its replica
// from it (store.Restore).

// SnapshotPart is one part of a snapshot sent in a page.
type SnapshotPart struct {
	Seq     int64  `json:"seq"`
	Version int    `json:"version"`
	Day     string `json:"day"`
	Sum     string `json:"sum"` // of the whole snapshot
	Part    int    `json:"part"`
	Parts   int    `json:"parts"`
	Data    []byte `json:"data"`
}

// snapshotBehind is how far behind the hub's latest snapshot a sync
// request must start for the hub to send the snapshot instead of events.
const snapshotBehind = 1000

// serveSnapshot sends dev the latest snapshot when a sync from from is
// that far behind it, and reports whether it did.
func (h *Hub) serveSnapshot(ctx context.Context, dev string, from int64) bool {
	s, ok, err := h.cfg.DB.LatestSnapshot(ctx)
	if err != nil || !ok || s.Seq-from < snapshotBehind {
		return false
	}
	h.sendSnapshot(dev, s)
	return true
}

// forDevice returns snapshot s as dev may receive it: without visitors'
// personal data for a device that shows none.
func (h *Hub) forDevice(dev string, s store.Snapshot) (store.Snapshot, error) {
	if h.showsPersonal(dev) {
		return s, nil
	}
	st, err := s.State()
	if err != nil {
		return s, err
	}
	st.WithoutPersonalData()
	return store.NewSnapshot(st)
}

// serveState sends dev a snapshot of the hub's state as it is now.
func (h *Hub) serveState(dev string) {
	s, err := store.NewSnapshot(h.st)
	if err != nil {
		h.cfg.Log.Error("snapshot the state for a device", "device", dev, "err", err)
		return
	}
	h.sendSnapshot(dev, s)
}

// sendSnapshot sends dev snapshot s in parts.
func (h *Hub) sendSnapshot(dev string, s store.Snapshot) {
	s, err := h.forDevice(dev, s)
	if err != nil {
		h.cfg.Log.Error("snapshot for a device", "device", dev, "err", err)
		return
	}
	chunk := pageBytes * 3 / 4 // base64 grows data by a third
	parts := (len(s.Data) + chunk - 1) / chunk
	for i := range parts {
		part := SnapshotPart{Seq: s.Seq, Version: s.Version, Day: s.Day, Sum: s.Sum, Part: i, Parts: parts,
			Data: s.Data[i*chunk : min((i+1)*chunk, len(s.Data))]}
		out, _ := json.Marshal(Page{Last: h.st.Seq, Snapshot: &part, Hub: h.session})
		publish(h.mqtt, h.topics.Page(dev), false, out)
	}
	h.cfg.Log.Info("sent a snapshot", "device", dev, "seq", s.Seq, "parts", parts)
}

// maxParts bounds the parts of a snapshot a device puts together.
const maxParts = 1024

// snapshotPart keeps part p; once all parts of its snapshot are in, the
// replica is restored from it. It reports whether the log advanced.
func (c *Client) snapshotPart(ctx context.Context, p SnapshotPart) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.Seq <= c.confirmed.Seq || p.Parts < 1 || p.Parts > maxParts || p.Part < 0 || p.Part >= p.Parts {
		return false
	}
	if c.parts == nil || c.parts[0].Seq != p.Seq || len(c.parts) != p.Parts {
		c.parts = make([]SnapshotPart, p.Parts)
	}
	c.parts[p.Part] = p
	var data []byte
	for _, q := range c.parts {
		if q.Seq != p.Seq {
			return false // a part is missing
		}
		data = append(data, q.Data...)
	}
	c.parts = nil
	s, err := c.keepable(store.Snapshot{Seq: p.Seq, Version: p.Version, Day: p.Day, Sum: p.Sum, Data: data})
	if err == nil {
		var st *queue.State
		if st, err = c.cfg.DB.Restore(ctx, s); err == nil {
			c.restored(st)
			return true
		}
	}
	c.cfg.Log.Error("restore from the hub's snapshot", "seq", p.Seq, "err", err)
	return false
}

// keepable returns the hub's snapshot s as this device keeps it: without
// visitors' personal data on a device that shows none (see showsPersonal).
func (c *Client) keepable(s store.Snapshot) (store.Snapshot, error) {
	st, err := s.State()
	if err != nil || showsPersonal(st, c.cfg.Device) {
		return s, err
	}
	st.WithoutPersonalData()
	return store.NewSnapshot(st)
}

// restored makes st, restored from a snapshot, the device's confirmed state.
func (c *Client) restored(st *queue.State) {
	c.confirmed, c.diverged = st, false
	for seq := range c.early {
		if seq <= st.Seq {
			delete(c.early, seq)
		}
	}
	c.rebuildView()
	close(c.advanced)
	c.advanced = make(chan struct{})
	c.cfg.Log.Info("started from the hub's snapshot", "seq", st.Seq)
}
