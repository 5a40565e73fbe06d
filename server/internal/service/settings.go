package service

import (
	"context"
	"strings"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// MaxOrgNameLen is the longest organisation name, in characters.
const MaxOrgNameLen = 200

// Settings returns a workspace's organisation and rating scale (any
// member).
func (s *Service) Settings(ctx context.Context, user factcheck.User, slug string) (factcheck.WorkspaceSettings, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	return s.store.WorkspaceSettings(ctx, m.Workspace.ID)
}

// UpdateSettings replaces a workspace's organisation and rating scale
// (admins). Published verdicts keep the rating they were published with.
func (s *Service) UpdateSettings(ctx context.Context, user factcheck.User, slug string, in factcheck.WorkspaceSettings, basedOn int) (factcheck.WorkspaceSettings, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionManageSettings); err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	if basedOn < 1 {
		return factcheck.WorkspaceSettings{}, factcheck.Invalid("version", "say which version the edit is based on (If-Match or version)")
	}
	name := strings.TrimSpace(in.Organisation.Name)
	if name, err = text("organisation.name", &name, MaxOrgNameLen, false); err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	orgURL := strings.TrimSpace(in.Organisation.URL)
	if orgURL, err = text("organisation.url", &orgURL, MaxURLLen, false); err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	if orgURL != "" && !isHTTPURL(orgURL) {
		return factcheck.WorkspaceSettings{}, factcheck.Invalid("organisation.url", "the organisation's URL must be an http or https URL")
	}
	for i := range in.Scale.Ratings {
		in.Scale.Ratings[i].Label = strings.TrimSpace(in.Scale.Ratings[i].Label)
		in.Scale.Ratings[i].Colour = strings.ToLower(in.Scale.Ratings[i].Colour)
	}
	if len(in.Scale.Ratings) > 30 {
		return factcheck.WorkspaceSettings{}, factcheck.Invalid("ratingScale", "a scale has at most 30 labels")
	}
	if err := in.Scale.Validate(); err != nil {
		if e, ok := err.(*factcheck.Error); ok && strings.HasPrefix(e.Field, "ratings") {
			e.Field = "ratingScale" + strings.TrimPrefix(e.Field, "ratings")
		}
		return factcheck.WorkspaceSettings{}, err
	}
	settings := factcheck.WorkspaceSettings{Organisation: factcheck.Organisation{Name: name, URL: orgURL}, Scale: in.Scale}
	return update(ctx, s, versioned[factcheck.WorkspaceSettings]{
		kind: "settings",
		write: func(tx *store.Tx) (bool, error) {
			return tx.UpdateWorkspaceSettings(ctx, m.Workspace.ID, settings, basedOn)
		},
		read: func(tx *store.Tx) (factcheck.WorkspaceSettings, error) {
			return tx.WorkspaceSettings(ctx, m.Workspace.ID)
		},
		toWire: func(s factcheck.WorkspaceSettings) any { return wire.FromSettings(s) },
		event: func(saved factcheck.WorkspaceSettings) factcheck.Event {
			return factcheck.Event{WorkspaceID: m.Workspace.ID, Actor: actorRef(user), Type: factcheck.EventSettingsUpdated,
				Payload: eventPayload(wire.FromSettings(saved))}
		},
	})
}

func scaleLabels(scale factcheck.RatingScale) string {
	labels := make([]string, 0, len(scale.Ratings))
	for _, r := range scale.Ratings {
		labels = append(labels, r.Label)
	}
	return strings.Join(labels, ", ")
}
