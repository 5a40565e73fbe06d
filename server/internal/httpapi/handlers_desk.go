package httpapi

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/export"
	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// basedOn is the version an edit names: the `version` field, or If-Match
// ("3", W/"3" or 3). Zero when neither is given.
func basedOn(c echo.Context, field *int) (int, error) {
	if field != nil {
		return *field, nil
	}
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil || v < 1 {
		return 0, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "If-Match", Message: `If-Match must be a version, like "3"`}
	}
	return v, nil
}

// etag sets the ETag of a versioned record.
func etag(c echo.Context, version int) {
	c.Response().Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
}

// links says where this server is reached, for the IRIs of exports.
func (s *Server) links(c echo.Context) export.Links {
	if s.publicURL != "" {
		return export.Links{BaseURL: s.publicURL}
	}
	return export.Links{BaseURL: c.Scheme() + "://" + c.Request().Host}
}

// --- article versions and exports ---

type createVersionRequest struct {
	sourceRequest
	Refetch bool `json:"refetch"`
}

func (s *Server) createArticleVersion(c echo.Context) error {
	var req createVersionRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	src, err := req.source()
	if err != nil {
		return err
	}
	res, err := s.svc.CreateArticleVersion(c.Request().Context(), session(c).User, c.Param("article"), src, req.Refetch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"article": wire.FromArticle(res.Article), "changed": res.Changed, "reanchored": res.Reanchored})
}

func (s *Server) exportAnnotations(c echo.Context) error {
	page := int64(-1)
	if c.QueryParam("page") != "" {
		p, err := queryInt(c, "page", 0)
		if err != nil || p < 0 {
			return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "page", Message: "page must be 0 or more"}
		}
		page = p
	}
	doc, err := s.svc.ExportAnnotations(c.Request().Context(), session(c).User, c.Param("article"), int(page), s.links(c))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, export.MediaType, doc)
}

func (s *Server) exportAnnotation(c echo.Context) error {
	doc, err := s.svc.ExportAnnotation(c.Request().Context(), session(c).User, c.Param("annotation"), s.links(c))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, export.MediaType, doc)
}

