package store

import (
	"context"
	"strings"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// SearchFilter narrows a search. Empty fields do not filter.
type SearchFilter struct {
	WorkspaceID string
	Query       string
	Tag         string
	AuthorID    string
	ClaimID     string
	ArticleID   string
	Limit       int
}

// Markers that ts_headline puts around matched words; they cannot appear in
// stored text that came through the importers (control characters).
const (
	markStart = "\x01"
	markStop  = "\x02"
)

// Search finds the workspace's articles, highlights, replies, claims and
// evidence matching a web-style query ("quoted phrases", or, -not), with
// Postgres full-text search over GIN-indexed tsvectors, best first.
func (q queries) Search(ctx context.Context, f SearchFilter) ([]factcheck.SearchHit, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "?"
	}
	// Each branch: type, id, article, claim, title, text to quote from, rank.
	var branches []string
	add := func(sel, from string, conds ...string) {
		branches = append(branches, sel+" FROM "+from+" WHERE "+strings.Join(conds, " AND "))
	}
	ws := f.WorkspaceID

	// Articles: title and current text.
	{
		conds := []string{"a.workspace_id = " + arg(ws), "(a.search @@ qq.query OR v.search @@ qq.query)"}
		if f.Tag != "" {
			conds = append(conds, "EXISTS (SELECT 1 FROM annotations t WHERE t.article_id = a.id AND "+arg(f.Tag)+" = ANY(t.tags))")
		}
		if f.AuthorID != "" {
			conds = append(conds, "a.created_by = "+arg(f.AuthorID))
		}
		if f.ClaimID != "" {
			conds = append(conds, "EXISTS (SELECT 1 FROM annotations t WHERE t.article_id = a.id AND t.claim_id = "+arg(f.ClaimID)+")")
		}
		if f.ArticleID != "" {
			conds = append(conds, "a.id = "+arg(f.ArticleID))
		}
		add(`SELECT 'article' AS type, a.id, a.id AS article_id, NULL::uuid AS claim_id, a.title, v.text AS body,
			ts_rank(a.search, qq.query) * 2 + ts_rank(v.search, qq.query) AS rank`,
			`articles a JOIN LATERAL (SELECT * FROM article_versions av WHERE av.article_id = a.id ORDER BY av.number DESC LIMIT 1) v ON true, qq`,
			conds...)
	}
	// Highlights: their quote and note.
	{
		conds := []string{"n.workspace_id = " + arg(ws), "n.search @@ qq.query"}
		if f.Tag != "" {
			conds = append(conds, arg(f.Tag)+" = ANY(n.tags)")
		}
		if f.AuthorID != "" {
			conds = append(conds, "n.created_by = "+arg(f.AuthorID))
		}
		if f.ClaimID != "" {
			conds = append(conds, "n.claim_id = "+arg(f.ClaimID))
		}
		if f.ArticleID != "" {
			conds = append(conds, "n.article_id = "+arg(f.ArticleID))
		}
		add(`SELECT 'annotation', n.id, n.article_id, n.claim_id, n.quote_exact, n.quote_exact || E'\n' || n.body, ts_rank(n.search, qq.query)`,
			"annotations n, qq", conds...)
	}
	// Replies, found through their highlight.
	{
		conds := []string{"r.workspace_id = " + arg(ws), "r.search @@ qq.query"}
		if f.Tag != "" {
			conds = append(conds, arg(f.Tag)+" = ANY(n.tags)")
		}
		if f.AuthorID != "" {
			conds = append(conds, "r.created_by = "+arg(f.AuthorID))
		}
		if f.ClaimID != "" {
			conds = append(conds, "n.claim_id = "+arg(f.ClaimID))
		}
		if f.ArticleID != "" {
			conds = append(conds, "n.article_id = "+arg(f.ArticleID))
		}
		add(`SELECT 'reply', r.id, n.article_id, n.claim_id, n.quote_exact, r.body, ts_rank(r.search, qq.query)`,
			"replies r JOIN annotations n ON n.id = r.annotation_id, qq", conds...)
	}
	// Claims: statement and claimant.
	{
		conds := []string{"c.workspace_id = " + arg(ws), "c.search @@ qq.query"}
		if f.Tag != "" {
			conds = append(conds, "EXISTS (SELECT 1 FROM annotations t WHERE t.claim_id = c.id AND "+arg(f.Tag)+" = ANY(t.tags))")
		}
		if f.AuthorID != "" {
			conds = append(conds, "c.created_by = "+arg(f.AuthorID))
		}
		if f.ClaimID != "" {
			conds = append(conds, "c.id = "+arg(f.ClaimID))
		}
		if f.ArticleID != "" {
			conds = append(conds, "EXISTS (SELECT 1 FROM annotations t WHERE t.claim_id = c.id AND t.article_id = "+arg(f.ArticleID)+")")
		}
		add(`SELECT 'claim', c.id, NULL::uuid, c.id, c.statement, c.statement || E'\n' || c.claimant, ts_rank(c.search, qq.query) * 1.5`,
			"claims c, qq", conds...)
	}
	// Evidence: title, publisher, quoted passage, URL.
	{
		conds := []string{"e.workspace_id = " + arg(ws), "e.search @@ qq.query"}
		if f.Tag != "" {
			conds = append(conds, "EXISTS (SELECT 1 FROM annotations t WHERE t.claim_id = e.claim_id AND "+arg(f.Tag)+" = ANY(t.tags))")
		}
		if f.AuthorID != "" {
			conds = append(conds, "e.created_by = "+arg(f.AuthorID))
		}
		if f.ClaimID != "" {
			conds = append(conds, "e.claim_id = "+arg(f.ClaimID))
		}
		if f.ArticleID != "" {
			conds = append(conds, "EXISTS (SELECT 1 FROM annotations t WHERE t.claim_id = e.claim_id AND t.article_id = "+arg(f.ArticleID)+")")
		}
		add(`SELECT 'evidence', e.id, NULL::uuid, e.claim_id, coalesce(nullif(e.title, ''), e.url),
			e.title || E'\n' || e.quoted_passage || E'\n' || e.publisher, ts_rank(e.search, qq.query)`,
			"evidence e, qq", conds...)
	}

	sql := `WITH qq AS (SELECT websearch_to_tsquery('english', ?) AS query),
		hits AS (` + strings.Join(branches, "\nUNION ALL\n") + `)
		SELECT h.type, h.id, h.article_id, h.claim_id, h.title, h.rank,
			ts_headline('english', h.body, qq.query, ?) AS snippet
		FROM (SELECT * FROM hits ORDER BY rank DESC, id LIMIT ?) h, qq
		ORDER BY h.rank DESC, h.id`
	all := append([]any{f.Query}, args...)
	all = append(all, "StartSel="+markStart+", StopSel="+markStop+", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"", f.Limit)
	var rows []struct {
		Type      string
		ID        string
		ArticleID *string
		ClaimID   *string
		Title     string
		Rank      float64
		Snippet   string
	}
	if err := q.db.WithContext(ctx).Raw(sql, all...).Scan(&rows).Error; err != nil {
		return nil, translate(err, "search")
	}
	out := make([]factcheck.SearchHit, 0, len(rows))
	for _, r := range rows {
		snippet, matches := splitHeadline(r.Snippet)
		out = append(out, factcheck.SearchHit{Type: r.Type, ID: r.ID, ArticleID: r.ArticleID, ClaimID: r.ClaimID, Title: r.Title,
			Snippet: snippet, Matches: matches, Rank: r.Rank})
	}
	return out, nil
}

// splitHeadline removes ts_headline's markers from a snippet and returns
// the plain snippet and the distinct words that were marked.
func splitHeadline(h string) (string, []string) {
	var plain strings.Builder
	matches := []string{}
	seen := map[string]bool{}
	for {
		i := strings.Index(h, markStart)
		if i < 0 {
			plain.WriteString(h)
			break
		}
		plain.WriteString(h[:i])
		h = h[i+len(markStart):]
		j := strings.Index(h, markStop)
		if j < 0 {
			plain.WriteString(h)
			break
		}
		word := h[:j]
		plain.WriteString(word)
		if k := strings.ToLower(word); !seen[k] && word != "" {
			seen[k] = true
			matches = append(matches, word)
		}
		h = h[j+len(markStop):]
	}
	return strings.TrimSpace(plain.String()), matches
}
