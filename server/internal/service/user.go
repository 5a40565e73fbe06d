package service

import (
	"context"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/password"
	"github.com/factdesk/factdesk/server/internal/store"
)

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

// DisableUser stops a user from logging in, ends their sessions and closes
// their live connections (for operators on the command line).
func (s *Service) DisableUser(ctx context.Context, email string) (factcheck.User, error) {
	u, _, err := s.store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return factcheck.User{}, err
	}
	if err := s.store.DisableUser(ctx, u.ID); err != nil {
		return factcheck.User{}, err
	}
	s.announceAccess(ctx, AccessChange{User: u.ID})
	return u, nil
}
