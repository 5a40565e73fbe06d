package store

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type articleRow struct {
	ID           string `gorm:"primaryKey"`
	WorkspaceID  string
	Title        string
	SourceURL    *string
	Byline       *string
	Publisher    *string
	PublishedAt  *time.Time
	CanonicalURL *string
	OriginalURL  *string
	CreatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

func (articleRow) TableName() string { return "articles" }

type articleVersionRow struct {
	ID          string `gorm:"primaryKey"`
	ArticleID   string
	Number      int
	ContentHash string
	HTML        string `gorm:"column:html"`
	Text        string
	Format      string
	CreatedBy   string
	CreatedAt   time.Time
}

func (articleVersionRow) TableName() string { return "article_versions" }

func (r articleVersionRow) toDomain() factcheck.ArticleVersion {
	return factcheck.ArticleVersion{ID: r.ID, Number: r.Number, ContentHash: r.ContentHash, HTML: r.HTML, Text: r.Text,
		Format: factcheck.ArticleFormat(r.Format), CreatedAt: r.CreatedAt}
}

// articleListRow is an article joined with its workspace, author, current
// version (without content) and annotation count.
type articleListRow struct {
	Row              articleRow `gorm:"embedded"`
	WorkspaceSlug    string
	WorkspaceName    string
	AuthorName       string
	VersionID        string
	VersionNumber    int
	VersionHash      string
	VersionCreatedAt time.Time
	AnnotationCount  int
}

func (r articleListRow) toDomain() factcheck.Article {
	return factcheck.Article{
		ID:        r.Row.ID,
		Workspace: factcheck.Workspace{ID: r.Row.WorkspaceID, Slug: r.WorkspaceSlug, Name: r.WorkspaceName},
		Title:     r.Row.Title, SourceURL: r.Row.SourceURL,
		CreatedBy: factcheck.UserRef{ID: r.Row.CreatedBy, Name: r.AuthorName},
		CreatedAt: r.Row.CreatedAt, UpdatedAt: r.Row.UpdatedAt, Version: r.Row.Version,
		CurrentVersion: factcheck.ArticleVersion{ID: r.VersionID, Number: r.VersionNumber, ContentHash: r.VersionHash,
			CreatedAt: r.VersionCreatedAt},
		AnnotationCount: r.AnnotationCount,
		Meta: factcheck.ArticleMeta{Byline: deref(r.Row.Byline), Publisher: deref(r.Row.Publisher), PublishedAt: r.Row.PublishedAt,
			CanonicalURL: deref(r.Row.CanonicalURL), OriginalURL: deref(r.Row.OriginalURL)},
	}
}

const articleListSelect = `a.*, w.slug AS workspace_slug, w.name AS workspace_name, u.name AS author_name,
	v.id AS version_id, v.number AS version_number, v.content_hash AS version_hash, v.created_at AS version_created_at,
	(SELECT count(*) FROM annotations n WHERE n.article_id = a.id) AS annotation_count`

const articleListJoins = `JOIN workspaces w ON w.id = a.workspace_id
	JOIN users u ON u.id = a.created_by
	JOIN LATERAL (SELECT * FROM article_versions av WHERE av.article_id = a.id ORDER BY av.number DESC LIMIT 1) v ON true`

// CreateArticle stores a new article and its first version.
func (q queries) CreateArticle(ctx context.Context, a factcheck.Article, v factcheck.ArticleVersion) error {
	ar := articleRow{ID: a.ID, WorkspaceID: a.Workspace.ID, Title: a.Title, SourceURL: a.SourceURL, CreatedBy: a.CreatedBy.ID,
		Byline: optional(a.Meta.Byline), Publisher: optional(a.Meta.Publisher), PublishedAt: a.Meta.PublishedAt,
		CanonicalURL: optional(a.Meta.CanonicalURL), OriginalURL: optional(a.Meta.OriginalURL),
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Version: 1}
	if err := q.db.WithContext(ctx).Create(&ar).Error; err != nil {
		return translate(err, "article")
	}
	return q.AddArticleVersion(ctx, a.ID, a.CreatedBy.ID, v)
}

// AddArticleVersion stores a new version of an article's content.
func (q queries) AddArticleVersion(ctx context.Context, articleID, userID string, v factcheck.ArticleVersion) error {
	vr := articleVersionRow{ID: v.ID, ArticleID: articleID, Number: v.Number, ContentHash: v.ContentHash, HTML: v.HTML, Text: v.Text,
		Format: string(v.Format), CreatedBy: userID, CreatedAt: v.CreatedAt}
	return translate(q.db.WithContext(ctx).Create(&vr).Error, "article version")
}

// TouchArticle records that an article changed (a new version), bumping
// its version.
func (q queries) TouchArticle(ctx context.Context, id string) error {
	err := q.db.WithContext(ctx).Model(&articleRow{}).Where("id = ?", id).
		Updates(map[string]any{"updated_at": time.Now().UTC(), "version": gormExpr("version + 1")}).Error
	return translate(err, "article")
}

// ArticleVersionByHash finds the version of an article with the given
// content hash.
func (q queries) ArticleVersionByHash(ctx context.Context, articleID, hash string) (factcheck.ArticleVersion, error) {
	var r articleVersionRow
	err := q.db.WithContext(ctx).Where("article_id = ? AND content_hash = ?", articleID, hash).Take(&r).Error
	if err != nil {
		return factcheck.ArticleVersion{}, translate(err, "article version")
	}
	return r.toDomain(), nil
}

// LockArticle locks an article and its annotations for the rest of the
// transaction, so that a re-import is not interleaved with another one or
// with edits of the annotations it re-anchors (those wait for it).
func (t *Tx) LockArticle(ctx context.Context, id string) error {
	err := t.db.WithContext(ctx).Exec(`SELECT 1 FROM articles WHERE id = ? FOR UPDATE`, id).Error
	if err == nil {
		err = t.db.WithContext(ctx).Exec(`SELECT 1 FROM annotations WHERE article_id = ? FOR UPDATE`, id).Error
	}
	return translate(err, "article")
}

// Articles lists a workspace's articles, newest first.
func (q queries) Articles(ctx context.Context, workspaceID string) ([]factcheck.Article, error) {
	var rows []articleListRow
	err := q.db.WithContext(ctx).Table("articles a").Select(articleListSelect).Joins(articleListJoins).
		Where("a.workspace_id = ?", workspaceID).Order("a.created_at DESC, a.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "article")
	}
	out := make([]factcheck.Article, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// Article finds an article's metadata and its current version's summary.
func (q queries) Article(ctx context.Context, id string) (factcheck.Article, error) {
	var r articleListRow
	err := q.db.WithContext(ctx).Table("articles a").Select(articleListSelect).Joins(articleListJoins).
		Where("a.id = ?", id).Take(&r).Error
	if err != nil {
		return factcheck.Article{}, translate(err, "article")
	}
	return r.toDomain(), nil
}

// ArticleVersion finds one version of an article, with its content.
func (q queries) ArticleVersion(ctx context.Context, articleID, versionID string) (factcheck.ArticleVersion, error) {
	var r articleVersionRow
	err := q.db.WithContext(ctx).Where("article_id = ? AND id = ?", articleID, versionID).Take(&r).Error
	if err != nil {
		return factcheck.ArticleVersion{}, translate(err, "article version")
	}
	return r.toDomain(), nil
}

// ArticleVersionText finds one version of an article with its plain text
// only (what selectors are checked against), not its HTML.
func (q queries) ArticleVersionText(ctx context.Context, articleID, versionID string) (factcheck.ArticleVersion, error) {
	var r articleVersionRow
	err := q.db.WithContext(ctx).Select("id", "article_id", "number", "content_hash", "text", "format", "created_at").
		Where("article_id = ? AND id = ?", articleID, versionID).Take(&r).Error
	if err != nil {
		return factcheck.ArticleVersion{}, translate(err, "article version")
	}
	return r.toDomain(), nil
}
