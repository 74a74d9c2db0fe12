package enrol

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// MinPINDigits is the length of a PIN a manager sets, at least.
const MinPINDigits = 6

// NewPIN returns a random PIN of MinPINDigits digits.
func NewPIN() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}

// SetPIN keeps the argon2id hash of pin as staff's PIN, in db (the hub's),
// after checking it is made of at least MinPINDigits digits (EINVALID).
func SetPIN(ctx context.Context, db *store.DB, staff, pin string) error {
	if len(pin) < MinPINDigits {
		return queue.Errorf(queue.EINVALID, "a PIN has %d digits or more", MinPINDigits)
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return queue.Errorf(queue.EINVALID, "a PIN is made of digits only")
		}
	}
	return db.PutPIN(ctx, staff, HashPIN(pin))
}
