package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// --- settings ---

func (s *Server) getSettings(c echo.Context) error {
	st, err := s.svc.Settings(c.Request().Context(), session(c).User, c.Param("workspace"))
	if err != nil {
		return err
	}
	etag(c, st.Version)
	return c.JSON(http.StatusOK, wire.FromSettings(st))
}

func (s *Server) updateSettings(c echo.Context) error {
	var req struct {
		Organisation *wire.Organisation `json:"organisation"`
		RatingScale  *[]wire.Rating     `json:"ratingScale"`
		Version      *int               `json:"version"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("organisation", req.Organisation != nil); err != nil {
		return err
	}
	if err := required("ratingScale", req.RatingScale != nil); err != nil {
		return err
	}
	version, err := basedOn(c, req.Version)
	if err != nil {
		return err
	}
	in := factcheck.WorkspaceSettings{Organisation: factcheck.Organisation{Name: req.Organisation.Name, URL: req.Organisation.URL},
		Scale: wire.ToScale(*req.RatingScale)}
	st, err := s.svc.UpdateSettings(c.Request().Context(), session(c).User, c.Param("workspace"), in, version)
	if err != nil {
		return err
	}
	etag(c, st.Version)
	return c.JSON(http.StatusOK, wire.FromSettings(st))
}

// --- verdicts ---

type verdictRequest struct {
	Rating      *string   `json:"rating"`
	Rationale   *string   `json:"rationale"`
	EvidenceIDs *[]string `json:"evidenceIds"`
	Version     *int      `json:"version"`
}

func (r verdictRequest) input(c echo.Context) (service.VerdictInput, error) {
	in := service.VerdictInput{Rating: r.Rating, Rationale: r.Rationale, EvidenceIDs: r.EvidenceIDs}
	var err error
	in.BasedOn, err = basedOn(c, r.Version)
	return in, err
}

func (s *Server) createVerdict(c echo.Context) error {
	var req verdictRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	in, err := req.input(c)
	if err != nil {
		return err
	}
	v, err := s.svc.CreateVerdict(c.Request().Context(), session(c).User, c.Param("claim"), in, idempotencyKey(c))
	if err != nil {
		return err
	}
	return s.verdictJSON(c, http.StatusCreated, v)
}

// verdictJSON answers with a verdict and its version.
func (s *Server) verdictJSON(c echo.Context, status int, v factcheck.Verdict) error {
	etag(c, v.Version)
	return c.JSON(status, wire.FromVerdict(v))
}

func (s *Server) getVerdict(c echo.Context) error {
	d, err := s.svc.GetVerdict(c.Request().Context(), session(c).User, c.Param("verdict"))
	if err != nil {
		return err
	}
	actions := d.Actions
	if actions == nil {
		actions = []factcheck.VerdictAction{}
	}
	etag(c, d.Verdict.Version)
	return c.JSON(http.StatusOK, map[string]any{
		"verdict": wire.FromVerdict(d.Verdict), "claim": wire.FromClaim(d.Claim),
		"publications": wire.FromPublications(d.Publications), "ratingScale": wire.FromScale(d.Scale),
		"actions": actions, "mayEdit": d.MayEdit, "role": d.Member.Role,
	})
}

func (s *Server) updateVerdict(c echo.Context) error {
	var req verdictRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	in, err := req.input(c)
	if err != nil {
		return err
	}
	v, err := s.svc.UpdateVerdict(c.Request().Context(), session(c).User, c.Param("verdict"), in)
	if err != nil {
		return err
	}
	return s.verdictJSON(c, http.StatusOK, v)
}

func (s *Server) transitionVerdict(c echo.Context) error {
	var req struct {
		Action  *string `json:"action"`
		Comment string  `json:"comment"`
		Version *int    `json:"version"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("action", req.Action != nil); err != nil {
		return err
	}
	action := factcheck.VerdictAction(*req.Action)
	switch action {
	case factcheck.ActionSubmit, factcheck.ActionWithdraw, factcheck.ActionSendBack, factcheck.ActionApprove, factcheck.ActionPublish:
	default:
		return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "action",
			Message: "action must be one of submit, withdraw, send_back, approve, publish (a correction has its own endpoint)"}
	}
	version, err := basedOn(c, req.Version)
	if err != nil {
		return err
	}
	v, err := s.svc.TransitionVerdict(c.Request().Context(), session(c).User, c.Param("verdict"), action, req.Comment, version)
	if err != nil {
		return err
	}
	return s.verdictJSON(c, http.StatusOK, v)
}

