package factcheck

import "time"

// User is a person who can log in.
type User struct {
	ID         string
	Email      string
	Name       string
	DisabledAt *time.Time
	CreatedAt  time.Time
}

// UserRef names a user where only who they are matters (an author, an actor).
type UserRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Workspace is a desk: its members, articles and events stay inside it.
type Workspace struct {
	ID   string
	Slug string
	Name string
}

// Membership is a user's role in one workspace.
type Membership struct {
	Workspace Workspace
	Role      Role
}

// Member is a user acting inside a workspace with a role. Every service
// call that touches a workspace's content starts from one.
type Member struct {
	User      User
	Workspace Workspace
	Role      Role
}

// Article is an imported document. Its content lives in versions.
type Article struct {
	ID              string
	Workspace       Workspace
	Title           string
	SourceURL       *string
	CreatedBy       UserRef
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int
	CurrentVersion  ArticleVersion
	AnnotationCount int
	Meta            ArticleMeta
}

// ArticleMeta is what an import learned about the article's publication.
type ArticleMeta struct {
	Byline       string
	Publisher    string
	PublishedAt  *time.Time
	CanonicalURL string
	OriginalURL  string
}

// ArticleFormat is how an article's content was supplied.
type ArticleFormat string

const (
	FormatText     ArticleFormat = "text"
	FormatMarkdown ArticleFormat = "markdown"
	FormatHTML     ArticleFormat = "html"
)

// ArticleVersion is one distinct content of an article, recognised by its
// hash. HTML is sanitized; Text is the HTML's text content, over which
// selectors are counted.
type ArticleVersion struct {
	ID          string
	Number      int
	ContentHash string
	HTML        string
	Text        string
	Format      ArticleFormat
	CreatedAt   time.Time
}

// AnnotationKind says what a highlight marks.
type AnnotationKind string

const (
	KindComment AnnotationKind = "comment"
	KindClaim   AnnotationKind = "claim"
)

// ParseAnnotationKind turns a kind's name into an AnnotationKind; empty
// means a comment.
func ParseAnnotationKind(s string) (AnnotationKind, error) {
	switch AnnotationKind(s) {
	case "", KindComment:
		return KindComment, nil
	case KindClaim:
		return KindClaim, nil
	}
	return "", Invalid("kind", "kind must be comment or claim (got %q)", s)
}

// TextQuote is a W3C TextQuoteSelector: the exact passage with some text
// before and after it.
type TextQuote struct {
	Exact  string
	Prefix string
	Suffix string
}

// TextPosition is a W3C TextPositionSelector: start and end offsets in
// Unicode code points of an article version's text.
type TextPosition struct {
	Start int
	End   int
}

// Annotation is a highlight with a note on one article version.
type Annotation struct {
	ID               string
	WorkspaceID      string
	ArticleID        string
	ArticleVersionID string
	Kind             AnnotationKind
	Quote            TextQuote
	Position         TextPosition
	Body             string
	Tags             []string
	Claim            *ClaimRef
	ResolvedAt       *time.Time
	ResolvedBy       *UserRef
	Anchor           AnchorMethod
	Replies          []Reply
	CreatedBy        UserRef
	UpdatedBy        *UserRef
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Version          int
}

// AnchorMethod says how a highlight was last found in its article's text.
type AnchorMethod string

const (
	AnchorExact    AnchorMethod = "exact"
	AnchorPosition AnchorMethod = "position"
	AnchorFuzzy    AnchorMethod = "fuzzy"
	AnchorOrphaned AnchorMethod = "orphaned"
)

// Reply is a message in an annotation's thread.
type Reply struct {
	ID           string
	AnnotationID string
	WorkspaceID  string
	ArticleID    string
	Body         string
	CreatedBy    UserRef
	UpdatedBy    *UserRef
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

// ClaimRef names a claim where a highlight points to it.
type ClaimRef struct {
	ID        string
	Statement string
}

// Claim is a checkable statement, with who made it and when. Many
// highlights, in many articles, can quote one claim.
type Claim struct {
	ID              string
	WorkspaceID     string
	WorkspaceSlug   string
	Statement       string
	Claimant        string
	ClaimDate       *time.Time
	CreatedBy       UserRef
	UpdatedBy       *UserRef
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int
	AnnotationCount int
	EvidenceCount   int
	Assignee        *UserRef    // the checker it is assigned to
	Verdict         *VerdictRef // its verdict, once one is started
}

// VerdictRef is a claim's verdict in brief.
type VerdictRef struct {
	ID     string
	State  VerdictState
	Rating string
}

// ClaimAppearance is a highlight that quotes a claim.
type ClaimAppearance struct {
	AnnotationID string
	ArticleID    string
	ArticleTitle string
	Quote        string
	Orphaned     bool
}

// Stance is how a piece of evidence bears on a claim.
type Stance string

const (
	StanceSupports Stance = "supports"
	StanceRefutes  Stance = "refutes"
	StanceContext  Stance = "context"
)

// ParseStance turns a stance's name into a Stance.
func ParseStance(s string) (Stance, error) {
	switch Stance(s) {
	case StanceSupports, StanceRefutes, StanceContext:
		return Stance(s), nil
	}
	return "", Invalid("stance", "stance must be supports, refutes or context (got %q)", s)
}

// Evidence is a source a claim is checked against.
type Evidence struct {
	ID            string
	ClaimID       string
	WorkspaceID   string
	URL           string
	Title         string
	Publisher     string
	QuotedPassage string
	Stance        Stance
	ConsultedOn   *time.Time
	CreatedBy     UserRef
	UpdatedBy     *UserRef
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int
}
