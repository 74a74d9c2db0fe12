package queue

import (
	"errors"
	"fmt"
)

// Error codes. They name what went wrong in terms a caller can act on; the
// apps translate them for people with ErrorKey.
const (
	EINVALID   = "invalid"   // malformed input: a missing field, an unknown value
	ENOTFOUND  = "not_found" // no such ticket, reason, staff or appointment
	ECONFLICT  = "conflict"  // a transition not allowed from the current state
	EFORBIDDEN = "forbidden" // wrong PIN, role or device
	EEMPTY     = "empty"     // nobody to call
	ELIMIT     = "limit"     // a limit reached: recalls, numbers of the day
	EINTERNAL  = "internal"  // a bug or an I/O failure
	EOFFLINE   = "offline"   // the hub cannot be reached
	EEXPIRED   = "expired"   // a request the hub did not answer in time, never carried out
	EANSWERED  = "answered"  // feedback on a visit already given: one answer per visit
)

// Error is the one error type of the domain.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("queue: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL when err is not an *Error,
// and "" when err is nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorKey returns the translation key of the sentence shown to a person
// for err, e.g. "error.conflict".
func ErrorKey(err error) string { return "error." + ErrorCode(err) }
