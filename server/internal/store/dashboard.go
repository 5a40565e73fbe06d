package store

import (
	"context"
	"time"
)

// DashboardScope is the claims a dashboard counts: a workspace's, or those
// highlighted in one of its articles.
type DashboardScope struct {
	WorkspaceID string
	ArticleID   string // "" for the whole workspace
}

// where is the scope as a condition on claims c.
func (s DashboardScope) where() (string, []any) {
	if s.ArticleID != "" {
		return "c.workspace_id = ? AND c.id IN (SELECT claim_id FROM annotations WHERE article_id = ? AND claim_id IS NOT NULL)",
			[]any{s.WorkspaceID, s.ArticleID}
	}
	return "c.workspace_id = ?", []any{s.WorkspaceID}
}

// DashboardCounts are a dashboard's numbers.
type DashboardCounts struct {
	Claims               int
	ClaimsWithoutVerdict int
	ByState              map[string]int
	PublishedByRating    map[string]int
	ClaimsByWeek         map[time.Time]int // keyed by the Monday starting the week, UTC
	// PublicationHours is, for each published verdict, the hours from its
	// claim being found to its first publication.
	PublicationHours []float64
}

// Dashboard counts the claims and verdicts in scope. Weeks are counted
// from since.
func (q queries) Dashboard(ctx context.Context, scope DashboardScope, since time.Time) (DashboardCounts, error) {
	cond, args := scope.where()
	out := DashboardCounts{ByState: map[string]int{}, PublishedByRating: map[string]int{}, ClaimsByWeek: map[time.Time]int{}}
	db := q.db.WithContext(ctx)
	var totals struct {
		Claims      int
		WithVerdict int
	}
	err := db.Raw(`SELECT count(*) AS claims, count(v.id) AS with_verdict
		FROM claims c LEFT JOIN verdicts v ON v.claim_id = c.id WHERE `+cond, args...).Scan(&totals).Error
	if err != nil {
		return out, translate(err, "dashboard")
	}
	out.Claims, out.ClaimsWithoutVerdict = totals.Claims, totals.Claims-totals.WithVerdict

	var groups []struct {
		State  string
		Rating string
		Count  int
	}
	err = db.Raw(`SELECT v.state, v.rating, count(*) AS count FROM verdicts v JOIN claims c ON c.id = v.claim_id
		WHERE `+cond+` GROUP BY v.state, v.rating`, args...).Scan(&groups).Error
	if err != nil {
		return out, translate(err, "dashboard")
	}
	for _, g := range groups {
		out.ByState[g.State] += g.Count
		if g.State == "published" {
			out.PublishedByRating[g.Rating] += g.Count
		}
	}

	var weeks []struct {
		Week  time.Time
		Count int
	}
	err = db.Raw(`SELECT date_trunc('week', c.created_at AT TIME ZONE 'UTC') AS week, count(*) AS count FROM claims c
		WHERE `+cond+` AND c.created_at >= ? GROUP BY 1`, append(args, since)...).Scan(&weeks).Error
	if err != nil {
		return out, translate(err, "dashboard")
	}
	for _, w := range weeks {
		out.ClaimsByWeek[time.Date(w.Week.Year(), w.Week.Month(), w.Week.Day(), 0, 0, 0, 0, time.UTC)] += w.Count
	}

	err = db.Raw(`SELECT extract(epoch FROM v.published_at - c.created_at) / 3600 FROM verdicts v JOIN claims c ON c.id = v.claim_id
		WHERE `+cond+` AND v.published_at IS NOT NULL ORDER BY 1`, args...).Scan(&out.PublicationHours).Error
	return out, translate(err, "dashboard")
}
