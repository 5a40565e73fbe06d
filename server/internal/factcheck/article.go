package factcheck

import (
	"time"
)

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
