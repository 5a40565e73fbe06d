// Package wire holds the JSON shapes that leave the server: REST responses
// and the payloads of live events are the same documents, described by the
// OpenAPI document in httpapi. Converting from domain types happens here,
// once.
package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// User is the logged-in user as the API shows them.
type User struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// WorkspaceMembership is a workspace with the user's role in it.
type WorkspaceMembership struct {
	ID   string         `json:"id"`
	Slug string         `json:"slug"`
	Name string         `json:"name"`
	Role factcheck.Role `json:"role"`
	// Actions are what the role may do here, from the server's one table.
	Actions []factcheck.Action `json:"actions"`
}

// Session is what GET /api/session answers.
type Session struct {
	User       User                  `json:"user"`
	Workspaces []WorkspaceMembership `json:"workspaces"`
	CSRFToken  string                `json:"csrfToken"`
}

// ArticleVersionSummary names an article version without its content.
type ArticleVersionSummary struct {
	ID          string    `json:"id"`
	Number      int       `json:"number"`
	ContentHash string    `json:"contentHash"`
	CreatedAt   time.Time `json:"createdAt"`
}

// Article is an article's metadata.
type Article struct {
	ID              string                `json:"id"`
	Workspace       string                `json:"workspace"`
	Title           string                `json:"title"`
	SourceURL       *string               `json:"sourceUrl,omitempty"`
	CanonicalURL    *string               `json:"canonicalUrl,omitempty"`
	Byline          *string               `json:"byline,omitempty"`
	Publisher       *string               `json:"publisher,omitempty"`
	PublishedAt     *time.Time            `json:"publishedAt,omitempty"`
	CreatedBy       factcheck.UserRef     `json:"createdBy"`
	CreatedAt       time.Time             `json:"createdAt"`
	UpdatedAt       time.Time             `json:"updatedAt"`
	Version         int                   `json:"version"`
	CurrentVersion  ArticleVersionSummary `json:"currentVersion"`
	AnnotationCount int                   `json:"annotationCount"`
}

// ArticleContent is the current version's content.
type ArticleContent struct {
	VersionID string `json:"versionId"`
	HTML      string `json:"html"`
	Text      string `json:"text"`
}

// ArticleDetail is an article with its content and annotations, and the
// event sequence number the whole answer reflects.
type ArticleDetail struct {
	Article     Article        `json:"article"`
	Content     ArticleContent `json:"content"`
	Annotations []Annotation   `json:"annotations"`
	Seq         int64          `json:"seq"`
	Role        factcheck.Role `json:"role"`
}

// TextQuoteSelector is the W3C selector by quote and context.
type TextQuoteSelector struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

// TextPositionSelector is the W3C selector by code point offsets.
type TextPositionSelector struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Selectors anchor an annotation in its article version's text.
type Selectors struct {
	Quote    TextQuoteSelector    `json:"quote"`
	Position TextPositionSelector `json:"position"`
}

// Annotation is a highlight with its note.
type Annotation struct {
	ID               string                   `json:"id"`
	ArticleID        string                   `json:"articleId"`
	ArticleVersionID string                   `json:"articleVersionId"`
	Kind             factcheck.AnnotationKind `json:"kind"`
	Selectors        Selectors                `json:"selectors"`
	Body             string                   `json:"body"`
	Tags             []string                 `json:"tags"`
	Claim            *ClaimRef                `json:"claim"`
	Resolved         bool                     `json:"resolved"`
	ResolvedBy       *factcheck.UserRef       `json:"resolvedBy,omitempty"`
	ResolvedAt       *time.Time               `json:"resolvedAt,omitempty"`
	Anchor           factcheck.AnchorMethod   `json:"anchor"`
	Replies          []Reply                  `json:"replies"`
	CreatedBy        factcheck.UserRef        `json:"createdBy"`
	UpdatedBy        *factcheck.UserRef       `json:"updatedBy,omitempty"`
	CreatedAt        time.Time                `json:"createdAt"`
	UpdatedAt        time.Time                `json:"updatedAt"`
	Version          int                      `json:"version"`
}

// ClaimRef names the claim a highlight points to.
type ClaimRef struct {
	ID        string `json:"id"`
	Statement string `json:"statement"`
}

// Reply is a message in an annotation's thread.
type Reply struct {
	ID           string             `json:"id"`
	AnnotationID string             `json:"annotationId"`
	Body         string             `json:"body"`
	CreatedBy    factcheck.UserRef  `json:"createdBy"`
	UpdatedBy    *factcheck.UserRef `json:"updatedBy,omitempty"`
	CreatedAt    time.Time          `json:"createdAt"`
	UpdatedAt    time.Time          `json:"updatedAt"`
	Version      int                `json:"version"`
}

