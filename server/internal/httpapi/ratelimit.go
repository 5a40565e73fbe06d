package httpapi

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Login throttling: at most loginFailures failed logins per account, and
// per client address, in any sliding window of loginWindow. The next
// attempt gets 429 with Retry-After, before any password is checked.
//
// The per-account limit lets anyone who knows an email address keep that
// account from logging in, by failing ten times a minute. That is the rule
// we chose (it stops a botnet from guessing one password from many
// addresses), so the window slides: an account is locked for at most a
// minute after the attacker stops, never until an operator steps in. The
// per-client limit needs no such trade: it blocks only the address that
// failed, so other people keep logging in to their own accounts.
const (
	loginFailures = 10
	loginWindow   = time.Minute
	// loginKeys bounds how many accounts and how many client addresses are
	// remembered (each list separately, about 250 bytes an entry). Entries
	// whose failures have all left the window are dropped first; when the
	// list is still full, the one whose last failure is oldest goes.
	loginKeys = 50_000
)

// errTooManyLogins says the same thing whichever limit was hit and whether
// or not the account exists; Retry-After says when to come back.
var errTooManyLogins = factcheck.Errorf(factcheck.CodeTooManyRequests, "too many failed logins; wait a minute and try again")

// failureWindow counts failures per key in a sliding window, forgetting
// keys when they have no failure left in it or when there are too many.
type failureWindow struct {
	limit  int
	window time.Duration
	max    int
	keys   map[string]*list.Element // of *failures
	recent *list.List               // most recently failed first
}

type failures struct {
	key string
	// at are the times of the newest failures, oldest first; at most limit
	// are kept, which is all a verdict needs.
	at []time.Time
}

func newFailureWindow(limit int, window time.Duration, max int) *failureWindow {
	return &failureWindow{limit: limit, window: window, max: max, keys: map[string]*list.Element{}, recent: list.New()}
}

// blockedFor returns how long key stays blocked at now (0: it is not).
func (w *failureWindow) blockedFor(key string, now time.Time) time.Duration {
	el, ok := w.keys[key]
	if !ok {
		return 0
	}
	at := el.Value.(*failures).at
	if len(at) < w.limit {
		return 0
	}
	// All limit failures kept are in the window: the block lifts when the
	// oldest of them leaves it.
	return max(0, at[0].Add(w.window).Sub(now))
}

// add records a failure of key at now.
func (w *failureWindow) add(key string, now time.Time) {
	w.expire(now)
	el, ok := w.keys[key]
	if !ok {
		if w.recent.Len() >= w.max {
			w.remove(w.recent.Back())
		}
		el = w.recent.PushFront(&failures{key: key})
		w.keys[key] = el
	} else {
		w.recent.MoveToFront(el)
	}
	f := el.Value.(*failures)
	f.at = append(f.at, now)
	if len(f.at) > w.limit {
		f.at = append(f.at[:0], f.at[len(f.at)-w.limit:]...)
	}
}

// forget removes the failure of key recorded at at, if it is still kept.
func (w *failureWindow) forget(key string, at time.Time) {
	el, ok := w.keys[key]
	if !ok {
		return
	}
	f := el.Value.(*failures)
	for i, t := range f.at {
		if t.Equal(at) {
			f.at = append(f.at[:i], f.at[i+1:]...)
			break
		}
	}
	if len(f.at) == 0 {
		w.remove(el)
	}
}

// expire drops the keys whose newest failure has left the window. The
// list is ordered by newest failure, so they are all at its back.
func (w *failureWindow) expire(now time.Time) {
	for el := w.recent.Back(); el != nil; el = w.recent.Back() {
		at := el.Value.(*failures).at
		if len(at) > 0 && now.Sub(at[len(at)-1]) < w.window {
			return
		}
		w.remove(el)
	}
}

func (w *failureWindow) remove(el *list.Element) {
	delete(w.keys, el.Value.(*failures).key)
	w.recent.Remove(el)
}

