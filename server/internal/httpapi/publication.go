package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/export"
	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/publish"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// Published fact-checks are public: no session, readable from any origin,
// and cached briefly (a correction shows within a minute).

func publicHeaders(c echo.Context) {
	h := c.Response().Header()
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	h.Set("Cache-Control", "public, max-age=60")
}

// factCheckPage serves a published verdict's public page.
func (s *Server) factCheckPage(c echo.Context) error {
	versions, err := s.svc.PublishedVerdict(c.Request().Context(), c.Param("verdict"))
	if factcheck.IsCode(err, factcheck.CodeNotFound) {
		c.Response().Header().Set("Content-Security-Policy", publish.ContentSecurityPolicy)
		return c.HTML(http.StatusNotFound, `<!doctype html><html lang="en"><meta charset="utf-8"><title>Fact-check not found</title>`+
			`<link rel="stylesheet" href="/fact-checks/page.css?v=`+publish.CSSVersion()+`">`+
			`<main class="page"><h1>Fact-check not found</h1><p>There is no published fact-check at this address.</p></main></html>`)
	}
	if err != nil {
		return err
	}
	var page bytes.Buffer
	err = publish.Render(&page, publish.Page{Versions: versions, URL: s.links(c).BaseURL + wire.PublicPath(c.Param("verdict")),
		CSSURL: "/fact-checks/page.css?v=" + publish.CSSVersion()})
	if err != nil {
		return fmt.Errorf("render the public page of verdict %s: %w", c.Param("verdict"), err)
	}
	publicHeaders(c)
	c.Response().Header().Set("Content-Security-Policy", publish.ContentSecurityPolicy)
	return c.HTMLBlob(http.StatusOK, page.Bytes())
}

// factCheckCSS serves the public page's stylesheet; a URL naming its
// current version may be cached for good.
func (s *Server) factCheckCSS(c echo.Context) error {
	h := c.Response().Header()
	h.Set("ETag", `"`+publish.CSSVersion()+`"`)
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	if c.QueryParam("v") == publish.CSSVersion() {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	if c.Request().Header.Get("If-None-Match") == `"`+publish.CSSVersion()+`"` {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, "text/css; charset=utf-8", publish.CSS())
}

// claimReviewFeed serves a workspace's published fact-checks as a
// schema.org DataFeed of ClaimReviews, newest first, page by page.
func (s *Server) claimReviewFeed(c echo.Context) error {
	page := 1
	if p := c.QueryParam("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "page", Message: "page must be a number from 1"}
		}
		page = n
	}
	entries, more, err := s.svc.PublishedFeed(c.Request().Context(), c.Param("workspace"), page)
	if err != nil {
		return err
	}
	base := s.links(c).BaseURL
	items := make([]export.ClaimReviewInput, 0, len(entries))
	for _, e := range entries {
		items = append(items, export.ClaimReviewInput{Versions: e.Versions, URL: base + wire.PublicPath(e.VerdictID)})
	}
	feedPath := "/api/public/workspaces/" + c.Param("workspace") + "/claim-reviews"
	feedURL := base + feedPath
	if page > 1 {
		feedURL += "?page=" + strconv.Itoa(page)
	}
	doc, err := export.ClaimReviewFeed(items, feedURL)
	if err != nil {
		return fmt.Errorf("write the claim review feed of %s: %w", c.Param("workspace"), err)
	}
	publicHeaders(c)
	h := c.Response().Header()
	h.Set("Access-Control-Allow-Origin", "*")
	if more {
		h.Add("Link", fmt.Sprintf(`<%s%s?page=%d>; rel="next"`, base, feedPath, page+1))
	}
	if page > 1 {
		h.Add("Link", fmt.Sprintf(`<%s%s?page=%d>; rel="prev"`, base, feedPath, page-1))
	}
	return c.Blob(http.StatusOK, "application/ld+json", doc)
}
