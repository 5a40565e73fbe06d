package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/password"
)

// Session is an authenticated browser: who it is and the token that must
// accompany its state-changing requests.
type Session struct {
	User      factcheck.User
	CSRFToken string
}

// NewSession is a session just created at login, with its secret token.
type NewSession struct {
	Session
	Token     string
	ExpiresAt time.Time
}

var errWrongCredentials = factcheck.Errorf(factcheck.CodeUnauthorized, "wrong email or password")

// newToken returns 256 random bits, URL-safe.
func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never happens on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// SessionKey identifies a session among live connections without keeping
// its token: the hex SHA-256 of the token.
func SessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Login checks an email and password and starts a new session. Unknown
// emails, wrong passwords and disabled users get the same error after the
// same work.
func (s *Service) Login(ctx context.Context, email, pw string) (NewSession, error) {
	email = strings.TrimSpace(email)
	user, hash, err := s.store.UserByEmail(ctx, email)
	if err != nil && !factcheck.IsCode(err, factcheck.CodeNotFound) {
		return NewSession{}, err
	}
	if err != nil {
		hash = s.dummyHash
	}
	ok, verr := password.Verify(pw, hash)
	if verr != nil {
		s.logger.Error("stored password hash is malformed", "user_id", user.ID)
	}
	if err != nil || !ok || user.DisabledAt != nil {
		return NewSession{}, errWrongCredentials
	}
	ns := NewSession{Session: Session{User: user, CSRFToken: newToken()}, Token: newToken(), ExpiresAt: time.Now().Add(s.sessionTTL)}
	if err := s.store.CreateSession(ctx, hashToken(ns.Token), user.ID, ns.CSRFToken, ns.ExpiresAt); err != nil {
		return NewSession{}, err
	}
	return ns, nil
}

// Authenticate finds the live session of a token.
func (s *Service) Authenticate(ctx context.Context, token string) (Session, error) {
	if token == "" || len(token) > 100 {
		return Session{}, factcheck.Errorf(factcheck.CodeUnauthorized, "you are not logged in")
	}
	h := hashToken(token)
	st, err := s.store.SessionByHash(ctx, h)
	if factcheck.IsCode(err, factcheck.CodeNotFound) {
		return Session{}, factcheck.Errorf(factcheck.CodeUnauthorized, "your session has ended; log in again")
	}
	if err != nil {
		return Session{}, err
	}
	// Sliding expiry, written at most once a minute per session.
	if time.Since(st.LastSeen) > time.Minute {
		if err := s.store.TouchSession(ctx, h, time.Now().Add(s.sessionTTL)); err != nil {
			s.logger.Warn("could not extend session", "err", err)
		}
	}
	return Session{User: st.User, CSRFToken: st.CSRFToken}, nil
}

// Logout revokes the session of a token and closes its live connections
// on every instance.
func (s *Service) Logout(ctx context.Context, token string) error {
	if err := s.store.DeleteSession(ctx, hashToken(token)); err != nil {
		return err
	}
	s.announceAccess(ctx, AccessChange{Session: SessionKey(token)})
	return nil
}

// AccessChange says whose live connections must close: every connection of
// a user, or those of one session.
type AccessChange struct {
	User    string `json:"user,omitempty"`
	Session string `json:"session,omitempty"`
}

// announceAccess tells every instance that access changed, after the
// change committed. The change is already durable; a lost notification
// only delays the closing until the connection's next reconnect.
func (s *Service) announceAccess(ctx context.Context, change AccessChange) {
	b, _ := json.Marshal(change)
	if err := s.store.NotifyAccess(context.WithoutCancel(ctx), string(b)); err != nil {
		s.logger.Warn("announce access change", "err", err)
	}
}
