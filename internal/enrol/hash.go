package enrol

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// params are argon2id's costs.
type params struct {
	time, memory uint32 // iterations, KiB
	threads      uint8
}

var (
	// secretCost hashes device secrets and pairing codes: secrets are 256
	// random bits and codes live minutes with few tries, so nothing is
	// gained by slowing a guess, and a broker checks one per connection.
	secretCost = params{time: 1, memory: 1 << 10, threads: 1}
	// pinCost hashes staff PINs, which are short: OWASP's argon2id
	// minimum (19 MiB, 2 passes).
	pinCost = params{time: 2, memory: 19 << 10, threads: 1}
)

// hash returns the argon2id hash of secret as a PHC string,
// "$argon2id$v=19$m=...,t=...,p=...$salt$hash".
func hash(secret string, p params) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	sum := argon2.IDKey([]byte(secret), salt, p.time, p.memory, p.threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(sum))
}

// HashPIN returns the argon2id hash of a staff PIN.
func HashPIN(pin string) string { return hash(pin, pinCost) }

// CheapPINHash returns an argon2id hash of pin at the lowest cost, for
// tests only: VerifyPIN takes the cost from the hash, and a test machine
// running every test at once with the race detector checks a PIN at full
// cost in seconds.
func CheapPINHash(pin string) string { return hash(pin, secretCost) }

// VerifyPIN reports whether pin matches hash: an argon2id hash made by
// HashPIN or, with legacy true, the PBKDF2-SHA256 "salt$hash" that
// configurations carried before PINs left the log (hash it again).
func VerifyPIN(hash, pin string) (ok, legacy bool) {
	if strings.HasPrefix(hash, "$argon2id$") {
		return Verify(hash, pin), false
	}
	salt64, _, found := strings.Cut(hash, "$")
	salt, err := base64.RawStdEncoding.DecodeString(salt64)
	if !found || err != nil {
		return false, false
	}
	key, err := pbkdf2.Key(sha256.New, pin, salt, 10000, 32)
	want := base64.RawStdEncoding.EncodeToString(salt) + "$" + base64.RawStdEncoding.EncodeToString(key)
	return err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(hash)) == 1, true
}

// Verify reports whether secret matches encoded, a hash made here. It
// takes the costs from the hash, so hashes made with older costs still
// verify.
func Verify(encoded, secret string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var p params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return false
	}
	if p.memory > 256<<10 || p.time > 16 || p.threads == 0 {
		return false // not a cost this code makes: refuse rather than spend
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(secret), salt, p.time, p.memory, p.threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// MosquittoHash returns secret hashed as Mosquitto 2's password_file
// expects it: "$7$101$<salt>$<hash>", PBKDF2-SHA512.
func MosquittoHash(secret string) string {
	salt := make([]byte, 12)
	rand.Read(salt)
	sum, _ := pbkdf2.Key(sha512.New, secret, salt, 101, 64)
	b64 := base64.StdEncoding
	return "$7$101$" + b64.EncodeToString(salt) + "$" + b64.EncodeToString(sum)
}
