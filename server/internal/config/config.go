// Package config reads Factdesk's configuration from environment variables
// into a checked Config value. Every variable is listed in one table, which
// also prints the help of `factdesk serve --help` and the README's list.
package config

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Config is the server's configuration.
type Config struct {
	Port               int
	DatabaseURL        string
	DataDir            string
	LocalPostgres      string
	PublicURL          *url.URL
	AllowedOrigins     []string
	ImportAllowPrivate bool
	ImportTimeout      time.Duration
	SeedDemo           bool
	DemoPassword       string
	SessionTTL         time.Duration
	MaxBodyBytes       int64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// is believed; without any, the client is the connection's peer.
	TrustedProxies []*net.IPNet
	// MetricsToken lets a scraper elsewhere read /metrics.
	MetricsToken      string
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	RequestTimeout    time.Duration
	MaxSocketsPerUser int
	ShutdownTimeout   time.Duration
	LogLevel          slog.Level
	LogFormat         string
	// TestUnsafeMarkdown turns the browser's Markdown sanitizer off, for
	// the test that proves the Content-Security-Policy alone stops script.
	TestUnsafeMarkdown bool
}

// Var describes one environment variable.
type Var struct {
	Name    string
	Default string
	Help    string
	set     func(c *Config, v string) error
}

// Vars lists every variable the server reads, in the order help shows them.
var Vars = []Var{
	{"PORT", "8080", "TCP port to serve HTTP on (0 picks a free one)", func(c *Config, v string) (err error) {
		c.Port, err = strconv.Atoi(v)
		if err == nil && (c.Port < 0 || c.Port > 65535) {
			err = fmt.Errorf("must be 0-65535")
		}
		return err
	}},
	{"DATABASE_URL", "", "PostgreSQL URL; when unset, the Postgres on 127.0.0.1:5432 is used, else a private cluster under FACTDESK_DATA_DIR", func(c *Config, v string) error {
		c.DatabaseURL = v
		return nil
	}},
	{"FACTDESK_DATA_DIR", "data", "folder for local state; the private PostgreSQL cluster lives in its postgres/ subfolder", func(c *Config, v string) error {
		if v == "" {
			return fmt.Errorf("must not be empty")
		}
		c.DataDir = v
		return nil
	}},
	{"FACTDESK_LOCAL_POSTGRES", "127.0.0.1:5432", "host:port of a PostgreSQL on this machine to try (as user postgres) when DATABASE_URL is unset", func(c *Config, v string) error {
		c.LocalPostgres = v
		return nil
	}},
	{"FACTDESK_PUBLIC_URL", "", "the URL people reach Factdesk at (e.g. https://desk.example.org); https makes session cookies Secure and its origin is allowed", func(c *Config, v string) error {
		if v == "" {
			return nil
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("must be an absolute http(s) URL")
		}
		c.PublicURL = u
		return nil
	}},
	{"FACTDESK_ALLOWED_ORIGINS", "", "comma-separated extra origins allowed to open the websocket and send requests (the server's own origin always is)", func(c *Config, v string) error {
		c.AllowedOrigins = nil
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				u, err := url.Parse(o)
				if err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
					return fmt.Errorf("%q is not an origin like https://desk.example.org", o)
				}
				c.AllowedOrigins = append(c.AllowedOrigins, strings.ToLower(o))
			}
		}
		return nil
	}},
	{"FACTDESK_IMPORT_ALLOW_PRIVATE", "false", "let URL imports fetch from loopback, private and link-local addresses (an intranet); off, they are refused", func(c *Config, v string) (err error) {
		c.ImportAllowPrivate, err = strconv.ParseBool(v)
		return err
	}},
	{"FACTDESK_IMPORT_TIMEOUT", "10s", "how long a URL import may take to fetch its page", func(c *Config, v string) (err error) {
		c.ImportTimeout, err = time.ParseDuration(v)
		if err == nil && (c.ImportTimeout < time.Second || c.ImportTimeout > 5*time.Minute) {
			err = fmt.Errorf("must be between 1s and 5m")
		}
		return err
	}},
	{"FACTDESK_SEED_DEMO", "true", "on a first start (no workspace yet), create the demo workspace and print its logins", func(c *Config, v string) (err error) {
		c.SeedDemo, err = strconv.ParseBool(v)
		return err
	}},
	{"FACTDESK_DEMO_PASSWORD", "", "password for the seeded demo accounts (random when unset; for tests and demos only)", func(c *Config, v string) error {
		if v != "" && len(v) < 10 {
			return fmt.Errorf("must have at least 10 characters")
		}
		c.DemoPassword = v
		return nil
	}},
	{"FACTDESK_SESSION_TTL", "720h", "how long an unused session stays valid", func(c *Config, v string) (err error) {
		c.SessionTTL, err = time.ParseDuration(v)
		if err == nil && c.SessionTTL < time.Minute {
			err = fmt.Errorf("must be at least 1m")
		}
		return err
	}},
	{"FACTDESK_MAX_BODY_BYTES", "4194304", "largest request body accepted; larger ones get 413", func(c *Config, v string) (err error) {
		c.MaxBodyBytes, err = strconv.ParseInt(v, 10, 64)
		if err == nil && c.MaxBodyBytes < 1024 {
			err = fmt.Errorf("must be at least 1024")
		}
		return err
	}},
	{"FACTDESK_METRICS_TOKEN", "", "bearer token that lets a scraper on another machine read /metrics (Authorization: Bearer <token>, at least 20 characters); unset, /metrics answers only connections from this machine", func(c *Config, v string) error {
		if v != "" && len(v) < 20 {
			return fmt.Errorf("must have at least 20 characters")
		}
		c.MetricsToken = v
		return nil
	}},
	{"FACTDESK_TRUSTED_PROXIES", "", "comma-separated addresses or CIDRs (e.g. 10.0.0.5,fd00::/8) of reverse proxies whose X-Forwarded-For names the client; unset, the connecting address is the client (login limits are per client)", func(c *Config, v string) error {
		c.TrustedProxies = nil
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			n, err := parseNetwork(p)
			if err != nil {
				return err
			}
			c.TrustedProxies = append(c.TrustedProxies, n)
		}
		return nil
	}},
	{"FACTDESK_READ_HEADER_TIMEOUT", "10s", "how long a client may take to send a request's headers before its connection is closed (slow clients cannot hold the server)", func(c *Config, v string) (err error) {
		c.ReadHeaderTimeout, err = time.ParseDuration(v)
		if err == nil && (c.ReadHeaderTimeout < time.Second || c.ReadHeaderTimeout > 5*time.Minute) {
			err = fmt.Errorf("must be between 1s and 5m")
		}
		return err
	}},
	{"FACTDESK_READ_TIMEOUT", "1m", "how long a client may take to send a whole request, body included (at least FACTDESK_READ_HEADER_TIMEOUT)", func(c *Config, v string) (err error) {
		c.ReadTimeout, err = time.ParseDuration(v)
		if err == nil && (c.ReadTimeout < time.Second || c.ReadTimeout > time.Hour) {
			err = fmt.Errorf("must be between 1s and 1h")
		}
		return err
	}},
	{"FACTDESK_REQUEST_TIMEOUT", "30s", "how long a request may take before it ends with 503, however long the database takes to answer (the live websocket is not a request)", func(c *Config, v string) (err error) {
		c.RequestTimeout, err = time.ParseDuration(v)
		if err == nil && (c.RequestTimeout < time.Second || c.RequestTimeout > 10*time.Minute) {
			err = fmt.Errorf("must be between 1s and 10m")
		}
		return err
	}},
	{"FACTDESK_MAX_SOCKETS_PER_USER", "20", "live websockets one user may have open on one server instance; the next is refused with 429", func(c *Config, v string) (err error) {
		c.MaxSocketsPerUser, err = strconv.Atoi(v)
		if err == nil && (c.MaxSocketsPerUser < 1 || c.MaxSocketsPerUser > 1_000_000) {
			err = fmt.Errorf("must be between 1 and 1000000")
		}
		return err
	}},
	{"FACTDESK_SHUTDOWN_TIMEOUT", "15s", "how long a graceful shutdown waits for requests in flight", func(c *Config, v string) (err error) {
		c.ShutdownTimeout, err = time.ParseDuration(v)
		return err
	}},
	{"FACTDESK_LOG_LEVEL", "info", "debug, info, warn or error", func(c *Config, v string) error {
		return c.LogLevel.UnmarshalText([]byte(v))
	}},
	{"FACTDESK_LOG_FORMAT", "json", "json, or text for reading in a terminal", func(c *Config, v string) error {
		if v != "json" && v != "text" {
			return fmt.Errorf("must be json or text")
		}
		c.LogFormat = v
		return nil
	}},
	{"FACTDESK_TEST_UNSAFE_MARKDOWN", "false", "tests only: render notes' Markdown without sanitizing, to prove the CSP alone stops script (logged as a warning at startup; never set it for real users)", func(c *Config, v string) (err error) {
		c.TestUnsafeMarkdown, err = strconv.ParseBool(v)
		return err
	}},
}

