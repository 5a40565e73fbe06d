package service

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
)

// dashboardWeeks is how many weeks of claims a dashboard shows.
const dashboardWeeks = 12

// Count is one bar of a dashboard's chart.
type Count struct {
	Key    string
	Label  string
	Colour string
	Count  int
}

// WeekCount is the claims found in the week starting on Week (a Monday).
type WeekCount struct {
	Week  time.Time
	Count int
}

// Dashboard is a workspace's (or one article's) claims and verdicts in
// numbers.
type Dashboard struct {
	Workspace            factcheck.Workspace
	Article              *factcheck.Article
	Claims               int
	ClaimsWithoutVerdict int
	ByState              []Count
	ByRating             []Count
	ClaimsByWeek         []WeekCount
	Published            int
	MedianHours          *float64
	P90Hours             *float64
	PublicationBuckets   []Count
}

var stateLabels = []struct {
	state factcheck.VerdictState
	label string
}{
	{factcheck.VerdictDraft, "Draft"},
	{factcheck.VerdictInReview, "In review"},
	{factcheck.VerdictChangesRequested, "Sent back"},
	{factcheck.VerdictApproved, "Approved"},
	{factcheck.VerdictPublished, "Published"},
}

// publicationBuckets group the time from a claim to its publication.
var publicationBuckets = []struct {
	key, label string
	below      float64 // hours
}{
	{"6h", "Under 6 hours", 6},
	{"1d", "6 to 24 hours", 24},
	{"3d", "1 to 3 days", 72},
	{"7d", "3 to 7 days", 168},
	{"more", "Over a week", math.Inf(1)},
}

// Dashboard counts a workspace's claims and verdicts, or those of one of
// its articles (articleID non-empty).
func (s *Service) Dashboard(ctx context.Context, user factcheck.User, slug, articleID string) (Dashboard, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return Dashboard{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return Dashboard{}, err
	}
	out := Dashboard{Workspace: m.Workspace}
	scope := store.DashboardScope{WorkspaceID: m.Workspace.ID}
	if articleID != "" {
		a, am, err := s.article(ctx, user, articleID)
		if err != nil || am.Workspace.ID != m.Workspace.ID {
			return Dashboard{}, factcheck.NotFound("article")
		}
		out.Article, scope.ArticleID = &a, a.ID
	}
	now := time.Now().UTC()
	thisWeek := now.AddDate(0, 0, -((int(now.Weekday()) + 6) % 7)).Truncate(24 * time.Hour)
	since := thisWeek.AddDate(0, 0, -7*(dashboardWeeks-1))
	counts, err := s.store.Dashboard(ctx, scope, since)
	if err != nil {
		return Dashboard{}, err
	}
	settings, err := s.store.WorkspaceSettings(ctx, m.Workspace.ID)
	if err != nil {
		return Dashboard{}, err
	}
	out.Claims, out.ClaimsWithoutVerdict = counts.Claims, counts.ClaimsWithoutVerdict
	for _, st := range stateLabels {
		out.ByState = append(out.ByState, Count{Key: string(st.state), Label: st.label, Count: counts.ByState[string(st.state)]})
	}
	// Ratings in the scale's order, then labels since taken off it.
	for _, r := range settings.Scale.Ratings {
		out.ByRating = append(out.ByRating, Count{Key: r.Label, Label: r.Label, Colour: r.Colour, Count: counts.PublishedByRating[r.Label]})
		delete(counts.PublishedByRating, r.Label)
	}
	rest := make([]string, 0, len(counts.PublishedByRating))
	for label := range counts.PublishedByRating {
		rest = append(rest, label)
	}
	slices.Sort(rest)
	for _, label := range rest {
		out.ByRating = append(out.ByRating, Count{Key: label, Label: label, Colour: "#6e7781", Count: counts.PublishedByRating[label]})
	}
	for w := range dashboardWeeks {
		week := since.AddDate(0, 0, 7*w)
		out.ClaimsByWeek = append(out.ClaimsByWeek, WeekCount{Week: week, Count: counts.ClaimsByWeek[week]})
	}
	hours := counts.PublicationHours // sorted
	out.Published = len(hours)
	if len(hours) > 0 {
		median, p90 := percentile(hours, 0.5), percentile(hours, 0.9)
		out.MedianHours, out.P90Hours = &median, &p90
	}
	for _, b := range publicationBuckets {
		out.PublicationBuckets = append(out.PublicationBuckets, Count{Key: b.key, Label: b.label})
	}
	for _, h := range hours {
		i := slices.IndexFunc(publicationBuckets, func(b struct {
			key, label string
			below      float64
		}) bool {
			return h < b.below
		})
		out.PublicationBuckets[i].Count++
	}
	return out, nil
}

// percentile of sorted values, interpolating between neighbours.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	pos := p * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	return sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
}
