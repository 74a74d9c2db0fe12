package scanner

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

// typed feeds s one key every gap, then Enter after the same gap.
func typed(c *Collector, s string, start time.Time, gap time.Duration) (string, error) {
	at := start
	for _, r := range s {
		c.Feed(r, at)
		at = at.Add(gap)
	}
	return c.Enter(at)
}

func TestCollector(t *testing.T) {
	const fast, slow = 8 * time.Millisecond, 300 * time.Millisecond
	for _, tc := range []struct {
		name    string
		input   string
		gap     time.Duration
		want    string
		wantErr error
	}{
		{"appointment code", "RDV-2026-0042", fast, "RDV-2026-0042", nil},
		{"web order URL", "https://shop.example/o/8F3K2", fast, "https://shop.example/o/8F3K2", nil},
		{"shortest", "AB12", fast, "AB12", nil},
		{"longest", strings.Repeat("x", 64), fast, strings.Repeat("x", 64), nil},
		{"person typing", "RDV-2026-0042", slow, "", ErrTooSlow},
		{"garbage", "RDV 2026;0042", fast, "", ErrBadChar},
		{"accented", "Réservé42", fast, "", ErrBadChar},
		{"control character", "AB\x1b12", fast, "", ErrBadChar},
		{"too long", strings.Repeat("x", 65), fast, "", ErrTooLong},
		{"much too long", strings.Repeat("x", 5000), fast, "", ErrTooLong},
		{"too short", "AB1", fast, "", ErrTooShort},
		{"empty", "", fast, "", ErrEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCollector(Rules{})
			got, err := typed(c, tc.input, t0, tc.gap)
			if got != tc.want || !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Errorf("code = %q, %v; want %q, %v", got, err, tc.want, tc.wantErr)
			}
			var e *Error
			if err != nil && !errors.As(err, &e) {
				t.Errorf("error %v is not an *Error", err)
			}
			// The collector starts afresh after Enter.
			if got, err := typed(c, "NEXT-1", t0.Add(time.Hour), fast); got != "NEXT-1" || err != nil {
				t.Errorf("next scan = %q, %v", got, err)
			}
		})
	}
}

func TestCollectorStrayKeyThenScan(t *testing.T) {
	c := NewCollector(Rules{})
	c.Feed('q', t0)
	got, err := typed(c, "RDV-42", t0.Add(2*time.Second), time.Millisecond)
	if got != "RDV-42" || err != nil {
		t.Errorf("code = %q, %v; want the scan without the stray key", got, err)
	}
}

func TestCollectorLateEnter(t *testing.T) {
	c := NewCollector(Rules{})
	c.Feed('A', t0)
	c.Feed('B', t0.Add(time.Millisecond))
	c.Feed('C', t0.Add(2*time.Millisecond))
	c.Feed('D', t0.Add(3*time.Millisecond))
	if _, err := c.Enter(t0.Add(time.Second)); !errors.Is(err, ErrTooSlow) {
		t.Errorf("Enter long after the keys = %v, want ErrTooSlow", err)
	}
}

func TestCollectorCustomGap(t *testing.T) {
	c := NewCollector(Rules{MaxGap: 200 * time.Millisecond, MinLen: 2, MaxLen: 8})
	if got, err := typed(c, "AB", t0, 150*time.Millisecond); got != "AB" || err != nil {
		t.Errorf("code = %q, %v", got, err)
	}
	if _, err := typed(c, "ABCDEFGHI", t0, time.Millisecond); !errors.Is(err, ErrTooLong) {
		t.Errorf("9 keys with MaxLen 8: %v, want ErrTooLong", err)
	}
}

func TestErrorIs(t *testing.T) {
	err := reject(TooLong, []rune("xyz"))
	if !errors.Is(err, ErrTooLong) || errors.Is(err, ErrTooShort) {
		t.Errorf("errors.Is(%v) does not match by reason", err)
	}
	if got := err.Error(); got != `scanner: too long: "xyz"` {
		t.Errorf("Error() = %q", got)
	}
}

func FuzzCollector(f *testing.F) {
	f.Add("RDV-2026-0042", uint16(5))
	f.Add("https://shop.example/o/8F3K2", uint16(1))
	f.Add("Réservé\x00\x1b;", uint16(400))
	f.Add("", uint16(0))
	f.Fuzz(func(t *testing.T, input string, gapMs uint16) {
		c := NewCollector(Rules{})
		got, err := typed(c, input, t0, time.Duration(gapMs)*time.Millisecond)
		if err == nil {
			if verr := (Rules{}).Validate(got); verr != nil {
				t.Fatalf("accepted %q, which Validate rejects: %v", got, verr)
			}
			if got != input {
				t.Fatalf("accepted %q from input %q", got, input)
			}
		} else if !errors.As(err, new(*Error)) {
			t.Fatalf("error %v is not an *Error", err)
		}
	})
}

// TestCollectorSlowEnter: a burst whose Enter comes late (a slower or
// Bluetooth scanner) is still a scan, up to EnterGap; later, it is not.
func TestCollectorSlowEnter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rules Rules
		enter time.Duration // after the last key
		want  error
	}{
		{"Enter after 60 ms", Rules{}, 60 * time.Millisecond, nil},
		{"Enter after 450 ms", Rules{}, 450 * time.Millisecond, nil},
		{"Enter after 600 ms", Rules{}, 600 * time.Millisecond, ErrTooSlow},
		{"Enter after 600 ms, gap 1 s", Rules{EnterGap: time.Second}, 600 * time.Millisecond, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCollector(tc.rules)
			for i, r := range "RDV42" {
				c.Feed(r, t0.Add(time.Duration(i)*5*time.Millisecond))
			}
			got, err := c.Enter(t0.Add(4*5*time.Millisecond + tc.enter))
			if !errors.Is(err, tc.want) || (tc.want == nil && got != "RDV42") {
				t.Errorf("Enter = %q, %v; want %v", got, err, tc.want)
			}
		})
	}
}
