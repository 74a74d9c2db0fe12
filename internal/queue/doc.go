// Package queue is the domain of Accueil: reasons for a visit, counters,
// staff, tickets and appointments, the events that change them, the pure
// state machine that folds events into the state of a store, and the
// routing rule that picks the next ticket for a counter.
//
// It does no I/O and reads no clock: time comes in with each event or call.
// The store (SQLite), the sync layer (MQTT) and the apps call into it.
package queue