func (w *failureWindow) len() int { return w.recent.Len() }

// loginLimiter keeps the failed logins per account and per client.
type loginLimiter struct {
	mu        sync.Mutex
	now       func() time.Time
	accounts  *failureWindow
	clients   *failureWindow
	throttled *prometheus.CounterVec
}

func newLoginLimiter(now func() time.Time, reg prometheus.Registerer) *loginLimiter {
	l := &loginLimiter{
		now:      now,
		accounts: newFailureWindow(loginFailures, loginWindow, loginKeys),
		clients:  newFailureWindow(loginFailures, loginWindow, loginKeys),
		throttled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "factdesk_login_throttled_total",
			Help: "Login attempts refused with 429 because of earlier failures, by the limit hit (account or client).",
		}, []string{"limit"}),
	}
	if reg != nil {
		reg.MustRegister(l.throttled)
	}
	return l
}

// loginAttempt is an attempt admitted by begin. It counts as a failure
// from the start, so that attempts in flight at once cannot pass the limit
// together; succeeded takes it back.
type loginAttempt struct {
	l               *loginLimiter
	account, client string
	at              time.Time
}

// begin admits an attempt of client on account ("" when the request names
// none), or says how long to wait.
func (l *loginLimiter) begin(account, client string) (*loginAttempt, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	wait := l.clients.blockedFor(client, now)
	if wait > 0 {
		l.throttled.WithLabelValues("client").Inc()
	}
	if account != "" {
		if aw := l.accounts.blockedFor(account, now); aw > 0 {
			l.throttled.WithLabelValues("account").Inc()
			wait = max(wait, aw)
		}
	}
	if wait > 0 {
		return nil, wait
	}
	l.clients.add(client, now)
	if account != "" {
		l.accounts.add(account, now)
	}
	return &loginAttempt{l: l, account: account, client: client, at: now}, 0
}

// succeeded takes back an attempt that did not fail (a login, or a
// request refused for another reason).
func (a *loginAttempt) succeeded() {
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	a.l.clients.forget(a.client, a.at)
	if a.account != "" {
		a.l.accounts.forget(a.account, a.at)
	}
}

// limitLogins applies the login limits around the login handler. Only
// wrong credentials count as failures; the answer to an unknown account
// is the same as to a known one, 429 included.
func (s *Server) limitLogins(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		// The body is already bounded by limitBody; read it to learn the
		// account, and give it back to the handler.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return mbe
			}
			return factcheck.Errorf(factcheck.CodeBadRequest, "could not read the request body")
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		attempt, wait := s.logins.begin(loginAccountKey(body), clientKey(c.RealIP()))
		if attempt == nil {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
			return errTooManyLogins
		}
		err = next(c)
		if !factcheck.IsCode(err, factcheck.CodeUnauthorized) {
			attempt.succeeded()
		}
		return err
	}
}

// loginAccountKey names the account a login body is for, the way the
// service finds it (trimmed, any case), hashed so that the limiter's size
// does not depend on what clients send. It is "" when there is no email.
func loginAccountKey(body []byte) string {
	var req struct {
		Email *string `json:"email"`
	}
	if json.Unmarshal(body, &req) != nil || req.Email == nil {
		return ""
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(*req.Email))))
	return string(sum[:16])
}

// clientKey is the address a client is limited by: an IPv4 address, or the
// /64 network of an IPv6 one (one subscriber commonly has a whole /64).
func clientKey(ip string) string {
	parsed := net.ParseIP(ip)
	if parsed == nil {
		return ip
	}
	if v4 := parsed.To4(); v4 != nil {
		return v4.String()
	}
	return parsed.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// ipExtractor finds the client's address: the connection's peer, unless it
// is one of the trusted proxies, whose X-Forwarded-For is then read from
// the right, skipping the trusted proxies, up to the first address that is
// not one (anything left of it may be forged by the client).
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	// Echo trusts loopback, link-local and private addresses by default;
	// only the configured proxies are trusted here.
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
