package httpapi

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/live"
	"github.com/factdesk/factdesk/server/internal/service"
)

// contentSecurityPolicy allows only our own scripts, styles and
// connections: no inline script, no plugins, no framing, no <base>.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.logger.Error("panic in handler", "route", c.Path(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = factcheck.Errorf(factcheck.CodeInternal, "panic")
			}
		}()
		return next(c)
	}
}

type httpMetrics struct {
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "factdesk_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route, method and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"method", "route", "status"})}
	reg.MustRegister(m.duration)
	return m
}

// observe logs each request and records its duration. Query strings,
// cookies and bodies are never logged.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		status := c.Response().Status
		d := time.Since(start)
		s.metrics.duration.WithLabelValues(c.Request().Method, route, strconv.Itoa(status)).Observe(d.Seconds())
		if route != "/healthz" && route != "/readyz" && route != "/metrics" {
			s.logger.Info("request", "method", c.Request().Method, "route", route, "status", status,
				"duration_ms", float64(d.Microseconds())/1000, "bytes", c.Response().Size)
		}
		return nil
	}
}

// deadline bounds every request but the live websocket (which lives as
// long as the connection): a request still waiting on the database when it
// passes ends with 503 ("the database did not answer in time") instead of
// hanging on a connection that went silent.
func (s *Server) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().URL.Path == "/api/live" {
			return next(c)
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.timeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// limitBody refuses bodies over the limit with 413, both when the length is
// declared and when it is not.
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.ContentLength > s.maxBody {
			return &factcheck.Error{Code: factcheck.CodeTooLarge, Message: "the request body is larger than " + humanBytes(s.maxBody)}
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(c.Response(), r.Body, s.maxBody)
		}
		return next(c)
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// OriginPolicy decides which web origins may use the API and open the live
// websocket with the user's cookie: the server's own, the public URL's, and
// the configured extras.
type OriginPolicy struct {
	allowed map[string]bool
}

// NewOriginPolicy allows the public URL's origin and the extra origins.
func NewOriginPolicy(public *url.URL, extra []string) OriginPolicy {
	p := OriginPolicy{allowed: map[string]bool{}}
	if public != nil {
		p.allowed[strings.ToLower(public.Scheme+"://"+public.Host)] = true
	}
	for _, o := range extra {
		p.allowed[strings.ToLower(o)] = true
	}
	return p
}

// Allows reports whether a request's Origin header (when present) is
// allowed. The server's own origin is the request's Host.
func (p OriginPolicy) Allows(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true // not sent by a browser for this request; the CSRF token guards
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	return p.allowed[strings.ToLower(u.Scheme+"://"+u.Host)]
}

// refuseCrossSite refuses state-changing requests (and websocket
// handshakes) that a browser says come from another site, or that carry an
// origin that is not allowed.
func (s *Server) refuseCrossSite(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		unsafe := r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
		upgrade := strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
		if !unsafe && !upgrade {
			return next(c)
		}
		if !s.origins.Allows(r) {
			return factcheck.Errorf(factcheck.CodeForbidden, "requests from this origin are not allowed")
		}
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" && r.Header.Get("Origin") == "" {
			return factcheck.Errorf(factcheck.CodeForbidden, "cross-site requests are not allowed")
		}
		return next(c)
	}
}

// sessionCookie is the name of the cookie that carries the session token.
const sessionCookie = "factdesk_session"

type ctxKey string

const (
	ctxSession ctxKey = "session"
	ctxToken   ctxKey = "token"
)

// requireSession authenticates the request by its session cookie.
func (s *Server) requireSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return factcheck.Errorf(factcheck.CodeUnauthorized, "you are not logged in")
		}
		checkedAt := time.Now()
		sess, err := s.svc.Authenticate(c.Request().Context(), ck.Value)
		if err != nil {
			if factcheck.IsCode(err, factcheck.CodeUnauthorized) {
				s.clearSessionCookie(c)
			}
			return err
		}
		if websocketUpgrade(c.Request()) {
			// A logout or a disabling that lands between this check and the
			// upgrade must still close the socket.
			c.SetRequest(c.Request().WithContext(live.WithAuthTime(c.Request().Context(), checkedAt)))
		}
		c.Set(string(ctxSession), sess)
		c.Set(string(ctxToken), ck.Value)
		return next(c)
	}
}

// requireCSRF checks the session's CSRF token on state-changing requests.
func (s *Server) requireCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		got := c.Request().Header.Get("X-CSRF-Token")
		want := session(c).CSRFToken
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			return factcheck.Errorf(factcheck.CodeForbidden, "missing or wrong X-CSRF-Token header; reload the page")
		}
		return next(c)
	}
}

func session(c echo.Context) service.Session {
	s, _ := c.Get(string(ctxSession)).(service.Session)
	return s
}

func sessionToken(c echo.Context) string {
	t, _ := c.Get(string(ctxToken)).(string)
	return t
}

func (s *Server) setSessionCookie(c echo.Context, token string, expires time.Time) {
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", Expires: expires, MaxAge: int(time.Until(expires).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure || c.Request().TLS != nil,
	})
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure || c.Request().TLS != nil})
}
