package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Limits on tags.
const (
	MaxTags   = 20
	MaxTagLen = 50
)

// cleanTags trims, de-duplicates (case-insensitively) and checks tags.
func cleanTags(in []string) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" {
			continue
		}
		if !utf8.ValidString(t) || utf8.RuneCountInString(t) > MaxTagLen || strings.ContainsAny(t, "\x00\x01\x02") {
			return nil, factcheck.Invalid("tags", "a tag is text of at most %d characters", MaxTagLen)
		}
		if k := strings.ToLower(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		return nil, factcheck.Invalid("tags", "at most %d tags", MaxTags)
	}
	return out, nil
}

// ListTags lists the workspace's tags starting with prefix, most used first.
func (s *Service) ListTags(ctx context.Context, user factcheck.User, slug, prefix string) ([]factcheck.TagCount, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(prefix) > MaxTagLen {
		return nil, factcheck.Invalid("prefix", "a tag prefix has at most %d characters", MaxTagLen)
	}
	return s.store.Tags(ctx, m.Workspace.ID, prefix, 20)
}
