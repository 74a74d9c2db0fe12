package printer

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Ticket is what a printed ticket carries.
type Ticket struct {
	Store     string        // store name, printed on top
	Number    string        // ticket number, e.g. "A042"
	Reason    string        // reason for the visit, in the visitor's language
	Reminder  string        // what to have ready ("an ID document"), in the visitor's language; "" for none
	IssuedAt  time.Time     // printed in its own location
	Ahead     int           // people waiting before this visitor
	Wait      time.Duration // estimated wait, when WaitKnown
	WaitTo    time.Duration // when set, the wait is a range from Wait to WaitTo
	WaitKnown bool
	URL       string     // mobile status page, printed as a QR code
	Tr        Translator // the visitor's language, whatever the screen shows
}

// Translator gives the ticket's printed strings in one language
// (assets.Translator), so a ticket printing never depends on, nor holds,
// the language of a screen.
type Translator interface {
	L(key string, data ...map[string]any) string
}

// MaxURL is the longest status URL a ticket accepts: a QR code of it stays
// small enough to scan from a phone.
const MaxURL = 512

// Validate reports whether t can be printed.
func (t Ticket) Validate() error {
	var errs []error
	if t.Number == "" {
		errs = append(errs, errors.New("no number"))
	}
	if t.Tr == nil {
		errs = append(errs, errors.New("no language"))
	}
	if len(t.URL) > MaxURL {
		errs = append(errs, fmt.Errorf("status URL of %d bytes, at most %d", len(t.URL), MaxURL))
	}
	for name, s := range map[string]string{"store": t.Store, "number": t.Number, "reason": t.Reason, "reminder": t.Reminder, "URL": t.URL} {
		if !utf8.ValidString(s) {
			errs = append(errs, fmt.Errorf("%s is not UTF-8", name))
		}
	}
	if t.Ahead < 0 || t.Wait < 0 || (t.WaitTo != 0 && t.WaitTo < t.Wait) {
		errs = append(errs, errors.New("negative queue or wait"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("printer: invalid ticket: %w", err)
	}
	return nil
}
