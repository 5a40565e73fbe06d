package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
)

// Event types of membership changes.
const (
	EventMemberRoleChanged = "member.role_changed"
	EventMemberRemoved     = "member.removed"
)

// SessionKey identifies a session among live connections without keeping
// its token: the hex SHA-256 of the token.
func SessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
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

// SetMemberRole gives a member another role (admins only). Admins cannot
// change their own role, so that a workspace never loses its last admin by
// accident.
func (s *Service) SetMemberRole(ctx context.Context, user factcheck.User, slug, userID, roleName string) (factcheck.MemberRef, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return factcheck.MemberRef{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionManageMembers); err != nil {
		return factcheck.MemberRef{}, err
	}
	role, err := factcheck.ParseRole(roleName)
	if err != nil {
		return factcheck.MemberRef{}, err
	}
	if userID == user.ID {
		return factcheck.MemberRef{}, factcheck.Errorf(factcheck.CodeConflict, "you cannot change your own role; ask another admin")
	}
	if !validID(userID) {
		return factcheck.MemberRef{}, factcheck.NotFound("member")
	}
	var out factcheck.MemberRef
	err = s.store.Atomic(ctx, func(tx *store.Tx) error {
		old, err := tx.MemberRole(ctx, m.Workspace.ID, userID)
		if err != nil {
			return err
		}
		if err := tx.SetMembership(ctx, m.Workspace.ID, userID, role); err != nil {
			return err
		}
		members, err := tx.Members(ctx, m.Workspace.ID)
		if err != nil {
			return err
		}
		for _, mem := range members {
			if mem.ID == userID {
				out = mem
			}
		}
		return tx.AppendEvent(ctx, factcheck.Event{WorkspaceID: m.Workspace.ID, Actor: actorRef(user), Type: EventMemberRoleChanged,
			Payload: eventPayload(map[string]any{"userId": userID, "name": out.Name, "from": old, "to": role})})
	})
	if err != nil {
		return factcheck.MemberRef{}, err
	}
	// Connections re-join with the new role's rights.
	s.announceAccess(ctx, AccessChange{User: userID})
	return out, nil
}

// RemoveMember takes someone out of a workspace (admins only); their live
// connections close at once, on every instance.
func (s *Service) RemoveMember(ctx context.Context, user factcheck.User, slug, userID string) error {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return err
	}
	if err := m.Role.Authorize(factcheck.ActionManageMembers); err != nil {
		return err
	}
	if userID == user.ID {
		return factcheck.Errorf(factcheck.CodeConflict, "you cannot remove yourself; ask another admin")
	}
	if !validID(userID) {
		return factcheck.NotFound("member")
	}
	err = s.store.Atomic(ctx, func(tx *store.Tx) error {
		ok, err := tx.RemoveMembership(ctx, m.Workspace.ID, userID)
		if err != nil {
			return err
		}
		if !ok {
			return factcheck.NotFound("member")
		}
		return tx.AppendEvent(ctx, factcheck.Event{WorkspaceID: m.Workspace.ID, Actor: actorRef(user), Type: EventMemberRemoved,
			Payload: eventPayload(map[string]any{"userId": userID})})
	})
	if err != nil {
		return err
	}
	s.announceAccess(ctx, AccessChange{User: userID})
	return nil
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
