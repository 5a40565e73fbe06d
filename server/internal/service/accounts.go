package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/password"
	"github.com/factdesk/factdesk/server/internal/store"
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

// Memberships lists the user's workspaces and roles.
func (s *Service) Memberships(ctx context.Context, user factcheck.User) ([]factcheck.Membership, error) {
	return s.store.Memberships(ctx, user.ID)
}

// AddUserInput is what `factdesk user add` supplies.
type AddUserInput struct {
	Email         string
	Name          string
	Password      string
	Workspace     string // slug; created when missing
	WorkspaceName string // used when the workspace is created; defaults to the slug
	Role          string
}

// AddUserResult says what AddUser did.
type AddUserResult struct {
	User             factcheck.User
	Workspace        factcheck.Workspace
	UserCreated      bool
	WorkspaceCreated bool
}

// MinPasswordLen is the shortest password accepted for a new account.
const MinPasswordLen = 10

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// AddUser creates a user (or updates the name and password of an existing
// one) and gives them a role in a workspace, creating the workspace if it
// does not exist. It is for operators on the command line.
func (s *Service) AddUser(ctx context.Context, in AddUserInput) (AddUserResult, error) {
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Name = strings.TrimSpace(in.Name)
	if addr, err := mail.ParseAddress(in.Email); err != nil || addr.Address != in.Email {
		return AddUserResult{}, factcheck.Invalid("email", "%q is not an email address", in.Email)
	}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 {
		return AddUserResult{}, factcheck.Invalid("name", "a name of 1 to 200 characters is required")
	}
	if n := utf8.RuneCountInString(in.Password); n < MinPasswordLen || len(in.Password) > password.MaxLen {
		return AddUserResult{}, factcheck.Invalid("password", "the password must have at least %d characters and at most %d bytes", MinPasswordLen, password.MaxLen)
	}
	if !slugPattern.MatchString(in.Workspace) {
		return AddUserResult{}, factcheck.Invalid("workspace", "a workspace slug is lower-case letters, digits and dashes (got %q)", in.Workspace)
	}
	role, err := factcheck.ParseRole(in.Role)
	if err != nil {
		return AddUserResult{}, err
	}
	hash, err := password.Hash(in.Password, s.pwParams)
	if err != nil {
		return AddUserResult{}, err
	}
	var res AddUserResult
	err = s.store.Atomic(ctx, func(tx *store.Tx) error {
		res = AddUserResult{}
		ws, err := tx.WorkspaceBySlug(ctx, in.Workspace)
		if factcheck.IsCode(err, factcheck.CodeNotFound) {
			name := in.WorkspaceName
			if name == "" {
				name = in.Workspace
			}
			ws, err = tx.CreateWorkspace(ctx, in.Workspace, name)
			res.WorkspaceCreated = true
		}
		if err != nil {
			return err
		}
		user, _, err := tx.UserByEmail(ctx, in.Email)
		switch {
		case factcheck.IsCode(err, factcheck.CodeNotFound):
			user, err = tx.CreateUser(ctx, in.Email, in.Name, hash)
			res.UserCreated = true
		case err == nil:
			err = tx.UpdateUserCredentials(ctx, user.ID, in.Name, hash)
			user.Name = in.Name
		}
		if err != nil {
			return err
		}
		res.User, res.Workspace = user, ws
		return tx.SetMembership(ctx, ws.ID, user.ID, role)
	})
	return res, err
}
