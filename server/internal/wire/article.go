package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

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

// ArticleRef names an article.
type ArticleRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
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