// Load reads the configuration through getenv. It reports every bad value,
// naming each variable.
func Load(getenv func(string) string) (Config, error) {
	var c Config
	var problems []string
	for _, v := range Vars {
		val := getenv(v.Name)
		if val == "" {
			val = v.Default
		}
		if err := v.set(&c, val); err != nil {
			problems = append(problems, fmt.Sprintf("%s=%q: %v", v.Name, val, err))
		}
	}
	if len(problems) == 0 && c.ReadTimeout < c.ReadHeaderTimeout {
		problems = append(problems, fmt.Sprintf("FACTDESK_READ_TIMEOUT=%s: must be at least FACTDESK_READ_HEADER_TIMEOUT (%s)", c.ReadTimeout, c.ReadHeaderTimeout))
	}
	if len(problems) > 0 {
		return Config{}, fmt.Errorf("bad configuration: %s", strings.Join(problems, "; "))
	}
	return c, nil
}

// parseNetwork reads a CIDR, or a single address as a network of one.
func parseNetwork(s string) (*net.IPNet, error) {
	if strings.Contains(s, "/") {
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a CIDR like 10.0.0.0/8", s)
		}
		return n, nil
	}
	ip := net.ParseIP(s)
	if ip == nil {
		return nil, fmt.Errorf("%q is not an address or a CIDR like 10.0.0.0/8", s)
	}
	if ip4 := ip.To4(); ip4 != nil {
		return &net.IPNet{IP: ip4, Mask: net.CIDRMask(32, 32)}, nil
	}
	return &net.IPNet{IP: ip, Mask: net.CIDRMask(128, 128)}, nil
}

// SecureCookies reports whether session cookies must be Secure for every
// request, because the public URL is https.
func (c Config) SecureCookies() bool { return c.PublicURL != nil && c.PublicURL.Scheme == "https" }

// PrintHelp writes the variables, their defaults and what they do.
func PrintHelp(w io.Writer) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIABLE\tDEFAULT\tMEANING")
	for _, v := range Vars {
		def := v.Default
		if def == "" {
			def = "(unset)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", v.Name, def, v.Help)
	}
	tw.Flush()
}
