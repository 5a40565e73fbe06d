package httpapi

import (
	"github.com/labstack/echo/v4"
)

// routes lists the whole HTTP surface of Factdesk.
func (s *Server) routes(e *echo.Echo) {
	// Every request: metrics and logs, security headers, panics as 500s, the
	// body limit, and no state changes or websockets from foreign origins.
	e.Use(s.observe, s.securityHeaders, s.recoverPanics, s.limitBody, s.refuseCrossSite)

	// Operations: no session, no body.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsHandler)

	api := e.Group("/api")
	api.GET("/openapi.json", s.openapi)

	// Login needs no session; every other route needs one, and a CSRF token
	// when it changes something.
	api.POST("/session", s.login)
	authed := []echo.MiddlewareFunc{s.requireSession, s.requireCSRF}
	api.GET("/session", s.getSession, authed...)
	api.DELETE("/session", s.logout, authed...)

	api.GET("/workspaces/:workspace/articles", s.listArticles, authed...)
	api.POST("/workspaces/:workspace/articles", s.createArticle, authed...)
	api.GET("/workspaces/:workspace/events", s.listEvents, authed...)

	api.GET("/articles/:article", s.getArticle, authed...)
	api.GET("/articles/:article/annotations", s.listAnnotations, authed...)
	api.POST("/articles/:article/annotations", s.createAnnotation, authed...)

	// The live stream: a websocket, authenticated by the session cookie and
	// checked against the origin allowlist.
	api.GET("/live", s.liveSocket, authed...)

	// The browser app, with client-side routes falling back to index.html
	// (but never for unknown /api routes).
	e.GET("/*", s.app)
}
