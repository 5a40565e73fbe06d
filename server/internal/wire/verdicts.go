package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Rating is one label of a rating scale.
type Rating struct {
	Label   string `json:"label"`
	Value   *int   `json:"value"`
	Colour  string `json:"colour"`
	OnScale bool   `json:"onScale"`
}

// FromRating converts a rating.
func FromRating(r factcheck.Rating) Rating {
	return Rating{Label: r.Label, Value: r.Value, Colour: r.Colour, OnScale: r.OnScale}
}

// FromScale converts a rating scale to its list of labels.
func FromScale(s factcheck.RatingScale) []Rating {
	out := make([]Rating, 0, len(s.Ratings))
	for _, r := range s.Ratings {
		out = append(out, FromRating(r))
	}
	return out
}

// ToScale converts a list of labels to a rating scale.
func ToScale(rs []Rating) factcheck.RatingScale {
	out := factcheck.RatingScale{Ratings: make([]factcheck.Rating, 0, len(rs))}
	for _, r := range rs {
		out.Ratings = append(out.Ratings, factcheck.Rating{Label: r.Label, Value: r.Value, Colour: r.Colour, OnScale: r.OnScale})
	}
	return out
}

// Organisation is who publishes a workspace's fact-checks.
type Organisation struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// WorkspaceSettings are a workspace's organisation and rating scale.
type WorkspaceSettings struct {
	Organisation Organisation `json:"organisation"`
	RatingScale  []Rating     `json:"ratingScale"`
	Version      int          `json:"version"`
}

// FromSettings converts workspace settings.
func FromSettings(s factcheck.WorkspaceSettings) WorkspaceSettings {
	return WorkspaceSettings{Organisation: Organisation{Name: s.Organisation.Name, URL: s.Organisation.URL},
		RatingScale: FromScale(s.Scale), Version: s.Version}
}

// Verdict is a claim's rating and rationale on its way through review.
type Verdict struct {
	ID            string                 `json:"id"`
	ClaimID       string                 `json:"claimId"`
	Workspace     string                 `json:"workspace"`
	State         factcheck.VerdictState `json:"state"`
	Rating        string                 `json:"rating"`
	Rationale     string                 `json:"rationale"`
	EvidenceIDs   []string               `json:"evidenceIds"`
	Author        factcheck.UserRef      `json:"author"`
	Contributors  []string               `json:"contributorIds"`
	Reviewer      *factcheck.UserRef     `json:"reviewer"`
	ReviewComment string                 `json:"reviewComment"`
	SentBackBy    *factcheck.UserRef     `json:"sentBackBy"`
	SubmittedAt   *time.Time             `json:"submittedAt"`
	ApprovedAt    *time.Time             `json:"approvedAt"`
	PublishedAt   *time.Time             `json:"publishedAt"`
	CorrectedAt   *time.Time             `json:"correctedAt"`
	Publications  int                    `json:"publications"`
	PublicURL     *string                `json:"publicUrl"`
	CreatedAt     time.Time              `json:"createdAt"`
	UpdatedAt     time.Time              `json:"updatedAt"`
	UpdatedBy     *factcheck.UserRef     `json:"updatedBy,omitempty"`
	Version       int                    `json:"version"`
}

// PublicPath is where a published verdict's public page is served.
func PublicPath(verdictID string) string { return "/fact-checks/" + verdictID }

// FromVerdict converts a verdict.
func FromVerdict(v factcheck.Verdict) Verdict {
	out := Verdict{ID: v.ID, ClaimID: v.ClaimID, Workspace: v.WorkspaceSlug, State: v.State, Rating: v.Rating, Rationale: v.Rationale,
		EvidenceIDs: v.EvidenceIDs, Author: v.Author, Contributors: v.Contributors, Reviewer: v.Reviewer, ReviewComment: v.ReviewComment, SentBackBy: v.SentBackBy,
		SubmittedAt: v.SubmittedAt, ApprovedAt: v.ApprovedAt, PublishedAt: v.PublishedAt, CorrectedAt: v.CorrectedAt,
		Publications: v.Publications, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy, Version: v.Version}
	if out.EvidenceIDs == nil {
		out.EvidenceIDs = []string{}
	}
	if out.Contributors == nil {
		out.Contributors = []string{}
	}
	if v.Publications > 0 {
		p := PublicPath(v.ID)
		out.PublicURL = &p
	}
	return out
}

