package store

import (
	"context"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Tags lists a workspace's tags starting with prefix, most used first.
func (q queries) Tags(ctx context.Context, workspaceID, prefix string, limit int) ([]factcheck.TagCount, error) {
	var out []factcheck.TagCount
	err := q.db.WithContext(ctx).Raw(`
		SELECT tag, count(*) AS count FROM annotations, unnest(tags) AS tag
		WHERE workspace_id = ? AND lower(tag) LIKE lower(?) || '%'
		GROUP BY tag ORDER BY count DESC, tag LIMIT ?`, workspaceID, escapeLike(prefix), limit).Scan(&out).Error
	return out, translate(err, "tag")
}

func escapeLike(s string) string {
	r := []rune{}
	for _, c := range s {
		if c == '%' || c == '_' || c == '\\' {
			r = append(r, '\\')
		}
		r = append(r, c)
	}
	return string(r)
}
