package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// publicationContent is the snapshot a publication keeps, as JSON.
type publicationContent struct {
	Rating       ratingJSON         `json:"rating"`
	BestRating   *int               `json:"bestRating,omitempty"`
	WorstRating  *int               `json:"worstRating,omitempty"`
	Rationale    string             `json:"rationale"`
	Claim        publishedClaimJSON `json:"claim"`
	Sources      []publishedSource  `json:"sources"`
	Organisation publishedOrgJSON   `json:"organisation"`
}

type publishedClaimJSON struct {
	ID          string             `json:"id"`
	Statement   string             `json:"statement"`
	Claimant    string             `json:"claimant"`
	ClaimDate   *time.Time         `json:"claimDate,omitempty"`
	Appearances []publishedAppJSON `json:"appearances"`
}

type publishedAppJSON struct {
	ArticleTitle string     `json:"articleTitle"`
	ArticleURL   string     `json:"articleUrl"`
	Publisher    string     `json:"publisher"`
	PublishedAt  *time.Time `json:"publishedAt,omitempty"`
	Quote        string     `json:"quote"`
}

type publishedSource struct {
	URL           string `json:"url"`
	Title         string `json:"title"`
	Publisher     string `json:"publisher"`
	QuotedPassage string `json:"quotedPassage"`
	Stance        string `json:"stance"`
}

type publishedOrgJSON struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

func publicationToContent(p factcheck.Publication) publicationContent {
	c := publicationContent{Rating: ratingToJSON(p.Rating), BestRating: p.BestRating, WorstRating: p.WorstRating, Rationale: p.Rationale,
		Claim:        publishedClaimJSON{ID: p.Claim.ID, Statement: p.Claim.Statement, Claimant: p.Claim.Claimant, ClaimDate: p.Claim.ClaimDate},
		Organisation: publishedOrgJSON{Name: p.Organisation.Name, URL: p.Organisation.URL},
		Sources:      make([]publishedSource, 0, len(p.Sources))}
	c.Claim.Appearances = make([]publishedAppJSON, 0, len(p.Claim.Appearances))
	for _, a := range p.Claim.Appearances {
		c.Claim.Appearances = append(c.Claim.Appearances, publishedAppJSON{ArticleTitle: a.ArticleTitle, ArticleURL: a.ArticleURL,
			Publisher: a.Publisher, PublishedAt: a.PublishedAt, Quote: a.Quote})
	}
	for _, src := range p.Sources {
		c.Sources = append(c.Sources, publishedSource{URL: src.URL, Title: src.Title, Publisher: src.Publisher,
			QuotedPassage: src.QuotedPassage, Stance: string(src.Stance)})
	}
	return c
}

func (c publicationContent) toDomain() factcheck.Publication {
	p := factcheck.Publication{Rating: c.Rating.toDomain(), BestRating: c.BestRating, WorstRating: c.WorstRating, Rationale: c.Rationale,
		Claim:        factcheck.PublishedClaim{ID: c.Claim.ID, Statement: c.Claim.Statement, Claimant: c.Claim.Claimant, ClaimDate: c.Claim.ClaimDate},
		Organisation: factcheck.Organisation{Name: c.Organisation.Name, URL: c.Organisation.URL},
		Sources:      make([]factcheck.PublishedSource, 0, len(c.Sources))}
	for _, a := range c.Claim.Appearances {
		p.Claim.Appearances = append(p.Claim.Appearances, factcheck.PublishedAppearance{ArticleTitle: a.ArticleTitle,
			ArticleURL: a.ArticleURL, Publisher: a.Publisher, PublishedAt: a.PublishedAt, Quote: a.Quote})
	}
	for _, src := range c.Sources {
		p.Sources = append(p.Sources, factcheck.PublishedSource{URL: src.URL, Title: src.Title, Publisher: src.Publisher,
			QuotedPassage: src.QuotedPassage, Stance: factcheck.Stance(src.Stance)})
	}
	return p
}