// Date is a calendar date, written as YYYY-MM-DD.
type Date struct{ time.Time }

// MarshalJSON writes the date without a time.
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.Format(time.DateOnly) + `"`), nil }

func date(t *time.Time) *Date {
	if t == nil {
		return nil
	}
	return &Date{*t}
}

// Claim is a checkable statement.
type Claim struct {
	ID              string             `json:"id"`
	Workspace       string             `json:"workspace"`
	Statement       string             `json:"statement"`
	Claimant        string             `json:"claimant"`
	ClaimDate       *Date              `json:"claimDate"`
	CreatedBy       factcheck.UserRef  `json:"createdBy"`
	UpdatedBy       *factcheck.UserRef `json:"updatedBy,omitempty"`
	CreatedAt       time.Time          `json:"createdAt"`
	UpdatedAt       time.Time          `json:"updatedAt"`
	Version         int                `json:"version"`
	AnnotationCount int                `json:"annotationCount"`
	EvidenceCount   int                `json:"evidenceCount"`
	Assignee        *factcheck.UserRef `json:"assignee"`
	Verdict         *VerdictRef        `json:"verdict"`
}

// VerdictRef is a claim's verdict in brief.
type VerdictRef struct {
	ID     string                 `json:"id"`
	State  factcheck.VerdictState `json:"state"`
	Rating string                 `json:"rating"`
}

// ClaimAppearance is a highlight that quotes a claim.
type ClaimAppearance struct {
	AnnotationID string `json:"annotationId"`
	ArticleID    string `json:"articleId"`
	ArticleTitle string `json:"articleTitle"`
	Quote        string `json:"quote"`
	Orphaned     bool   `json:"orphaned"`
}

// ClaimDetail is a claim with where it appears and its evidence.
type ClaimDetail struct {
	Claim       Claim             `json:"claim"`
	Appearances []ClaimAppearance `json:"appearances"`
	Evidence    []Evidence        `json:"evidence"`
	Verdict     *Verdict          `json:"verdict"`
	Role        factcheck.Role    `json:"role"`
}

// Evidence is a source a claim is checked against.
type Evidence struct {
	ID            string             `json:"id"`
	ClaimID       string             `json:"claimId"`
	URL           string             `json:"url"`
	Title         string             `json:"title"`
	Publisher     string             `json:"publisher"`
	QuotedPassage string             `json:"quotedPassage"`
	Stance        factcheck.Stance   `json:"stance"`
	ConsultedOn   *Date              `json:"consultedOn"`
	CreatedBy     factcheck.UserRef  `json:"createdBy"`
	UpdatedBy     *factcheck.UserRef `json:"updatedBy,omitempty"`
	CreatedAt     time.Time          `json:"createdAt"`
	UpdatedAt     time.Time          `json:"updatedAt"`
	Version       int                `json:"version"`
}

// FromReply converts a reply.
func FromReply(r factcheck.Reply) Reply {
	return Reply{ID: r.ID, AnnotationID: r.AnnotationID, Body: r.Body, CreatedBy: r.CreatedBy, UpdatedBy: r.UpdatedBy, CreatedAt: r.CreatedAt,
		UpdatedAt: r.UpdatedAt, Version: r.Version}
}

// FromClaim converts a claim.
func FromClaim(c factcheck.Claim) Claim {
	out := Claim{ID: c.ID, Workspace: c.WorkspaceSlug, Statement: c.Statement, Claimant: c.Claimant, ClaimDate: date(c.ClaimDate),
		CreatedBy: c.CreatedBy, UpdatedBy: c.UpdatedBy, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: c.Version,
		AnnotationCount: c.AnnotationCount, EvidenceCount: c.EvidenceCount, Assignee: c.Assignee}
	if c.Verdict != nil {
		out.Verdict = &VerdictRef{ID: c.Verdict.ID, State: c.Verdict.State, Rating: c.Verdict.Rating}
	}
	return out
}

// FromClaims converts a list of claims.
func FromClaims(cs []factcheck.Claim) []Claim {
	out := make([]Claim, 0, len(cs))
	for _, c := range cs {
		out = append(out, FromClaim(c))
	}
	return out
}

// FromEvidence converts a piece of evidence.
func FromEvidence(e factcheck.Evidence) Evidence {
	return Evidence{ID: e.ID, ClaimID: e.ClaimID, URL: e.URL, Title: e.Title, Publisher: e.Publisher, QuotedPassage: e.QuotedPassage,
		Stance: e.Stance, ConsultedOn: date(e.ConsultedOn), CreatedBy: e.CreatedBy, UpdatedBy: e.UpdatedBy, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
		Version: e.Version}
}

