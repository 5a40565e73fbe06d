package password

import (
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	tests := []struct {
		name string
		pw   string
	}{
		{"ascii", "correct horse battery staple"},
		{"non-ascii", "pässwörd — 密码 — пароль 🔐"},
		{"long", strings.Repeat("long password ", 70)},
		{"one char", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Hash(tt.pw, OWASP)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
				t.Fatalf("hash %q does not carry the OWASP parameters", h)
			}
			ok, err := Verify(tt.pw, h)
			if err != nil || !ok {
				t.Fatalf("Verify(right password) = %v, %v; want true", ok, err)
			}
			ok, err = Verify(tt.pw+"!", h)
			if err != nil || ok {
				t.Fatalf("Verify(wrong password) = %v, %v; want false", ok, err)
			}
		})
	}
}

func TestHashesAreSalted(t *testing.T) {
	a, _ := Hash("same", OWASP)
	b, _ := Hash("same", OWASP)
	if a == b {
		t.Fatal("two hashes of the same password are equal: salt is missing")
	}
}

func TestVerifyRejectsMalformed(t *testing.T) {
	for _, enc := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=x$c2FsdA$a2V5", "$argon2id$v=19$m=8,t=1,p=1$!!$a2V5"} {
		if _, err := Verify("pw", enc); err == nil {
			t.Errorf("Verify(%q) accepted a malformed hash", enc)
		}
	}
}

func TestOverlongPasswordRefused(t *testing.T) {
	if _, err := Hash(strings.Repeat("a", MaxLen+1), OWASP); err == nil {
		t.Fatal("Hash accepted a password over MaxLen")
	}
}