// AddPublication stores a published version of a verdict.
func (q queries) AddPublication(ctx context.Context, p factcheck.Publication) error {
	content, err := json.Marshal(publicationToContent(p))
	if err != nil {
		return err
	}
	err = q.db.WithContext(ctx).Exec(`INSERT INTO verdict_publications
		(verdict_id, number, workspace_id, rating_label, correction_note, content, published_by, published_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		p.VerdictID, p.Number, p.WorkspaceID, p.Rating.Label, p.CorrectionNote, string(content), p.PublishedBy.ID, p.PublishedAt).Error
	if isUniqueViolation(err) {
		return &factcheck.Error{Code: factcheck.CodeConflict, Message: fmt.Sprintf("version %d of this verdict is already published", p.Number)}
	}
	return translate(err, "verdict")
}

type publicationRow struct {
	VerdictID      string
	Number         int
	WorkspaceID    string
	CorrectionNote string
	Content        []byte
	PublishedBy    string
	PublisherName  string
	PublishedAt    time.Time
}

func (r publicationRow) toDomain() (factcheck.Publication, error) {
	var c publicationContent
	if err := json.Unmarshal(r.Content, &c); err != nil {
		return factcheck.Publication{}, fmt.Errorf("decode publication %d of verdict %s: %w", r.Number, r.VerdictID, err)
	}
	p := c.toDomain()
	p.VerdictID, p.WorkspaceID, p.Number, p.CorrectionNote, p.PublishedAt = r.VerdictID, r.WorkspaceID, r.Number, r.CorrectionNote, r.PublishedAt
	p.PublishedBy = factcheck.UserRef{ID: r.PublishedBy, Name: r.PublisherName}
	return p, nil
}

// Publications lists the published versions of the given verdicts, oldest
// first, by verdict id.
func (q queries) Publications(ctx context.Context, verdictIDs ...string) (map[string][]factcheck.Publication, error) {
	out := map[string][]factcheck.Publication{}
	if len(verdictIDs) == 0 {
		return out, nil
	}
	var rows []publicationRow
	err := q.db.WithContext(ctx).Raw(`SELECT p.verdict_id, p.number, p.workspace_id, p.correction_note, p.content, p.published_by,
		u.name AS publisher_name, p.published_at
		FROM verdict_publications p JOIN users u ON u.id = p.published_by
		WHERE p.verdict_id IN ? ORDER BY p.verdict_id, p.number`, verdictIDs).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "verdict")
	}
	for _, r := range rows {
		p, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out[r.VerdictID] = append(out[r.VerdictID], p)
	}
	return out, nil
}

// PublishedVerdictIDs lists a workspace's published verdicts, newest first
// publication first, one page at a time; more says whether another page
// follows.
func (q queries) PublishedVerdictIDs(ctx context.Context, workspaceID string, offset, limit int) (ids []string, more bool, err error) {
	err = q.db.WithContext(ctx).Raw(`SELECT id FROM verdicts WHERE workspace_id = ? AND state = 'published'
		ORDER BY published_at DESC, id LIMIT ? OFFSET ?`, workspaceID, limit+1, offset).Scan(&ids).Error
	if err != nil {
		return nil, false, translate(err, "verdict")
	}
	if len(ids) > limit {
		return ids[:limit], true, nil
	}
	return ids, false, nil
}

// PublishedAppearances lists where a claim appears, as its public page
// shows it: each article with the best URL it is known by, and the quote.
func (q queries) PublishedAppearances(ctx context.Context, claimID string) ([]factcheck.PublishedAppearance, error) {
	var rows []struct {
		ArticleTitle string
		ArticleURL   string
		Publisher    *string
		PublishedAt  *time.Time
		Quote        string
	}
	err := q.db.WithContext(ctx).Raw(`SELECT a.title AS article_title,
		coalesce(nullif(a.canonical_url, ''), nullif(a.original_url, ''), a.source_url, '') AS article_url,
		a.publisher, a.published_at, n.quote_exact AS quote
		FROM annotations n JOIN articles a ON a.id = n.article_id
		WHERE n.claim_id = ? AND n.anchor_method <> 'orphaned' ORDER BY n.created_at, n.id`, claimID).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "claim")
	}
	out := make([]factcheck.PublishedAppearance, 0, len(rows))
	for _, r := range rows {
		a := factcheck.PublishedAppearance{ArticleTitle: r.ArticleTitle, ArticleURL: r.ArticleURL, PublishedAt: r.PublishedAt, Quote: r.Quote}
		if r.Publisher != nil {
			a.Publisher = *r.Publisher
		}
		out = append(out, a)
	}
	return out, nil
}
