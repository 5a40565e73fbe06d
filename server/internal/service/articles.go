package service

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/anchor"
	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/ingest"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// member resolves the user's membership of a workspace; a workspace the
// user is not in is not found.
func (s *Service) member(ctx context.Context, user factcheck.User, slug string) (factcheck.Member, error) {
	if !slugPattern.MatchString(slug) {
		return factcheck.Member{}, factcheck.NotFound("workspace")
	}
	return s.store.Member(ctx, user, slug)
}

// article finds an article the user may read, with the user's membership of
// its workspace. Articles of other workspaces are not found.
func (s *Service) article(ctx context.Context, user factcheck.User, id string) (factcheck.Article, factcheck.Member, error) {
	if !validID(id) {
		return factcheck.Article{}, factcheck.Member{}, factcheck.NotFound("article")
	}
	a, err := s.store.Article(ctx, id)
	if err != nil {
		return factcheck.Article{}, factcheck.Member{}, err
	}
	m, err := s.store.MemberByWorkspaceID(ctx, user, a.Workspace.ID)
	if factcheck.IsCode(err, factcheck.CodeNotFound) {
		return factcheck.Article{}, factcheck.Member{}, factcheck.NotFound("article")
	}
	return a, m, err
}

// ListArticles lists a workspace's articles, newest first.
func (s *Service) ListArticles(ctx context.Context, user factcheck.User, slug string) ([]factcheck.Article, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	return s.store.Articles(ctx, m.Workspace.ID)
}

// CreateArticleInput is a pasted article.
type CreateArticleInput struct {
	Title     string
	Text      string
	SourceURL *string
}

// MaxTitleLen bounds an article's title, in characters.
const MaxTitleLen = 500

// CreateArticle imports an article from pasted plain text.
func (s *Service) CreateArticle(ctx context.Context, user factcheck.User, slug string, in CreateArticleInput, idempotencyKey string) (factcheck.Article, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return factcheck.Article{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionImportArticle); err != nil {
		return factcheck.Article{}, err
	}
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	if in.Title == "" {
		return factcheck.Article{}, factcheck.Invalid("title", "the article needs a title")
	}
	if !utf8.ValidString(in.Title) || utf8.RuneCountInString(in.Title) > MaxTitleLen {
		return factcheck.Article{}, factcheck.Invalid("title", "the title must be valid text of at most %d characters", MaxTitleLen)
	}
	if in.SourceURL != nil {
		u := strings.TrimSpace(*in.SourceURL)
		if u == "" {
			in.SourceURL = nil
		} else if !isHTTPURL(u) {
			return factcheck.Article{}, factcheck.Invalid("sourceUrl", "the source must be an http or https URL")
		} else {
			in.SourceURL = &u
		}
	}
	content, err := ingest.PlainText(in.Text)
	if err != nil {
		return factcheck.Article{}, err
	}
	now := time.Now().UTC()
	a := factcheck.Article{
		ID: uuid.NewString(), Workspace: m.Workspace, Title: in.Title, SourceURL: in.SourceURL,
		CreatedBy: factcheck.UserRef{ID: user.ID, Name: user.Name}, CreatedAt: now, UpdatedAt: now, Version: 1,
		CurrentVersion: factcheck.ArticleVersion{ID: uuid.NewString(), Number: 1, ContentHash: content.Hash, HTML: content.HTML,
			Text: content.Text, Format: content.Format, CreatedAt: now},
	}
	fp := fingerprint("article", m.Workspace.ID, in.Title, in.SourceURL, content.Hash)
	var replayID string
	err = s.store.Atomic(ctx, func(tx *store.Tx) error {
		replayID, err = createOnce(tx, ctx, user, idempotencyKey, "article", fp, a.ID)
		if err != nil || replayID != "" {
			return err
		}
		if err := tx.CreateArticle(ctx, a, a.CurrentVersion); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, factcheck.Event{
			WorkspaceID: m.Workspace.ID, ArticleID: a.ID, Actor: actorRef(user),
			Type: factcheck.EventArticleCreated, Payload: eventPayload(wire.FromArticle(a)),
		})
	})
	if err != nil {
		return factcheck.Article{}, err
	}
	if replayID != "" {
		return s.store.Article(ctx, replayID)
	}
	return a, nil
}

// ArticleDetail is an article with its current content and annotations, and
// the last event sequence number the whole reflects.
type ArticleDetail struct {
	Article     factcheck.Article
	Content     factcheck.ArticleVersion
	Annotations []factcheck.Annotation
	Seq         int64
	Role        factcheck.Role
}

