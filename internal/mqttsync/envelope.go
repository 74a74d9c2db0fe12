package mqttsync

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"accueil/internal/queue"
)

// Version is the version of the envelope format.
const Version = 1

// MaxPayload is the largest envelope the hub accepts.
const MaxPayload = 64 << 10

// Envelope is an event on the wire. A device's event carries its number
// (Event.N); a request carries none, but the number of the device's last
// event before it (After), which the hub takes first, and the time the
// device gives up waiting for the answer (Deadline), after which the hub
// never carries it out.
type Envelope struct {
	V        int       `json:"v"`
	After    int64     `json:"after,omitempty"`   // of a request
	Deadline time.Time `json:"deadline,omitzero"` // of a request: the hub answers it EEXPIRED after
	queue.Event
}

// Ack is the hub's answer to an envelope. OK means the event is in the log
// (at Seq); otherwise Code says why not, and whether to send it again (see
// Retry).
type Ack struct {
	ID      string `json:"id"`
	OK      bool   `json:"ok"`
	Seq     int64  `json:"seq,omitempty"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	Ticket  string `json:"ticket,omitempty"` // the ticket a call-next request called
	Expect  int64  `json:"expect,omitempty"` // with CodeGap and CodeRenumber, the number the hub takes next
}

// Rejection codes of the sync layer; domain refusals carry queue's codes.
const (
	CodeDuplicate     = "duplicate"      // already in the log: OK
	CodeMalformed     = "malformed"      // not an envelope
	CodeVersion       = "version"        // an envelope version the hub does not speak
	CodeTooLarge      = "too_large"      // over MaxPayload
	CodeUnknownDevice = "unknown_device" // not enrolled in the store
	CodeForbidden     = "forbidden_type" // not an event this kind of device may send
	CodeGap           = "gap"            // an earlier event of the device is missing: send again from Expect
	CodeRenumber      = "renumber"       // a number the hub has already taken for another event: number the outbox again from Expect
	CodeRetry         = "retry"          // the hub could not write: send again
	CodeFuture        = "future"         // clock stamp beyond the hub's time + MaxAhead: the device's clock is wrong
	CodeLocked        = "locked"         // too many wrong PINs: wait (see the message) before trying again
	CodeBusy          = "busy"           // a login of this device is being checked, or its sync requests come too fast: try again
)

// Retry reports whether the device should keep the event and send it again.
func (a Ack) Retry() bool { return a.Code == CodeRetry || a.Code == CodeGap || a.Code == CodeRenumber }

// SyncRequest asks the hub for the log from sequence From on, or with
// Snapshot for its state as it is now (a replica that a log event did not
// apply to is restored from it).
type SyncRequest struct {
	From     int64 `json:"from"`
	Snapshot bool  `json:"snapshot,omitempty"`
}

// Page is a run of the log, and the hub's last sequence when it was sent.
type Page struct {
	Events   []queue.Event `json:"events"`
	Last     int64         `json:"last"`
	Snapshot *SnapshotPart `json:"snapshot,omitempty"` // instead of events (see serveSnapshot)
	Hub      string        `json:"hub"`                // the session of the hub's run that answered (see Presence)
	Refused  string        `json:"refused,omitempty"`  // the request's refusal: CodeMalformed, CodeUnknownDevice
}

// rejectError is a refusal with its code, for the ack.
type rejectError struct {
	code, msg string
	expect    int64 // see Ack.Expect
}

func (r *rejectError) Error() string { return r.code + ": " + r.msg }

func reject(code, format string, args ...any) error {
	return &rejectError{code: code, msg: fmt.Sprintf(format, args...)}
}

// headID returns the event id at the head of an envelope that could not
// be decoded (too large, or malformed after its id), or "".
func headID(payload []byte) string {
	head := payload[:min(len(payload), 512)]
	const key = `"id":"`
	i := bytes.Index(head, []byte(key))
	if i < 0 {
		return ""
	}
	rest := head[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 || uuid.Validate(string(rest[:j])) != nil {
		return ""
	}
	return string(rest[:j])
}

// Encode returns the wire form of e.
func Encode(e queue.Event) ([]byte, error) { return json.Marshal(Envelope{V: Version, Event: e}) }

// Decode checks and decodes an envelope received on the cmd topic of
// device. Every refusal is a *rejectError naming its code.
func Decode(payload []byte, device string) (Envelope, error) {
	if len(payload) > MaxPayload {
		return Envelope{}, reject(CodeTooLarge, "%d bytes, the limit is %d", len(payload), MaxPayload)
	}
	var env Envelope
	if err := json.Unmarshal(payload, &env); err != nil {
		return Envelope{}, reject(CodeMalformed, "%v", err)
	}
	e := env.Event
	switch {
	case env.V != Version:
		return env, reject(CodeVersion, "version %d, want %d", env.V, Version)
	case uuid.Validate(e.ID) != nil:
		return env, reject(CodeMalformed, "id %q is not a UUID", e.ID)
	case e.Type == "" || e.At.IsZero() || e.HLC <= 0 || len(e.Body) == 0:
		return env, reject(CodeMalformed, "missing type, time, clock or body")
	case e.Device != device:
		return env, reject(CodeMalformed, "device %q sent on the topic of %q", e.Device, device)
	case queue.IsRequest(e.Type) != (e.N == 0) || e.N < 0 || env.After < 0:
		return env, reject(CodeMalformed, "an event is numbered, a request is not (n %d)", e.N)
	}
	env.Seq = 0
	return env, nil
}