// ArticleRef names an article.
type ArticleRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// VerdictListItem is a verdict with its claim and the first article the
// claim appears in.
type VerdictListItem struct {
	Verdict Verdict     `json:"verdict"`
	Claim   ClaimRef    `json:"claim"`
	Article *ArticleRef `json:"article"`
}

// NewVerdictListItem makes a list item.
func NewVerdictListItem(v factcheck.Verdict, statement, articleID, articleTitle string) VerdictListItem {
	item := VerdictListItem{Verdict: FromVerdict(v), Claim: ClaimRef{ID: v.ClaimID, Statement: statement}}
	if articleID != "" {
		item.Article = &ArticleRef{ID: articleID, Title: articleTitle}
	}
	return item
}

// PublishedSource is a piece of evidence as published.
type PublishedSource struct {
	URL           string           `json:"url"`
	Title         string           `json:"title"`
	Publisher     string           `json:"publisher"`
	QuotedPassage string           `json:"quotedPassage"`
	Stance        factcheck.Stance `json:"stance"`
}

// Publication is one published version of a verdict.
type Publication struct {
	Number         int               `json:"number"`
	Rating         Rating            `json:"rating"`
	BestRating     *int              `json:"bestRating"`
	WorstRating    *int              `json:"worstRating"`
	Rationale      string            `json:"rationale"`
	CorrectionNote string            `json:"correctionNote"`
	Sources        []PublishedSource `json:"sources"`
	PublishedBy    factcheck.UserRef `json:"publishedBy"`
	PublishedAt    time.Time         `json:"publishedAt"`
}

// FromPublications converts published versions.
func FromPublications(ps []factcheck.Publication) []Publication {
	out := make([]Publication, 0, len(ps))
	for _, p := range ps {
		w := Publication{Number: p.Number, Rating: FromRating(p.Rating), BestRating: p.BestRating, WorstRating: p.WorstRating,
			Rationale: p.Rationale, CorrectionNote: p.CorrectionNote, Sources: make([]PublishedSource, 0, len(p.Sources)),
			PublishedBy: p.PublishedBy, PublishedAt: p.PublishedAt}
		for _, s := range p.Sources {
			w.Sources = append(w.Sources, PublishedSource{URL: s.URL, Title: s.Title, Publisher: s.Publisher, QuotedPassage: s.QuotedPassage, Stance: s.Stance})
		}
		out = append(out, w)
	}
	return out
}

// Notification tells a member that something happened to their work.
type Notification struct {
	ID             string                     `json:"id"`
	Kind           factcheck.NotificationKind `json:"kind"`
	ClaimID        string                     `json:"claimId"`
	ClaimStatement string                     `json:"claimStatement"`
	VerdictID      *string                    `json:"verdictId"`
	Actor          factcheck.UserRef          `json:"actor"`
	Comment        string                     `json:"comment"`
	CreatedAt      time.Time                  `json:"createdAt"`
	Read           bool                       `json:"read"`
}

// FromNotifications converts notifications.
func FromNotifications(ns []factcheck.Notification) []Notification {
	out := make([]Notification, 0, len(ns))
	for _, n := range ns {
		w := Notification{ID: n.ID, Kind: n.Kind, ClaimID: n.ClaimID, ClaimStatement: n.ClaimStatement, Actor: n.Actor,
			Comment: n.Comment, CreatedAt: n.CreatedAt, Read: n.Read}
		if n.VerdictID != "" {
			id := n.VerdictID
			w.VerdictID = &id
		}
		out = append(out, w)
	}
	return out
}

// VerdictEvent is the payload of a verdict's events: the verdict, its
// claim, whom to notify, and an editor's comment or correction note.
type VerdictEvent struct {
	Verdict Verdict  `json:"verdict"`
	Claim   ClaimRef `json:"claim"`
	Notify  []string `json:"notify"`
	Comment string   `json:"comment,omitempty"`
}

// AssignmentEvent is the payload of claim.assigned.
type AssignmentEvent struct {
	Claim  Claim    `json:"claim"`
	Notify []string `json:"notify"`
}
