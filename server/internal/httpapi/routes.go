package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// routes lists the whole HTTP surface of Factdesk.
func (s *Server) routes(e *echo.Echo) {
	// Every request: metrics and logs, security headers, panics as 500s, a
	// deadline, the body limit, and no state changes or websockets from
	// foreign origins.
	e.Use(s.observe, s.securityHeaders, s.recoverPanics, s.deadline, s.limitBody, s.refuseCrossSite)

	// Operations: no session, no body.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsHandler)

	api := e.Group("/api")
	api.GET("/openapi.json", s.openapi)

	// Login needs no session; every other route needs one, and a CSRF token
	// when it changes something.
	api.POST("/session", s.login, s.limitLogins)
	authed := []echo.MiddlewareFunc{s.requireSession, s.requireCSRF}
	api.GET("/session", s.getSession, authed...)
	api.DELETE("/session", s.logout, authed...)

	api.GET("/workspaces/:workspace/articles", s.listArticles, authed...)
	api.POST("/workspaces/:workspace/articles", s.createArticle, authed...)
	api.GET("/workspaces/:workspace/events", s.listEvents, authed...)

	api.GET("/workspaces/:workspace/members", s.listMembers, authed...)
	api.PUT("/workspaces/:workspace/members/:user", s.setMemberRole, authed...)
	api.DELETE("/workspaces/:workspace/members/:user", s.removeMember, authed...)
	api.GET("/workspaces/:workspace/tags", s.listTags, authed...)
	api.GET("/workspaces/:workspace/search", s.search, authed...)
	api.GET("/workspaces/:workspace/claims", s.listClaims, authed...)
	api.POST("/workspaces/:workspace/claims", s.createClaim, authed...)
	api.GET("/workspaces/:workspace/claims/similar", s.similarClaims, authed...)
	api.GET("/workspaces/:workspace/settings", s.getSettings, authed...)
	api.PUT("/workspaces/:workspace/settings", s.updateSettings, authed...)
	api.GET("/workspaces/:workspace/verdicts", s.listVerdicts, authed...)
	api.GET("/workspaces/:workspace/my-work", s.myWork, authed...)
	api.GET("/workspaces/:workspace/notifications", s.listNotifications, authed...)
	api.POST("/workspaces/:workspace/notifications/read", s.markNotificationsRead, authed...)
	api.GET("/workspaces/:workspace/dashboard", s.dashboard, authed...)

	api.GET("/articles/:article", s.getArticle, authed...)
	api.POST("/articles/:article/versions", s.createArticleVersion, authed...)
	api.GET("/articles/:article/annotations", s.listAnnotations, authed...)
	api.POST("/articles/:article/annotations", s.createAnnotation, authed...)
	api.GET("/articles/:article/annotations/export", s.exportAnnotations, authed...)
	api.GET("/articles/:article/claims.csv", s.exportClaimsCSV, authed...)

	api.GET("/annotations/:annotation", s.getAnnotation, authed...)
	api.PATCH("/annotations/:annotation", s.updateAnnotation, authed...)
	api.DELETE("/annotations/:annotation", s.deleteAnnotation, authed...)
	api.GET("/annotations/:annotation/export", s.exportAnnotation, authed...)
	api.POST("/annotations/:annotation/replies", s.createReply, authed...)
	api.PATCH("/replies/:reply", s.updateReply, authed...)
	api.DELETE("/replies/:reply", s.deleteReply, authed...)

	api.GET("/claims/:claim", s.getClaim, authed...)
	api.PATCH("/claims/:claim", s.updateClaim, authed...)
	api.POST("/claims/:claim/evidence", s.createEvidence, authed...)
	api.PATCH("/evidence/:evidence", s.updateEvidence, authed...)
	api.DELETE("/evidence/:evidence", s.deleteEvidence, authed...)
	api.POST("/claims/:claim/verdict", s.createVerdict, authed...)
	api.PUT("/claims/:claim/assignee", s.assignClaim, authed...)
	api.GET("/claims/:claim/history", s.claimHistory, authed...)

	api.GET("/verdicts/:verdict", s.getVerdict, authed...)
	api.PATCH("/verdicts/:verdict", s.updateVerdict, authed...)
	api.POST("/verdicts/:verdict/transitions", s.transitionVerdict, authed...)
	api.POST("/verdicts/:verdict/corrections", s.correctVerdict, authed...)

	// Published fact-checks: public, no session.
	api.GET("/public/workspaces/:workspace/claim-reviews", s.claimReviewFeed)
	e.GET("/fact-checks/page.css", s.factCheckCSS)
	e.GET("/fact-checks/:verdict", s.factCheckPage)

	// The live stream: a websocket, authenticated by the session cookie and
	// checked against the origin allowlist.
	api.GET("/live", s.liveSocket, authed...)

	// The browser app, with client-side routes falling back to index.html
	// (but never for unknown /api routes).
	e.Match([]string{http.MethodGet, http.MethodHead}, "/*", s.app)
}
