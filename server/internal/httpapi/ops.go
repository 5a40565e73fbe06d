package httpapi

import (
	"bytes"
	"context"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
)

//go:embed openapi.yaml
var specYAML []byte

// Spec loads and validates the OpenAPI document that describes the API.
func Spec() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(specYAML)
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi.yaml is not valid: %w", err)
	}
	return doc, nil
}

// SpecJSON returns the OpenAPI document as JSON, as /api/openapi.json
// serves it.
func SpecJSON() ([]byte, error) {
	doc, err := Spec()
	if err != nil {
		return nil, err
	}
	return json.Marshal(doc)
}

func (s *Server) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/json", s.spec)
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		s.logger.Warn("not ready", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": readinessReason(err)})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

func readinessReason(err error) string {
	if fe, ok := err.(*factcheck.Error); ok {
		return fe.Message
	}
	return "the database is not reachable"
}

// metricsHandler serves the Prometheus metrics to this machine (the
// connecting address, never a forwarded one, is loopback) or to a scraper
// with the configured bearer token; to anyone else it does not exist.
func (s *Server) metricsHandler(c echo.Context) error {
	host, _, _ := net.SplitHostPort(c.Request().RemoteAddr)
	local := net.ParseIP(host).IsLoopback()
	auth := c.Request().Header.Get("Authorization")
	token, bearer := strings.CutPrefix(auth, "Bearer ")
	allowed := s.metricsToken != "" && bearer && subtle.ConstantTimeCompare([]byte(token), []byte(s.metricsToken)) == 1
	if !local && !allowed {
		return echo.ErrNotFound
	}
	promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{}).ServeHTTP(c.Response(), c.Request())
	return nil
}

func (s *Server) liveSocket(c echo.Context) error {
	if !websocketUpgrade(c.Request()) {
		return factcheck.Errorf(factcheck.CodeBadRequest, "this is the live websocket; connect with a websocket client")
	}
	return s.live.Serve(c.Response(), c.Request(), session(c).User, service.SessionKey(sessionToken(c)))
}

func websocketUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// unsafeMarkdownMeta tells the browser app to render notes' Markdown
// without sanitizing it (frontend/src/markdown.ts). It is data, not
// script: the page's CSP is the same with or without it.
const unsafeMarkdownMeta = `<meta name="factdesk-unsafe-markdown" content="1">`

// markUnsafeMarkdown returns a copy of index.html with unsafeMarkdownMeta at
// the end of its head (or right after the doctype when it has no </head>).
func markUnsafeMarkdown(index []byte) []byte {
	lower := bytes.ToLower(index)
	at := bytes.Index(lower, []byte("</head>"))
	if at < 0 {
		at = 0
		if bytes.HasPrefix(lower, []byte("<!doctype html>")) {
			at = len("<!doctype html>")
		}
	}
	marked := make([]byte, 0, len(index)+len(unsafeMarkdownMeta))
	marked = append(marked, index[:at]...)
	marked = append(marked, unsafeMarkdownMeta...)
	return append(marked, index[at:]...)
}

// app serves the built browser app: files as they are (hashed assets cached
// for long), and index.html for every client-side route.
func (s *Server) app(c echo.Context) error {
	name := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
	if name == "api" || strings.HasPrefix(name, "api/") {
		return echo.ErrNotFound
	}
	if s.index == nil {
		return c.String(http.StatusServiceUnavailable, "The Factdesk browser app is not built. Run `make build`, or use the API under /api.")
	}
	if name != "" && name != "index.html" {
		if data, err := fs.ReadFile(s.frontend, name); err == nil {
			if strings.HasPrefix(name, "assets/") {
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			http.ServeContent(c.Response(), c.Request(), name, time.Time{}, bytes.NewReader(data))
			return nil
		}
		if path.Ext(name) != "" {
			return echo.ErrNotFound
		}
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, s.index)
}
