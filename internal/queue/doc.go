// Package queue is the domain of Accueil: reasons for a visit, counters,
// staff, tickets and appointments, the events that change them, the pure
// state machine that folds events into the state of a store, and the
// routing rule that picks the next ticket for a counter.
//
// Every rule of what may happen lives here (rules.go): which kind of
// device sends which event (Permitted), who may act from where (Admit: a
// staff action needs that staff member's open session on the sending
// device), what a request decides (Decide: call next, lease, login), who
// serves whom (Serves, WaitingFor, CanCall and Next agree), numbering
// (PrepareIssue), transfers, the day's appointments, the phone check, who
// may rate a visit and when (CheckFeedback, feedback.go). The
// hub runs Decide on every envelope before Apply; devices run Admit before
// they submit; screens ask the same functions what to offer.
//
// Apply keeps only the state machine (a call needs a waiting ticket, a
// number its lease), not who may act: rules on people and devices are
// checked once, when the event is admitted, so a log written under earlier
// rules still folds to the same state after an upgrade.
//
// It does no I/O and reads no clock: time comes in with each event or call.
// The store (SQLite), the sync layer (MQTT) and the apps call into it.
package queue
