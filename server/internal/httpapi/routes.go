package httpapi

import (
	"github.com/labstack/echo/v4"
)

// routes lists the whole HTTP surface of Factdesk.
func (s *Server) routes(e *echo.Echo) {
	e.Use(s.observe, s.securityHeaders, s.recoverPanics)

	// Operations: no session, no body.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsHandler)

	api := e.Group("/api", s.limitBody, s.refuseCrossSite)
	api.GET("/openapi.json", s.openapi)

	// Session: login needs no session; the rest do.
	api.POST("/session", s.login)
	authed := api.Group("", s.requireSession, s.requireCSRF)
	authed.GET("/session", s.getSession)
	authed.DELETE("/session", s.logout)

	authed.GET("/workspaces/:workspace/articles", s.listArticles)
	authed.POST("/workspaces/:workspace/articles", s.createArticle)
	authed.GET("/workspaces/:workspace/events", s.listEvents)

	authed.GET("/articles/:article", s.getArticle)
	authed.GET("/articles/:article/annotations", s.listAnnotations)
	authed.POST("/articles/:article/annotations", s.createAnnotation)

	// The live stream: a websocket, authenticated by the session cookie and
	// checked against the origin allowlist.
	authed.GET("/live", s.liveSocket)

	// Anything else under /api is an unknown route, never the app.
	api.Any("/*", s.noRoute)

	// The browser app, with client-side routes falling back to index.html.
	e.GET("/*", s.app)
}
