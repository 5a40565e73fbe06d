package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

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
