package queue_test

import (
	"strings"
	"testing"
	"time"

	"accueil/internal/queue"
)

func TestFeedback(t *testing.T) {
	s := newState(t)
	done := ticketIn(t, s, queue.Done, t0)
	at := t0.Add(10 * time.Minute)
	body := func(score int, comment string) queue.FeedbackBody {
		return queue.FeedbackBody{Ticket: done.ID, Token: done.Token, Score: score, Comment: comment}
	}

	t.Run("NewFeedback", func(t *testing.T) {
		b, err := queue.NewFeedback("t1", "k", 7, "  long wait \n")
		if err != nil || b.Comment != "long wait" || b.Score != 7 {
			t.Errorf("NewFeedback = %+v, %v", b, err)
		}
		for _, tc := range []struct {
			name    string
			score   int
			comment string
			code    string
		}{
			{"Zero", 0, "", ""},
			{"Ten", 10, "", ""},
			{"Negative", -1, "", queue.EINVALID},
			{"Eleven", 11, "", queue.EINVALID},
			{"Comment500", 5, strings.Repeat("é", 500), ""},
			{"Comment501", 5, strings.Repeat("é", 501), queue.EINVALID},
			{"Comment500Spaced", 5, "  " + strings.Repeat("a", 500) + "  ", ""},
			{"NotUTF8", 5, "\xff", queue.EINVALID},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := queue.NewFeedback("t1", "k", tc.score, tc.comment); queue.ErrorCode(err) != tc.code {
					t.Errorf("NewFeedback(%d, %d chars) = %v, want code %q", tc.score, len(tc.comment), err, tc.code)
				}
			})
		}
	})

	t.Run("Refused", func(t *testing.T) {
		open := ticketIn(t, s, queue.Serving, t0)
		noShow := ticketIn(t, s, queue.NoShow, t0)
		for _, tc := range []struct {
			name string
			body any
			code string
		}{
			{"UnknownTicket", queue.FeedbackBody{Ticket: "nope", Score: 9}, queue.ENOTFOUND},
			{"NotServedYet", queue.FeedbackBody{Ticket: open.ID, Token: open.Token, Score: 9}, queue.ECONFLICT},
			{"NeverServed", queue.FeedbackBody{Ticket: noShow.ID, Token: noShow.Token, Score: 9}, queue.ECONFLICT},
			{"ScoreOutOfRange", body(11, ""), queue.EINVALID},
			{"NegativeScore", body(-1, ""), queue.EINVALID},
			{"NoScore", map[string]string{"ticket": done.ID}, queue.EINVALID},
			{"CommentTooLong", body(3, strings.Repeat("x", queue.MaxComment+1)), queue.EINVALID},
			{"CommentNotTrimmed", body(3, " x"), queue.EINVALID},
			{"NotAnObject", "9", queue.EINVALID},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rejects(t, s, tc.code, hub, queue.FeedbackGiven, at, tc.body)
			})
		}
	})

	t.Run("Given", func(t *testing.T) {
		mustApply(t, s, hub, queue.FeedbackGiven, at, body(4, "J'ai attendu longtemps"))
		tk := current(t, s, done.ID)
		want := queue.Feedback{Score: 4, Comment: "J'ai attendu longtemps", At: at, Device: hub}
		if tk.Feedback == nil || *tk.Feedback != want {
			t.Fatalf("feedback %+v, want %+v", tk.Feedback, want)
		}
		if !tk.Feedback.Detractor() || tk.Feedback.Promoter() || tk.Status != queue.Done || len(tk.History) != len(done.History) {
			t.Errorf("ticket after feedback: %+v", tk)
		}
		if err := tk.Rateable(); queue.ErrorCode(err) != queue.EANSWERED {
			t.Errorf("Rateable after an answer: %v", err)
		}
	})

	t.Run("OncePerTicket", func(t *testing.T) {
		rejects(t, s, queue.EANSWERED, kiosk, queue.FeedbackGiven, at.Add(time.Minute), body(10, ""))
	})

	t.Run("Detractors", func(t *testing.T) {
		other := ticketIn(t, s, queue.Done, t0.Add(20*time.Minute))
		happy := ticketIn(t, s, queue.Done, t0.Add(20*time.Minute))
		mustApply(t, s, kiosk, queue.FeedbackGiven, t0.Add(30*time.Minute), queue.FeedbackBody{Ticket: other.ID, Token: other.Token, Score: 6})
		mustApply(t, s, kiosk, queue.FeedbackGiven, t0.Add(31*time.Minute), queue.FeedbackBody{Ticket: happy.ID, Token: happy.Token, Score: 9})
		if got := ids(s.Detractors()); len(got) != 2 || got[0] != other.ID || got[1] != done.ID {
			t.Errorf("detractors %v, want the 6 then the 4", got)
		}
		if f := current(t, s, happy.ID).Feedback; !f.Promoter() || f.Detractor() {
			t.Errorf("a 9 is a promoter: %+v", f)
		}
	})

	t.Run("GoneAtDayClose", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Done, t0)
		tomorrow := t0.Add(24 * time.Hour)
		issue(t, s, "purchase", tomorrow)
		b := queue.FeedbackBody{Ticket: tk.ID, Token: tk.Token, Score: 8}
		if err := s.CheckFeedback(b); queue.ErrorCode(err) != queue.ENOTFOUND {
			t.Errorf("feedback on yesterday's visit: %v", err)
		}
		rejects(t, s, queue.ENOTFOUND, hub, queue.FeedbackGiven, tomorrow, b)
	})
}

func TestCheckFeedback(t *testing.T) {
	s := newState(t)
	done := ticketIn(t, s, queue.Done, t0)
	waiting := ticketIn(t, s, queue.Waiting, t0)
	for _, tc := range []struct {
		name string
		b    queue.FeedbackBody
		code string
	}{
		{"Ok", queue.FeedbackBody{Ticket: done.ID, Token: done.Token, Score: 0}, ""},
		{"WrongToken", queue.FeedbackBody{Ticket: done.ID, Token: "guess", Score: 9}, queue.EFORBIDDEN},
		{"NoToken", queue.FeedbackBody{Ticket: done.ID, Score: 9}, queue.EFORBIDDEN},
		{"Unknown", queue.FeedbackBody{Ticket: "nope", Token: done.Token, Score: 9}, queue.ENOTFOUND},
		{"StillWaiting", queue.FeedbackBody{Ticket: waiting.ID, Token: waiting.Token, Score: 9}, queue.ECONFLICT},
		{"BadScore", queue.FeedbackBody{Ticket: done.ID, Token: done.Token, Score: 12}, queue.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.CheckFeedback(tc.b); queue.ErrorCode(err) != tc.code {
				t.Errorf("CheckFeedback = %v, want code %q", err, tc.code)
			}
			// A kiosk's feedback is admitted by the same rule.
			if err := s.Admit(newEvent(t, kiosk, queue.FeedbackGiven, t0, tc.b), t0); queue.ErrorCode(err) != tc.code {
				t.Errorf("Admit = %v, want code %q", err, tc.code)
			}
		})
	}
	for _, device := range []string{tablet, "display-1"} {
		if err := s.Admit(newEvent(t, device, queue.FeedbackGiven, t0, queue.FeedbackBody{Ticket: done.ID, Token: done.Token, Score: 10}), t0); queue.ErrorCode(err) != queue.EFORBIDDEN {
			t.Errorf("feedback from %s: %v, want it forbidden: visitors answer, not staff", device, err)
		}
	}
}
