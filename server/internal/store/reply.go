package store

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type replyRow struct {
	ID           string `gorm:"primaryKey"`
	AnnotationID string
	WorkspaceID  string
	Body         string
	CreatedBy    string
	UpdatedBy    *string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

func (replyRow) TableName() string { return "replies" }

type replyView struct {
	Row         replyRow `gorm:"embedded"`
	AuthorName  string
	UpdaterName *string
	ArticleID   string
}

func (r replyView) toDomain() factcheck.Reply {
	return factcheck.Reply{ID: r.Row.ID, AnnotationID: r.Row.AnnotationID, WorkspaceID: r.Row.WorkspaceID, ArticleID: r.ArticleID,
		Body: r.Row.Body, CreatedBy: factcheck.UserRef{ID: r.Row.CreatedBy, Name: r.AuthorName}, UpdatedBy: userRef(r.Row.UpdatedBy, r.UpdaterName),
		CreatedAt: r.Row.CreatedAt, UpdatedAt: r.Row.UpdatedAt, Version: r.Row.Version}
}

// attachReplies fills the replies of anns, read with one query filtered on
// the annotations table by where.
func (q queries) attachReplies(ctx context.Context, anns []factcheck.Annotation, where string, args ...any) error {
	if len(anns) == 0 {
		return nil
	}
	var rows []replyView
	err := q.db.WithContext(ctx).Table("replies r").Select("r.*, u.name AS author_name, ub.name AS updater_name, n.article_id AS article_id").
		Joins("JOIN annotations n ON n.id = r.annotation_id").Joins("JOIN users u ON u.id = r.created_by").
		Joins("LEFT JOIN users ub ON ub.id = r.updated_by").
		Where(where, args...).Order("r.created_at, r.id").Scan(&rows).Error
	if err != nil {
		return translate(err, "reply")
	}
	index := make(map[string]int, len(anns))
	for i, a := range anns {
		index[a.ID] = i
	}
	for _, r := range rows {
		if i, ok := index[r.Row.AnnotationID]; ok {
			anns[i].Replies = append(anns[i].Replies, r.toDomain())
		}
	}
	return nil
}

// CreateReply stores a reply.
func (q queries) CreateReply(ctx context.Context, r factcheck.Reply) error {
	row := replyRow{ID: r.ID, AnnotationID: r.AnnotationID, WorkspaceID: r.WorkspaceID, Body: r.Body, CreatedBy: r.CreatedBy.ID,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
	return translate(q.db.WithContext(ctx).Create(&row).Error, "reply")
}

// Reply finds one reply.
func (q queries) Reply(ctx context.Context, id string) (factcheck.Reply, error) {
	var r replyView
	err := q.db.WithContext(ctx).Table("replies r").Select("r.*, u.name AS author_name, ub.name AS updater_name, n.article_id AS article_id").
		Joins("JOIN annotations n ON n.id = r.annotation_id").Joins("JOIN users u ON u.id = r.created_by").
		Joins("LEFT JOIN users ub ON ub.id = r.updated_by").
		Where("r.id = ?", id).Take(&r).Error
	if err != nil {
		return factcheck.Reply{}, translate(err, "reply")
	}
	return r.toDomain(), nil
}

// UpdateReply saves a reply's body, changed by editor, if its stored
// version is still basedOn.
func (q queries) UpdateReply(ctx context.Context, id, body, editor string, basedOn int) (bool, error) {
	res := q.db.WithContext(ctx).Model(&replyRow{}).Where("id = ? AND version = ?", id, basedOn).
		Updates(map[string]any{"body": body, "updated_by": editor, "updated_at": time.Now().UTC(), "version": gormExpr("version + 1")})
	return res.RowsAffected == 1, translate(res.Error, "reply")
}

// DeleteReply deletes a reply if its stored version is still basedOn (0:
// any version).
func (q queries) DeleteReply(ctx context.Context, id string, basedOn int) (bool, error) {
	db := q.db.WithContext(ctx).Where("id = ?", id)
	if basedOn > 0 {
		db = db.Where("version = ?", basedOn)
	}
	res := db.Delete(&replyRow{})
	return res.RowsAffected == 1, translate(res.Error, "reply")
}
