package httpapi

import (
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// fail records n failed attempts of client on account.
func fail(t *testing.T, l *loginLimiter, account, client string, n int) {
	t.Helper()
	for i := range n {
		if a, wait := l.begin(account, client); a == nil {
			t.Fatalf("attempt %d of %s from %s refused for %s", i+1, account, client, wait)
		}
	}
}

func TestLoginLimiterWindowSlides(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	l := newLoginLimiter(clock.now, nil)

	// Failures spread over the minute: the tenth blocks the account.
	for range loginFailures {
		fail(t, l, "victim", "203.0.113.1", 1)
		clock.advance(5 * time.Second)
	}
	// 50 s after the first failure: blocked until it is a minute old.
	if a, wait := l.begin("victim", "203.0.113.2"); a != nil || wait != 10*time.Second {
		t.Fatalf("11th attempt on the account: admitted %v, wait %s; want refused for 10s", a != nil, wait)
	}
	// The client that failed ten times is blocked on every account.
	if a, _ := l.begin("someone-else", "203.0.113.1"); a != nil {
		t.Fatal("the failing client may try another account")
	}
	// Another client on another account is not affected.
	if a, _ := l.begin("someone-else", "203.0.113.2"); a == nil {
		t.Fatal("an unrelated login was refused")
	} else {
		a.succeeded()
	}
	// The window slides: when the first failure is a minute old, one more
	// attempt is allowed, and failing it blocks again until the second is.
	clock.advance(10 * time.Second)
	a, _ := l.begin("victim", "203.0.113.3")
	if a == nil {
		t.Fatal("the account is still blocked a minute after its first failure")
	}
	if b, wait := l.begin("victim", "203.0.113.3"); b != nil || wait != 5*time.Second {
		t.Fatalf("after a new failure: admitted %v, wait %s; want refused for 5s", b != nil, wait)
	}
	// A minute after the last failure everything is forgotten.
	clock.advance(loginWindow)
	if l.accounts.blockedFor("victim", clock.now()) != 0 || l.clients.blockedFor("203.0.113.1", clock.now()) != 0 {
		t.Fatal("still blocked a minute after the last failure")
	}
	fail(t, l, "other", "198.51.100.1", 1)
	if n := l.accounts.len(); n != 1 {
		t.Fatalf("%d accounts remembered after the window, want only the new one", n)
	}
}

func TestLoginLimiterSuccessesDoNotCount(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	l := newLoginLimiter(clock.now, nil)
	// Attempts in flight count (so that a burst cannot pass the limit
	// together), and those that succeed are taken back.
	var inFlight []*loginAttempt
	for range loginFailures {
		a, _ := l.begin("user", "192.0.2.1")
		inFlight = append(inFlight, a)
	}
	if a, _ := l.begin("user", "192.0.2.1"); a != nil {
		t.Fatal("an 11th attempt in flight at once was admitted")
	}
	for _, a := range inFlight {
		a.succeeded()
	}
	if a, _ := l.begin("user", "192.0.2.1"); a == nil {
		t.Fatal("successful logins counted as failures")
	}
	if l.accounts.len() != 1 || l.clients.len() != 1 {
		t.Fatalf("remembered %d accounts, %d clients", l.accounts.len(), l.clients.len())
	}
}

func TestLoginLimiterMemoryIsBounded(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	w := newFailureWindow(3, time.Minute, 100)
	for i := range 1000 {
		w.add("key-"+strconv.Itoa(i), clock.now())
		clock.advance(time.Millisecond)
	}
	if w.len() != 100 || len(w.keys) != 100 {
		t.Fatalf("%d keys (%d in the map) after 1000 distinct failures, want the cap of 100", w.len(), len(w.keys))
	}
	// The ones kept are the most recent.
	if _, ok := w.keys["key-999"]; !ok {
		t.Fatal("the newest key was evicted")
	}
	if _, ok := w.keys["key-0"]; ok {
		t.Fatal("the oldest key was kept")
	}
	// A key keeps at most limit timestamps however often it fails.
	for range 50 {
		w.add("key-999", clock.now())
	}
	if n := len(w.keys["key-999"].Value.(*failures).at); n != 3 {
		t.Fatalf("a key keeps %d timestamps, want 3", n)
	}
	// Once the window has passed, adding anything drops every old key.
	clock.advance(time.Minute)
	w.add("fresh", clock.now())
	if w.len() != 1 {
		t.Fatalf("%d keys after the window passed, want 1", w.len())
	}
}

func TestClientKey(t *testing.T) {
	for _, tt := range []struct{ ip, want string }{
		{"203.0.113.9", "203.0.113.9"},
		{"::ffff:203.0.113.9", "203.0.113.9"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:bbbb::2", "2001:db8:1:2::/64"}, // same /64, same client
		{"", ""},
	} {
		if got := clientKey(tt.ip); got != tt.want {
			t.Errorf("clientKey(%q) = %q, want %q", tt.ip, got, tt.want)
		}
	}
	if loginAccountKey([]byte(`{"email":" Checker@Desk.TEST "}`)) != loginAccountKey([]byte(`{"email":"checker@desk.test","password":"x"}`)) {
		t.Error("the same account in another case or with spaces is another key")
	}
	if loginAccountKey([]byte(`{"password":"x"}`)) != "" || loginAccountKey([]byte(`not json`)) != "" {
		t.Error("a body without an email has an account key")
	}
}

func TestIPExtractor(t *testing.T) {
	_, proxies, _ := net.ParseCIDR("10.0.0.0/8")
	req := func(remote, xff string) *http.Request {
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote + ":1234"
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		return r
	}
	for _, tt := range []struct {
		name    string
		trusted []*net.IPNet
		remote  string
		xff     string
		want    string
	}{
		{"no proxies: the peer", nil, "203.0.113.5", "198.51.100.1", "203.0.113.5"},
		{"no proxies: loopback is not trusted either", nil, "127.0.0.1", "198.51.100.1", "127.0.0.1"},
		{"through the proxy", []*net.IPNet{proxies}, "10.1.2.3", "198.51.100.1", "198.51.100.1"},
		{"a forged entry left of the proxy's", []*net.IPNet{proxies}, "10.1.2.3", "6.6.6.6, 198.51.100.1", "198.51.100.1"},
		{"two trusted hops", []*net.IPNet{proxies}, "10.1.2.3", "6.6.6.6, 198.51.100.1, 10.9.9.9", "198.51.100.1"},
		{"not from the proxy: header ignored", []*net.IPNet{proxies}, "203.0.113.5", "198.51.100.1", "203.0.113.5"},
		{"private but not configured", []*net.IPNet{proxies}, "192.168.1.1", "198.51.100.1", "192.168.1.1"},
	} {
		if got := ipExtractor(tt.trusted)(req(tt.remote, tt.xff)); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}
