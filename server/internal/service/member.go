package service

import (
	"context"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
)

// Event types of membership changes.
const (
	EventMemberRoleChanged = "member.role_changed"
	EventMemberRemoved     = "member.removed"
)

// member resolves the user's membership of a workspace; a workspace the
// user is not in is not found.
func (s *Service) member(ctx context.Context, user factcheck.User, slug string) (factcheck.Member, error) {
	if !slugPattern.MatchString(slug) {
		return factcheck.Member{}, factcheck.NotFound("workspace")
	}
	return s.store.Member(ctx, user, slug)
}

// Memberships lists the user's workspaces and roles.
func (s *Service) Memberships(ctx context.Context, user factcheck.User) ([]factcheck.Membership, error) {
	return s.store.Memberships(ctx, user.ID)
}

// ListMembers lists the workspace's members.
func (s *Service) ListMembers(ctx context.Context, user factcheck.User, slug string) ([]factcheck.MemberRef, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	return s.store.Members(ctx, m.Workspace.ID)
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