func (s *Server) correctVerdict(c echo.Context) error {
	var req struct {
		verdictRequest
		Note *string `json:"note"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("note", req.Note != nil); err != nil {
		return err
	}
	in, err := req.input(c)
	if err != nil {
		return err
	}
	v, err := s.svc.CorrectVerdict(c.Request().Context(), session(c).User, c.Param("verdict"), in, *req.Note)
	if err != nil {
		return err
	}
	return s.verdictJSON(c, http.StatusOK, v)
}

func verdictItems(items []factcheck.VerdictItem) []wire.VerdictListItem {
	out := make([]wire.VerdictListItem, 0, len(items))
	for _, it := range items {
		out = append(out, wire.NewVerdictListItem(it.Verdict, it.ClaimStatement, it.ArticleID, it.ArticleTitle))
	}
	return out
}

func (s *Server) listVerdicts(c echo.Context) error {
	items, err := s.svc.ListVerdicts(c.Request().Context(), session(c).User, c.Param("workspace"), c.QueryParam("state"), c.QueryParam("author"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"verdicts": verdictItems(items)})
}

func (s *Server) myWork(c echo.Context) error {
	w, err := s.svc.MyWork(c.Request().Context(), session(c).User, c.Param("workspace"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"assigned": wire.FromClaims(w.Assigned), "sentBack": verdictItems(w.SentBack),
		"drafts": verdictItems(w.Drafts), "inReview": verdictItems(w.InReview)})
}

func (s *Server) assignClaim(c echo.Context) error {
	var req struct {
		AssigneeID nullable `json:"assigneeId"`
		Version    *int     `json:"version"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("assigneeId", req.AssigneeID.set); err != nil {
		return err
	}
	version, err := basedOn(c, req.Version)
	if err != nil {
		return err
	}
	claim, err := s.svc.AssignClaim(c.Request().Context(), session(c).User, c.Param("claim"), *req.AssigneeID.orEmpty(), version)
	if err != nil {
		return err
	}
	etag(c, claim.Version)
	return c.JSON(http.StatusOK, wire.FromClaim(claim))
}

func (s *Server) claimHistory(c echo.Context) error {
	entries, err := s.svc.ClaimHistory(c.Request().Context(), session(c).User, c.Param("claim"))
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(entries))
	for _, e := range entries {
		entry := map[string]any{"seq": e.Seq, "type": e.Type, "actor": e.Actor, "at": e.At, "summary": e.Summary}
		if e.State != "" {
			entry["state"], entry["rating"] = e.State, e.Rating
		}
		if e.Comment != "" {
			entry["comment"] = e.Comment
		}
		if e.RationaleDiff != nil {
			parts := make([]map[string]string, 0, len(e.RationaleDiff))
			for _, p := range e.RationaleDiff {
				parts = append(parts, map[string]string{"op": p.Op, "text": p.Text})
			}
			entry["rationaleDiff"] = parts
		}
		out = append(out, entry)
	}
	return c.JSON(http.StatusOK, map[string]any{"entries": out})
}

// --- notifications ---

func (s *Server) listNotifications(c echo.Context) error {
	ns, unread, err := s.svc.Notifications(c.Request().Context(), session(c).User, c.Param("workspace"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"notifications": wire.FromNotifications(ns), "unread": unread})
}

func (s *Server) markNotificationsRead(c echo.Context) error {
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	if len(req.IDs) > 500 {
		return factcheck.Invalid("ids", "mark at most 500 notifications at a time")
	}
	unread, err := s.svc.MarkNotificationsRead(c.Request().Context(), session(c).User, c.Param("workspace"), req.IDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"unread": unread})
}

// --- dashboard ---

func (s *Server) dashboard(c echo.Context) error {
	d, err := s.svc.Dashboard(c.Request().Context(), session(c).User, c.Param("workspace"), c.QueryParam("article"))
	if err != nil {
		return err
	}
	counts := func(cs []service.Count) []map[string]any {
		out := make([]map[string]any, 0, len(cs))
		for _, x := range cs {
			m := map[string]any{"key": x.Key, "label": x.Label, "count": x.Count}
			if x.Colour != "" {
				m["colour"] = x.Colour
			}
			out = append(out, m)
		}
		return out
	}
	scope := map[string]any{"workspace": d.Workspace.Slug}
	if d.Article != nil {
		scope["articleId"], scope["articleTitle"] = d.Article.ID, d.Article.Title
	}
	weeks := make([]map[string]any, 0, len(d.ClaimsByWeek))
	for _, w := range d.ClaimsByWeek {
		weeks = append(weeks, map[string]any{"week": w.Week.Format("2006-01-02"), "count": w.Count})
	}
	return c.JSON(http.StatusOK, map[string]any{
		"scope": scope, "claims": d.Claims, "claimsWithoutVerdict": d.ClaimsWithoutVerdict,
		"verdictsByState": counts(d.ByState), "verdictsByRating": counts(d.ByRating), "claimsByWeek": weeks,
		"publication": map[string]any{"published": d.Published, "medianHours": d.MedianHours, "p90Hours": d.P90Hours,
			"buckets": counts(d.PublicationBuckets)},
	})
}
