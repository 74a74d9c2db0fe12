package queue_test

import (
	"testing"
	"time"

	"accueil/internal/queue"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		prefix string
		n      int
		want   string
	}{
		{"A", 1, "A001"},
		{"S", 42, "S042"},
		{"Z", queue.MaxNumber, "Z999"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := queue.FormatNumber(tt.prefix, tt.n); got != tt.want {
				t.Errorf("FormatNumber(%s, %d) = %s", tt.prefix, tt.n, got)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		prefix string
		n      int
	}{
		{"First", "A001", "A", 1},
		{"Middle", "S042", "S", 42},
		{"Last", "Z999", "Z", 999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix, n, err := queue.ParseNumber(tt.in)
			if err != nil || prefix != tt.prefix || n != tt.n {
				t.Fatalf("ParseNumber(%q) = %q, %d, %v", tt.in, prefix, n, err)
			}
			if back := queue.FormatNumber(prefix, n); back != tt.in {
				t.Errorf("FormatNumber(ParseNumber(%q)) = %q", tt.in, back)
			}
		})
	}
	bad := []struct{ name, in string }{
		{"InvalidWhenEmpty", ""},
		{"InvalidWhenShort", "A01"},
		{"InvalidWhenLong", "A0001"},
		{"InvalidWhenLowercase", "a001"},
		{"InvalidWhenDigitPrefix", "1001"},
		{"InvalidWhenZero", "A000"},
		{"InvalidWhenNegative", "A-01"},
		{"InvalidWhenPlusSign", "A+01"},
		{"InvalidWhenSpace", "A 01"},
		{"InvalidWhenTrailingSpace", "A1  "},
		{"InvalidWhenTrailingLetter", "A01x"},
		{"InvalidWhenHex", "A0x1"},
		{"InvalidWhenLetters", "Axyz"},
		{"InvalidWhenMultibyte", "É01"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := queue.ParseNumber(tt.in); queue.ErrorCode(err) != queue.EINVALID {
				t.Fatalf("ParseNumber(%q) = %v, want code %q", tt.in, err, queue.EINVALID)
			}
		})
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"A001", "Z999", "A+01", "A 01", "A000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prefix, n, err := queue.ParseNumber(s)
		if err != nil {
			return
		}
		if n < 1 || n > queue.MaxNumber || queue.FormatNumber(prefix, n) != s {
			t.Fatalf("ParseNumber(%q) = %q, %d: not the printed number", s, prefix, n)
		}
	})
}

func TestStatusOpen(t *testing.T) {
	open := map[queue.Status]bool{
		queue.Waiting: true, queue.Called: true, queue.Serving: true,
		queue.Done: false, queue.NoShow: false, queue.Cancelled: false, "": false,
	}
	for st, want := range open {
		if got := st.Open(); got != want {
			t.Errorf("%q.Open() = %v, want %v", st, got, want)
		}
	}
}

func TestDay(t *testing.T) {
	cfg := defaultConfig()
	paris := cfg.Location()
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"Morning", t0, day},
		{"BeforeParisMidnight", time.Date(2026, 3, 2, 22, 59, 0, 0, time.UTC), "2026-03-02"},
		{"AfterParisMidnight", time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC), "2026-03-03"},
		{"SummerTime", time.Date(2026, 7, 14, 22, 30, 0, 0, time.UTC), "2026-07-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := queue.Day(tt.at, paris); got != tt.want {
				t.Errorf("Day(%v) = %s, want %s", tt.at, got, tt.want)
			}
		})
	}
}

func TestTicketWait(t *testing.T) {
	tests := []struct {
		name string
		tk   queue.Ticket
		want time.Duration
	}{
		{"Waiting", queue.Ticket{Status: queue.Waiting, ArrivedAt: t0}, mins(30)},
		{"Called", queue.Ticket{Status: queue.Called, ArrivedAt: t0, CalledAt: t0.Add(mins(7))}, mins(7)},
		{"Done", queue.Ticket{Status: queue.Done, ArrivedAt: t0, CalledAt: t0.Add(mins(7))}, mins(7)},
		{"RequeuedKeepsCounting", queue.Ticket{Status: queue.Waiting, ArrivedAt: t0, CalledAt: t0.Add(mins(7))}, mins(30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.tk.Wait(t0.Add(mins(30))); got != tt.want {
				t.Errorf("Wait = %v, want %v", got, tt.want)
			}
		})
	}
}
