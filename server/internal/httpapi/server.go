// Package httpapi is Factdesk's HTTP face: the JSON API under /api (every
// route listed in routes.go), the live websocket, the operations endpoints
// and the embedded browser app. Handlers are thin: they bind the request,
// call the service and write the answer; one error handler turns domain
// errors into responses.
package httpapi

import (
	"cmp"
	"context"
	"io/fs"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/factdesk/factdesk/server/internal/live"
	"github.com/factdesk/factdesk/server/internal/service"
)

// Readiness reports whether the server can do its work: the database
// answers and its migrations are current.
type Readiness func(ctx context.Context) error

// Deps are what the HTTP layer is built from.
type Deps struct {
	Service *service.Service
	Live    *live.Endpoint
	Hub     *live.Hub
	Ready   Readiness
	// Frontend is the built browser app (index.html at its root).
	Frontend fs.FS
	// Registry collects the metrics; Gatherer serves them.
	Registry prometheus.Registerer
	Gatherer prometheus.Gatherer
	Logger   *slog.Logger

	MaxBodyBytes int64
	// RequestTimeout bounds every request but the live websocket: one
	// waiting longer on the database ends with 503 (0: 30 s).
	RequestTimeout time.Duration
	SecureCookies  bool
	// Origins says which web origins may use the API with a user's cookie.
	Origins OriginPolicy
	// PublicURL, when set, is the base of the absolute IRIs in exports;
	// otherwise the request's scheme and host are.
	PublicURL string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (for the login limits); none: the peer is the client.
	TrustedProxies []*net.IPNet
	// MetricsToken, when set, lets a client that is not on this machine
	// read /metrics with "Authorization: Bearer <token>".
	MetricsToken string
	// UnsafeMarkdown (tests only) marks the app's index.html so that the
	// browser renders notes' Markdown without sanitizing it: the test that
	// proves the Content-Security-Policy alone stops stored script.
	UnsafeMarkdown bool
}

// Server handles Factdesk's HTTP requests.
type Server struct {
	svc      *service.Service
	live     *live.Endpoint
	hub      *live.Hub
	ready    Readiness
	logger   *slog.Logger
	gatherer prometheus.Gatherer
	metrics  *httpMetrics
	spec     []byte
	frontend fs.FS
	index    []byte
	origins  OriginPolicy
	secure   bool
	maxBody  int64
	timeout  time.Duration
	// publicURL is the base of exported IRIs ("" = from the request).
	publicURL    string
	metricsToken string
	logins       *loginLimiter
}

// New builds the Echo instance that serves everything.
func New(d Deps) (*echo.Echo, error) {
	spec, err := SpecJSON()
	if err != nil {
		return nil, err
	}
	index, err := fs.ReadFile(d.Frontend, "index.html")
	if err != nil {
		d.Logger.Warn("the browser app is not built; run `make build` (only the API is served)", "err", err)
	}
	if d.UnsafeMarkdown {
		d.Logger.Warn("UNSAFE, FOR TESTS ONLY: FACTDESK_TEST_UNSAFE_MARKDOWN is set, so the browser renders notes' Markdown " +
			"WITHOUT sanitizing it and only the Content-Security-Policy stops stored script; never serve real users like this")
		if index != nil {
			index = markUnsafeMarkdown(index)
		}
	}
	s := &Server{
		svc: d.Service, live: d.Live, hub: d.Hub, ready: d.Ready, logger: d.Logger, gatherer: d.Gatherer,
		metrics: newHTTPMetrics(d.Registry), spec: spec, frontend: d.Frontend, index: index,
		origins: d.Origins, secure: d.SecureCookies, maxBody: d.MaxBodyBytes, timeout: cmp.Or(d.RequestTimeout, 30*time.Second), publicURL: strings.TrimRight(d.PublicURL, "/"), metricsToken: d.MetricsToken,
		logins: newLoginLimiter(time.Now, d.Registry),
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(d.TrustedProxies)
	e.HTTPErrorHandler = s.handleError
	e.Logger.SetOutput(discard{})
	s.routes(e)
	return e, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
