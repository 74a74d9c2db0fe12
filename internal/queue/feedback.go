package queue

import (
	"cmp"
	"crypto/subtle"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Feedback closes the loop of a visit: its visitor answers "how likely are
// you to recommend us?" from 0 to 10 (the Net Promoter Score question),
// with a comment if they like, once, from the status page of their ticket
// (the hub submits it) or at a kiosk (scanning their ticket). Only a
// visit served to its end is rated, and only while its ticket is in the
// open day's memory: the ticket of a closed day is history (ENOTFOUND).

// Feedback limits.
const (
	MaxScore   = 10
	MaxComment = 500 // characters
)

// FeedbackBody is the body of FeedbackGiven.
type FeedbackBody struct {
	Ticket  string `json:"ticket"`
	Token   string `json:"token"` // the ticket's, from its QR code: only who holds the ticket answers
	Score   int    `json:"score"` // 0 to MaxScore
	Comment string `json:"comment,omitempty"`
}

// Feedback is a visitor's answer after their visit.
type Feedback struct {
	Score   int       `json:"score"`
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at"`
	Device  string    `json:"device"` // the hub (status page) or a kiosk
}

// Promoter reports whether f scores 9 or 10.
func (f *Feedback) Promoter() bool { return f.Score >= 9 }

// Detractor reports whether f scores 0 to 6: an unhappy visitor, whom
// the orienteur hears about at once. Scores 7 and 8 are passives.
func (f *Feedback) Detractor() bool { return f.Score <= 6 }

// NewFeedback returns the body of a visitor's feedback on ticket, with
// its comment trimmed of spaces; EINVALID for a score out of 0 to
// MaxScore or a comment longer than MaxComment characters.
func NewFeedback(ticket, token string, score int, comment string) (FeedbackBody, error) {
	b := FeedbackBody{Ticket: ticket, Token: token, Score: score, Comment: strings.TrimSpace(comment)}
	return b, b.check()
}

func (b *FeedbackBody) check() error {
	switch {
	case b.Score < 0 || b.Score > MaxScore:
		return Errorf(EINVALID, "a score is 0 to %d, not %d", MaxScore, b.Score)
	case !utf8.ValidString(b.Comment):
		return Errorf(EINVALID, "a comment is text")
	case utf8.RuneCountInString(b.Comment) > MaxComment:
		return Errorf(EINVALID, "a comment has at most %d characters", MaxComment)
	case b.Comment != strings.TrimSpace(b.Comment):
		return Errorf(EINVALID, "a comment comes trimmed of spaces")
	}
	return nil
}

// Rateable checks that t's visitor may give feedback now: t was served to
// its end (ECONFLICT while it is open, or when it was not served) and has
// none yet (EANSWERED).
func (t *Ticket) Rateable() error {
	switch {
	case t.Status != Done:
		return Errorf(ECONFLICT, "ticket %s is %s: a visit is rated once served", t.Number, t.Status)
	case t.Feedback != nil:
		return Errorf(EANSWERED, "ticket %s was rated already: one answer per visit", t.Number)
	}
	return nil
}

// CheckFeedback checks feedback b before it is given: its ticket is in
// memory (ENOTFOUND: unknown, or of a closed day), b carries the ticket's
// token (EFORBIDDEN), the ticket is Rateable, and b is well formed (see
// NewFeedback). The hub checks it for a kiosk's (Admit) and for the
// status page's before it submits them.
func (s *State) CheckFeedback(b FeedbackBody) error {
	t := s.Tickets[b.Ticket]
	switch {
	case t == nil:
		return Errorf(ENOTFOUND, "no ticket %q open for feedback", b.Ticket)
	case b.Token == "" || subtle.ConstantTimeCompare([]byte(t.Token), []byte(b.Token)) != 1:
		return Errorf(EFORBIDDEN, "wrong token for ticket %s", t.Number)
	}
	if err := t.Rateable(); err != nil {
		return err
	}
	return b.check()
}

func (s *State) feedback(e Event) error {
	b, t, err := decode[FeedbackBody](s, e)
	if err != nil {
		return err
	}
	var score struct {
		Score *int `json:"score"`
	}
	if json.Unmarshal(e.Body, &score); score.Score == nil {
		return Errorf(EINVALID, "feedback on %s without a score", t.Number)
	}
	if err := t.Rateable(); err != nil {
		return err
	}
	if err := b.check(); err != nil {
		return err
	}
	t.Feedback = &Feedback{Score: b.Score, Comment: b.Comment, At: e.At, Device: e.Device}
	s.Tickets[t.ID] = t // feedback is not a step of the ticket's history
	return nil
}

// Detractors returns the tickets in memory (the open day's) whose visitor
// gave a detractor's score, the latest answer first.
func (s *State) Detractors() []*Ticket {
	var ts []*Ticket
	for _, t := range s.Tickets {
		if t.Feedback != nil && t.Feedback.Detractor() {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, func(a, b *Ticket) int {
		return cmp.Or(b.Feedback.At.Compare(a.Feedback.At), strings.Compare(a.ID, b.ID))
	})
	return ts
}