// FromEvidenceList converts a list of evidence.
func FromEvidenceList(es []factcheck.Evidence) []Evidence {
	out := make([]Evidence, 0, len(es))
	for _, e := range es {
		out = append(out, FromEvidence(e))
	}
	return out
}

// FromAppearances converts a claim's appearances.
func FromAppearances(as []factcheck.ClaimAppearance) []ClaimAppearance {
	out := make([]ClaimAppearance, 0, len(as))
	for _, a := range as {
		out = append(out, ClaimAppearance(a))
	}
	return out
}

// Event is one entry of the history and of the live stream.
type Event struct {
	Seq       int64              `json:"seq"`
	Type      string             `json:"type"`
	Workspace string             `json:"workspace"`
	ArticleID *string            `json:"articleId,omitempty"`
	Actor     *factcheck.UserRef `json:"actor"`
	Payload   RawJSON            `json:"payload"`
	CreatedAt time.Time          `json:"createdAt"`
}

// RawJSON is an already-encoded JSON value.
type RawJSON []byte

// MarshalJSON returns the value as it is.
func (r RawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("null"), nil
	}
	return r, nil
}

// FromUser converts a user.
func FromUser(u factcheck.User) User { return User{ID: u.ID, Email: u.Email, Name: u.Name} }

// FromMemberships converts a user's memberships.
func FromMemberships(ms []factcheck.Membership) []WorkspaceMembership {
	out := make([]WorkspaceMembership, 0, len(ms))
	for _, m := range ms {
		out = append(out, WorkspaceMembership{ID: m.Workspace.ID, Slug: m.Workspace.Slug, Name: m.Workspace.Name, Role: m.Role, Actions: m.Role.Actions()})
	}
	return out
}

// FromArticle converts an article's metadata.
func FromArticle(a factcheck.Article) Article {
	v := a.CurrentVersion
	m := a.Meta
	return Article{
		ID: a.ID, Workspace: a.Workspace.Slug, Title: a.Title, SourceURL: a.SourceURL,
		CanonicalURL: optional(m.CanonicalURL), Byline: optional(m.Byline), Publisher: optional(m.Publisher), PublishedAt: m.PublishedAt,
		CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Version: a.Version,
		CurrentVersion:  ArticleVersionSummary{ID: v.ID, Number: v.Number, ContentHash: v.ContentHash, CreatedAt: v.CreatedAt},
		AnnotationCount: a.AnnotationCount,
	}
}

// FromArticles converts a list of articles.
func FromArticles(as []factcheck.Article) []Article {
	out := make([]Article, 0, len(as))
	for _, a := range as {
		out = append(out, FromArticle(a))
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// FromAnnotation converts an annotation.
func FromAnnotation(a factcheck.Annotation) Annotation {
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	replies := make([]Reply, 0, len(a.Replies))
	for _, r := range a.Replies {
		replies = append(replies, FromReply(r))
	}
	var claim *ClaimRef
	if a.Claim != nil {
		claim = &ClaimRef{ID: a.Claim.ID, Statement: a.Claim.Statement}
	}
	anchor := a.Anchor
	if anchor == "" {
		anchor = factcheck.AnchorExact
	}
	return Annotation{
		Tags: tags, Claim: claim, Resolved: a.ResolvedAt != nil, ResolvedBy: a.ResolvedBy, ResolvedAt: a.ResolvedAt,
		Anchor: anchor, Replies: replies, UpdatedBy: a.UpdatedBy,
		ID: a.ID, ArticleID: a.ArticleID, ArticleVersionID: a.ArticleVersionID, Kind: a.Kind,
		Selectors: Selectors{
			Quote:    TextQuoteSelector{Exact: a.Quote.Exact, Prefix: a.Quote.Prefix, Suffix: a.Quote.Suffix},
			Position: TextPositionSelector{Start: a.Position.Start, End: a.Position.End},
		},
		Body: a.Body, CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Version: a.Version,
	}
}

// FromAnnotations converts a list of annotations.
func FromAnnotations(as []factcheck.Annotation) []Annotation {
	out := make([]Annotation, 0, len(as))
	for _, a := range as {
		out = append(out, FromAnnotation(a))
	}
	return out
}

// FromEvent converts an event.
func FromEvent(e factcheck.Event) Event {
	out := Event{Seq: e.Seq, Type: e.Type, Workspace: e.WorkspaceSlug, Actor: e.Actor, Payload: RawJSON(e.Payload), CreatedAt: e.CreatedAt}
	if e.ArticleID != "" {
		id := e.ArticleID
		out.ArticleID = &id
	}
	return out
}

// FromEvents converts a list of events.
func FromEvents(es []factcheck.Event) []Event {
	out := make([]Event, 0, len(es))
	for _, e := range es {
		out = append(out, FromEvent(e))
	}
	return out
}
