package service

import (
	"cmp"
	"context"
	"fmt"
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

// articleMember is the user's membership of an article's workspace, for
// the use cases that need no more of the article than its id.
func (s *Service) articleMember(ctx context.Context, user factcheck.User, id string) (factcheck.Member, error) {
	if !validID(id) {
		return factcheck.Member{}, factcheck.NotFound("article")
	}
	return s.store.ArticleMember(ctx, user, id)
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

// Source is where an article's content comes from: exactly one of the
// fields is set.
type Source struct {
	Text     *string
	Markdown *string
	HTML     *string
	File     *File
	URL      *string
}

// File is an uploaded file's name (its extension says the format) and text.
type File struct {
	Name    string
	Content string
}

// CreateArticleInput is an article to import.
type CreateArticleInput struct {
	Title     string
	Source    Source
	SourceURL *string
}

// MaxTitleLen bounds an article's title, in characters.
const MaxTitleLen = 500

// load turns a source into a document: parsed, sanitized, its text derived.
func (s *Service) load(ctx context.Context, src Source) (ingest.Document, error) {
	n := 0
	for _, set := range []bool{src.Text != nil, src.Markdown != nil, src.HTML != nil, src.File != nil, src.URL != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return ingest.Document{}, factcheck.Invalid("source", "give exactly one of text, markdown, html, file or url")
	}
	switch {
	case src.Text != nil:
		c, err := ingest.PlainText(*src.Text)
		return ingest.Document{Content: c}, err
	case src.Markdown != nil:
		return ingest.Markdown(*src.Markdown)
	case src.HTML != nil:
		return ingest.HTML(*src.HTML, nil)
	case src.File != nil:
		return ingest.FromFile(src.File.Name, []byte(src.File.Content))
	}
	u := strings.TrimSpace(*src.URL)
	if !isHTTPURL(u) {
		return ingest.Document{}, factcheck.Invalid("url", "give an http or https address")
	}
	return s.fetcher.Fetch(ctx, u)
}

// CreateArticle imports an article: pasted text, Markdown or HTML, an
// uploaded file, or a page fetched from a URL.
func (s *Service) CreateArticle(ctx context.Context, user factcheck.User, slug string, in CreateArticleInput, idempotencyKey string) (factcheck.Article, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return factcheck.Article{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionImportArticle); err != nil {
		return factcheck.Article{}, err
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
	title := strings.Join(strings.Fields(in.Title), " ")
	if title == "" && in.Source.Text != nil {
		return factcheck.Article{}, factcheck.Invalid("title", "the article needs a title")
	}
	if !utf8.ValidString(title) || utf8.RuneCountInString(title) > MaxTitleLen {
		return factcheck.Article{}, factcheck.Invalid("title", "the title must be valid text of at most %d characters", MaxTitleLen)
	}
	// The request itself is the fingerprint, so that a retry is recognised
	// before the page is fetched again.
	fp := fingerprint("article", m.Workspace.ID, in.Title, in.SourceURL, in.Source)
	if replay, err := s.replayedCreate(ctx, user, idempotencyKey, "article", fp); err != nil || replay != "" {
		if err != nil {
			return factcheck.Article{}, err
		}
		return s.store.Article(ctx, replay)
	}
	doc, err := s.load(ctx, in.Source)
	if err != nil {
		return factcheck.Article{}, err
	}
	if title == "" {
		title = strings.Join(strings.Fields(doc.Title), " ")
	}
	if title == "" {
		return factcheck.Article{}, factcheck.Invalid("title", "the document has no title; give one")
	}
	if utf8.RuneCountInString(title) > MaxTitleLen {
		title = string([]rune(title)[:MaxTitleLen])
	}
	sourceURL := in.SourceURL
	if doc.OriginalURL != "" {
		sourceURL = &doc.OriginalURL
	}
	now := time.Now().UTC()
	content := doc.Content
	a := factcheck.Article{
		ID: uuid.NewString(), Workspace: m.Workspace, Title: title, SourceURL: sourceURL,
		CreatedBy: factcheck.UserRef{ID: user.ID, Name: user.Name}, CreatedAt: now, UpdatedAt: now, Version: 1,
		CurrentVersion: factcheck.ArticleVersion{ID: uuid.NewString(), Number: 1, ContentHash: content.Hash, HTML: content.HTML,
			Text: content.Text, Format: content.Format, CreatedAt: now},
		Meta: factcheck.ArticleMeta{Byline: doc.Byline, Publisher: doc.Publisher, PublishedAt: doc.Published,
			CanonicalURL: doc.CanonicalURL, OriginalURL: doc.OriginalURL},
	}
	return create(ctx, s, user, idempotencyKey, "article", fp, a.ID, a, func(tx *store.Tx) error {
		if err := tx.CreateArticle(ctx, a, a.CurrentVersion); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, factcheck.Event{
			WorkspaceID: m.Workspace.ID, ArticleID: a.ID, Actor: actorRef(user),
			Type: factcheck.EventArticleCreated, Payload: eventPayload(wire.FromArticle(a)),
		})
	}, s.store.Article)
}

// Reanchored counts how an article's annotations were found again in its
// new version.
type Reanchored struct {
	Exact    int `json:"exact"`
	Position int `json:"position"`
	Fuzzy    int `json:"fuzzy"`
	Orphaned int `json:"orphaned"`
}

// VersionResult is what a re-import did.
type VersionResult struct {
	Article    factcheck.Article
	Changed    bool
	Reanchored Reanchored
}

// CreateArticleVersion re-imports an article's content. Changed content
// becomes a new version, and every annotation is re-anchored onto it (or
// marked orphaned, keeping its old quote); the same content as the current
// version changes nothing. With refetch, the article's original URL is
// fetched again.
func (s *Service) CreateArticleVersion(ctx context.Context, user factcheck.User, articleID string, src Source, refetch bool) (VersionResult, error) {
	a, m, err := s.article(ctx, user, articleID)
	if err != nil {
		return VersionResult{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionImportArticle); err != nil {
		return VersionResult{}, err
	}
	if refetch {
		if src != (Source{}) {
			return VersionResult{}, factcheck.Invalid("refetch", "refetch takes no other source")
		}
		if a.Meta.OriginalURL == "" {
			return VersionResult{}, factcheck.Invalid("refetch", "this article was not imported from a URL")
		}
		src.URL = &a.Meta.OriginalURL
	}
	doc, err := s.load(ctx, src)
	if err != nil {
		return VersionResult{}, err
	}
	var res VersionResult
	err = s.store.Atomic(ctx, func(tx *store.Tx) error {
		res = VersionResult{}
		if err := tx.LockArticle(ctx, a.ID); err != nil {
			return err
		}
		cur, err := tx.Article(ctx, a.ID)
		if err != nil {
			return err
		}
		if cur.CurrentVersion.ContentHash == doc.Content.Hash {
			res.Article = cur
			return nil
		}
		now := time.Now().UTC()
		v := factcheck.ArticleVersion{ID: uuid.NewString(), Number: cur.CurrentVersion.Number + 1, ContentHash: doc.Content.Hash,
			HTML: doc.Content.HTML, Text: doc.Content.Text, Format: doc.Content.Format, CreatedAt: now}
		if err := tx.AddArticleVersion(ctx, a.ID, user.ID, v); err != nil {
			return err
		}
		anns, err := tx.Annotations(ctx, a.ID)
		if err != nil {
			return err
		}
		newText := anchor.NewText(v.Text) // prepared once for all the annotations
		for _, ann := range anns {
			q, p, method, ok := newText.Reanchor(ann.Quote, ann.Position)
			if ok {
				ann.Quote, ann.Position, ann.ArticleVersionID = q, p, v.ID
			}
			ann.UpdatedBy = &factcheck.UserRef{ID: user.ID, Name: user.Name} // the re-import moved it
			switch ann.Anchor = factcheck.AnchorMethod(method); ann.Anchor {
			case factcheck.AnchorExact:
				res.Reanchored.Exact++
			case factcheck.AnchorPosition:
				res.Reanchored.Position++
			case factcheck.AnchorFuzzy:
				res.Reanchored.Fuzzy++
			default:
				ann.Anchor = factcheck.AnchorOrphaned
				res.Reanchored.Orphaned++
			}
			// The annotations are locked, so their versions cannot have moved.
			if ok, err := tx.UpdateAnnotation(ctx, ann, ann.Version); err != nil || !ok {
				return cmp.Or(err, fmt.Errorf("re-anchor annotation %s: version moved under lock", ann.ID))
			}
		}
		if err := tx.TouchArticle(ctx, a.ID); err != nil {
			return err
		}
		if res.Article, err = tx.Article(ctx, a.ID); err != nil {
			return err
		}
		res.Changed = true
		return tx.AppendEvent(ctx, factcheck.Event{
			WorkspaceID: m.Workspace.ID, ArticleID: a.ID, Actor: actorRef(user), Type: factcheck.EventArticleVersioned,
			Payload: eventPayload(map[string]any{"article": wire.FromArticle(res.Article), "reanchored": res.Reanchored}),
		})
	})
	return res, err
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