// GetArticle returns an article with its content and annotations.
func (s *Service) GetArticle(ctx context.Context, user factcheck.User, id string) (ArticleDetail, error) {
	// Read the sequence number first: every event numbered up to it had
	// committed, so the state read afterwards reflects it. Events numbered
	// later may also be reflected already; clients apply them idempotently.
	seq, err := s.store.LatestSeq(ctx)
	if err != nil {
		return ArticleDetail{}, err
	}
	a, m, err := s.article(ctx, user, id)
	if err != nil {
		return ArticleDetail{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return ArticleDetail{}, err
	}
	v, err := s.store.ArticleVersion(ctx, a.ID, a.CurrentVersion.ID)
	if err != nil {
		return ArticleDetail{}, err
	}
	anns, err := s.store.Annotations(ctx, a.ID)
	if err != nil {
		return ArticleDetail{}, err
	}
	return ArticleDetail{Article: a, Content: v, Annotations: anns, Seq: seq, Role: m.Role}, nil
}

// ListAnnotations lists an article's annotations in document order.
func (s *Service) ListAnnotations(ctx context.Context, user factcheck.User, articleID string) ([]factcheck.Annotation, error) {
	a, m, err := s.article(ctx, user, articleID)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	return s.store.Annotations(ctx, a.ID)
}

// CreateAnnotationInput is a highlight and its note.
type CreateAnnotationInput struct {
	ArticleVersionID string
	Kind             string
	Quote            factcheck.TextQuote
	Position         factcheck.TextPosition
	Body             string
}

// MaxNoteLen bounds a note, in characters.
const MaxNoteLen = 20000

// CreateAnnotation highlights a passage of an article version. The server
// checks that the quote really is at that place.
func (s *Service) CreateAnnotation(ctx context.Context, user factcheck.User, articleID string, in CreateAnnotationInput, idempotencyKey string) (factcheck.Annotation, error) {
	a, m, err := s.article(ctx, user, articleID)
	if err != nil {
		return factcheck.Annotation{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionAnnotate); err != nil {
		return factcheck.Annotation{}, err
	}
	kind, err := factcheck.ParseAnnotationKind(in.Kind)
	if err != nil {
		return factcheck.Annotation{}, err
	}
	if !utf8.ValidString(in.Body) || utf8.RuneCountInString(in.Body) > MaxNoteLen {
		return factcheck.Annotation{}, factcheck.Invalid("body", "the note must be valid text of at most %d characters", MaxNoteLen)
	}
	if !validID(in.ArticleVersionID) {
		return factcheck.Annotation{}, factcheck.Invalid("articleVersionId", "articleVersionId must name a version of this article")
	}
	v, err := s.store.ArticleVersion(ctx, a.ID, in.ArticleVersionID)
	if factcheck.IsCode(err, factcheck.CodeNotFound) {
		return factcheck.Annotation{}, factcheck.Invalid("articleVersionId", "articleVersionId must name a version of this article")
	}
	if err != nil {
		return factcheck.Annotation{}, err
	}
	if err := anchor.Verify(v.Text, in.Quote, in.Position); err != nil {
		return factcheck.Annotation{}, err
	}
	now := time.Now().UTC()
	ann := factcheck.Annotation{
		ID: uuid.NewString(), WorkspaceID: m.Workspace.ID, ArticleID: a.ID, ArticleVersionID: v.ID, Kind: kind,
		Quote: in.Quote, Position: in.Position, Body: in.Body, CreatedBy: factcheck.UserRef{ID: user.ID, Name: user.Name},
		CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	fp := fingerprint("annotation", a.ID, v.ID, kind, in.Quote, in.Position, in.Body)
	var replayID string
	err = s.store.Atomic(ctx, func(tx *store.Tx) error {
		replayID, err = createOnce(tx, ctx, user, idempotencyKey, "annotation", fp, ann.ID)
		if err != nil || replayID != "" {
			return err
		}
		if err := tx.CreateAnnotation(ctx, ann); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, factcheck.Event{
			WorkspaceID: m.Workspace.ID, ArticleID: a.ID, Actor: actorRef(user),
			Type: factcheck.EventAnnotationCreated, Payload: eventPayload(wire.FromAnnotation(ann)),
		})
	})
	if err != nil {
		return factcheck.Annotation{}, err
	}
	if replayID != "" {
		return s.store.Annotation(ctx, replayID)
	}
	return ann, nil
}
