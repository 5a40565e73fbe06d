package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

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
