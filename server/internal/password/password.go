// Package password hashes and verifies passwords with Argon2id, encoded in
// the PHC string format so parameters can be raised later without breaking
// stored hashes.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are Argon2id's cost parameters.
type Params struct {
	MemoryKiB  uint32
	Iterations uint32
	Threads    uint8
	SaltLen    int
	KeyLen     uint32
}

// OWASP is the OWASP Password Storage Cheat Sheet's minimum for Argon2id:
// 19 MiB of memory, 2 iterations, 1 degree of parallelism.
var OWASP = Params{MemoryKiB: 19 * 1024, Iterations: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// MaxLen bounds the password length we accept, so a multi-megabyte
// "password" cannot be used to burn CPU. Argon2 itself has no limit.
const MaxLen = 1024

// Hash returns the PHC-encoded Argon2id hash of pw.
func Hash(pw string, p Params) (string, error) {
	if len(pw) > MaxLen {
		return "", fmt.Errorf("password longer than %d bytes", MaxLen)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Iterations, p.MemoryKiB, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Iterations, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrMalformed reports a stored hash that cannot be parsed.
var ErrMalformed = errors.New("malformed password hash")

// Verify reports whether pw matches the encoded hash. The comparison takes
// the same time wherever the first difference is.
func Verify(pw, encoded string) (bool, error) {
	if len(pw) > MaxLen {
		return false, nil
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrMalformed
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Iterations, &p.Threads); err != nil {
		return false, ErrMalformed
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, ErrMalformed
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, ErrMalformed
	}
	got := argon2.IDKey([]byte(pw), salt, p.Iterations, p.MemoryKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