func (s *Server) exportClaimsCSV(c echo.Context) error {
	var buf bytes.Buffer
	if err := s.svc.ExportClaimsCSV(c.Request().Context(), session(c).User, c.Param("article"), &buf); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="claims-`+c.Param("article")+`.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// --- annotations ---

func (s *Server) getAnnotation(c echo.Context) error {
	a, err := s.svc.GetAnnotation(c.Request().Context(), session(c).User, c.Param("annotation"))
	if err != nil {
		return err
	}
	etag(c, a.Version)
	return c.JSON(http.StatusOK, wire.FromAnnotation(a))
}

type updateAnnotationRequest struct {
	Version  *int      `json:"version"`
	Body     *string   `json:"body"`
	Kind     *string   `json:"kind"`
	Tags     *[]string `json:"tags"`
	ClaimID  nullable  `json:"claimId"`
	Resolved *bool     `json:"resolved"`
}

// nullable tells a missing field from null: set is true when the field was
// present, and Value is nil for null.
type nullable struct {
	set   bool
	Value *string
}

// orEmpty is the field for a partial update: nil when it was left out, ""
// when it was null (clear it), or its value.
func (n nullable) orEmpty() *string {
	if !n.set {
		return nil
	}
	if n.Value == nil {
		empty := ""
		return &empty
	}
	return n.Value
}

func (n *nullable) UnmarshalJSON(b []byte) error {
	n.set = true
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := jsonUnmarshal(b, &s); err != nil {
		return err
	}
	n.Value = &s
	return nil
}

func (s *Server) updateAnnotation(c echo.Context) error {
	var req updateAnnotationRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	v, err := basedOn(c, req.Version)
	if err != nil {
		return err
	}
	in := service.UpdateAnnotationInput{BasedOn: v, Body: req.Body, Kind: req.Kind, Tags: req.Tags, Resolved: req.Resolved,
		ClaimID: req.ClaimID.orEmpty()}
	a, err := s.svc.UpdateAnnotation(c.Request().Context(), session(c).User, c.Param("annotation"), in)
	if err != nil {
		return err
	}
	etag(c, a.Version)
	return c.JSON(http.StatusOK, wire.FromAnnotation(a))
}

func (s *Server) deleteAnnotation(c echo.Context) error {
	v, err := basedOn(c, nil)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteAnnotation(c.Request().Context(), session(c).User, c.Param("annotation"), v); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type replyRequest struct {
	Body    *string `json:"body"`
	Version *int    `json:"version"`
}

func (s *Server) createReply(c echo.Context) error {
	var req replyRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("body", req.Body != nil); err != nil {
		return err
	}
	r, err := s.svc.CreateReply(c.Request().Context(), session(c).User, c.Param("annotation"), *req.Body, idempotencyKey(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, wire.FromReply(r))
}

func (s *Server) updateReply(c echo.Context) error {
	var req replyRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("body", req.Body != nil); err != nil {
		return err
	}
	v, err := basedOn(c, req.Version)
	if err != nil {
		return err
	}
	r, err := s.svc.UpdateReply(c.Request().Context(), session(c).User, c.Param("reply"), *req.Body, v)
	if err != nil {
		return err
	}
	etag(c, r.Version)
	return c.JSON(http.StatusOK, wire.FromReply(r))
}

func (s *Server) deleteReply(c echo.Context) error {
	v, err := basedOn(c, nil)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteReply(c.Request().Context(), session(c).User, c.Param("reply"), v); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listTags(c echo.Context) error {
	tags, err := s.svc.ListTags(c.Request().Context(), session(c).User, c.Param("workspace"), c.QueryParam("prefix"))
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(tags))
	for _, t := range tags {
		out = append(out, map[string]any{"tag": t.Tag, "count": t.Count})
	}
	return c.JSON(http.StatusOK, map[string]any{"tags": out})
}

func (s *Server) listMembers(c echo.Context) error {
	ms, err := s.svc.ListMembers(c.Request().Context(), session(c).User, c.Param("workspace"))
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(ms))
	for _, m := range ms {
		out = append(out, map[string]any{"id": m.ID, "name": m.Name, "role": m.Role})
	}
	return c.JSON(http.StatusOK, map[string]any{"members": out})
}

func (s *Server) setMemberRole(c echo.Context) error {
	var req struct {
		Role *string `json:"role"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("role", req.Role != nil); err != nil {
		return err
	}
	m, err := s.svc.SetMemberRole(c.Request().Context(), session(c).User, c.Param("workspace"), c.Param("user"), *req.Role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": m.ID, "name": m.Name, "role": m.Role})
}

func (s *Server) removeMember(c echo.Context) error {
	if err := s.svc.RemoveMember(c.Request().Context(), session(c).User, c.Param("workspace"), c.Param("user")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// --- claims and evidence ---

type claimRequest struct {
	Statement    *string  `json:"statement"`
	Claimant     *string  `json:"claimant"`
	ClaimDate    nullable `json:"claimDate"`
	AnnotationID string   `json:"annotationId"`
	Version      *int     `json:"version"`
}

func (r claimRequest) input() service.ClaimInput {
	return service.ClaimInput{Statement: r.Statement, Claimant: r.Claimant, AnnotationID: r.AnnotationID, ClaimDate: r.ClaimDate.orEmpty()}
}

func (s *Server) listClaims(c echo.Context) error {
	cs, err := s.svc.ListClaims(c.Request().Context(), session(c).User, c.Param("workspace"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"claims": wire.FromClaims(cs)})
}

func (s *Server) createClaim(c echo.Context) error {
	var req claimRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	claim, err := s.svc.CreateClaim(c.Request().Context(), session(c).User, c.Param("workspace"), req.input(), idempotencyKey(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/claims/"+claim.ID)
	return c.JSON(http.StatusCreated, wire.FromClaim(claim))
}

func (s *Server) similarClaims(c echo.Context) error {
	sims, err := s.svc.SimilarClaims(c.Request().Context(), session(c).User, c.Param("workspace"), c.QueryParam("q"))
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(sims))
	for _, sc := range sims {
		out = append(out, map[string]any{"claim": wire.FromClaim(sc.Claim), "similarity": min(1, max(0, sc.Similarity))})
	}
	return c.JSON(http.StatusOK, map[string]any{"claims": out})
}

func (s *Server) getClaim(c echo.Context) error {
	d, err := s.svc.GetClaim(c.Request().Context(), session(c).User, c.Param("claim"))
	if err != nil {
		return err
	}
	etag(c, d.Claim.Version)
	detail := wire.ClaimDetail{Claim: wire.FromClaim(d.Claim), Appearances: wire.FromAppearances(d.Appearances),
		Evidence: wire.FromEvidenceList(d.Evidence), Role: d.Role}
	if d.Verdict != nil {
		v := wire.FromVerdict(*d.Verdict)
		detail.Verdict = &v
	}
	return c.JSON(http.StatusOK, detail)
}

func (s *Server) updateClaim(c echo.Context) error {
	var req claimRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	in := req.input()
	var err error
	if in.BasedOn, err = basedOn(c, req.Version); err != nil {
		return err
	}
	claim, err := s.svc.UpdateClaim(c.Request().Context(), session(c).User, c.Param("claim"), in)
	if err != nil {
		return err
	}
	etag(c, claim.Version)
	return c.JSON(http.StatusOK, wire.FromClaim(claim))
}

type evidenceRequest struct {
	URL           *string  `json:"url"`
	Title         *string  `json:"title"`
	Publisher     *string  `json:"publisher"`
	QuotedPassage *string  `json:"quotedPassage"`
	Stance        *string  `json:"stance"`
	ConsultedOn   nullable `json:"consultedOn"`
	Version       *int     `json:"version"`
}

func (r evidenceRequest) input() service.EvidenceInput {
	return service.EvidenceInput{URL: r.URL, Title: r.Title, Publisher: r.Publisher, QuotedPassage: r.QuotedPassage, Stance: r.Stance,
		ConsultedOn: r.ConsultedOn.orEmpty()}
}

func (s *Server) createEvidence(c echo.Context) error {
	var req evidenceRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	e, err := s.svc.AddEvidence(c.Request().Context(), session(c).User, c.Param("claim"), req.input(), idempotencyKey(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, wire.FromEvidence(e))
}

func (s *Server) updateEvidence(c echo.Context) error {
	var req evidenceRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	in := req.input()
	var err error
	if in.BasedOn, err = basedOn(c, req.Version); err != nil {
		return err
	}
	e, err := s.svc.UpdateEvidence(c.Request().Context(), session(c).User, c.Param("evidence"), in)
	if err != nil {
		return err
	}
	etag(c, e.Version)
	return c.JSON(http.StatusOK, wire.FromEvidence(e))
}

func (s *Server) deleteEvidence(c echo.Context) error {
	v, err := basedOn(c, nil)
	if err != nil {
		return err
	}
	if err := s.svc.RemoveEvidence(c.Request().Context(), session(c).User, c.Param("evidence"), v); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// --- search ---

func (s *Server) search(c echo.Context) error {
	limit, err := queryInt(c, "limit", 30)
	if err != nil {
		return err
	}
	q := c.QueryParam("q")
	hits, err := s.svc.Search(c.Request().Context(), session(c).User, c.Param("workspace"), service.SearchInput{
		Query: q, Tag: c.QueryParam("tag"), AuthorID: c.QueryParam("author"), ClaimID: c.QueryParam("claim"),
		ArticleID: c.QueryParam("article"), Limit: int(limit),
	})
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(hits))
	for _, h := range hits {
		out = append(out, map[string]any{"type": h.Type, "id": h.ID, "articleId": h.ArticleID, "claimId": h.ClaimID,
			"title": h.Title, "snippet": h.Snippet, "matches": h.Matches, "rank": h.Rank})
	}
	return c.JSON(http.StatusOK, map[string]any{"query": q, "results": out})
}
