package config

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 8080 || c.DataDir != "data" || !c.SeedDemo || c.SessionTTL != 720*time.Hour || c.MaxBodyBytes != 4<<20 || c.LogFormat != "json" {
		t.Fatalf("defaults = %+v", c)
	}
	if c.SecureCookies() {
		t.Fatal("cookies are Secure without an https public URL")
	}
}

func TestLoadValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"PORT": "9090", "FACTDESK_PUBLIC_URL": "https://desk.example.org", "FACTDESK_ALLOWED_ORIGINS": "https://a.example, http://b.example:8080",
		"FACTDESK_SEED_DEMO": "false", "FACTDESK_LOG_LEVEL": "debug",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 9090 || !c.SecureCookies() || len(c.AllowedOrigins) != 2 || c.SeedDemo || c.LogLevel.String() != "DEBUG" {
		t.Fatalf("config = %+v", c)
	}
}

func TestLoadNamesEveryBadVariable(t *testing.T) {
	_, err := Load(env(map[string]string{"PORT": "eighty", "FACTDESK_PUBLIC_URL": "desk", "FACTDESK_SESSION_TTL": "1s", "FACTDESK_ALLOWED_ORIGINS": "https://x/y"}))
	if err == nil {
		t.Fatal("bad values accepted")
	}
	for _, name := range []string{"PORT", "FACTDESK_PUBLIC_URL", "FACTDESK_SESSION_TTL", "FACTDESK_ALLOWED_ORIGINS"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}

func TestHelpListsEveryVariable(t *testing.T) {
	var b bytes.Buffer
	PrintHelp(&b)
	for _, v := range Vars {
		if !strings.Contains(b.String(), v.Name) {
			t.Errorf("help does not list %s", v.Name)
		}
	}
}

func TestLoadLimits(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.TrustedProxies != nil || c.ReadHeaderTimeout != 10*time.Second || c.ReadTimeout != time.Minute || c.MaxSocketsPerUser != 20 {
		t.Fatalf("limit defaults = %+v", c)
	}
	c, err = Load(env(map[string]string{
		"FACTDESK_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.7 ,fd00::/8,2001:db8::1", "FACTDESK_READ_HEADER_TIMEOUT": "2s",
		"FACTDESK_READ_TIMEOUT": "30s", "FACTDESK_MAX_SOCKETS_PER_USER": "3",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var nets []string
	for _, n := range c.TrustedProxies {
		nets = append(nets, n.String())
	}
	if strings.Join(nets, ",") != "10.0.0.0/8,192.0.2.7/32,fd00::/8,2001:db8::1/128" {
		t.Fatalf("trusted proxies = %q", nets)
	}
	if c.ReadHeaderTimeout != 2*time.Second || c.ReadTimeout != 30*time.Second || c.MaxSocketsPerUser != 3 {
		t.Fatalf("limits = %+v", c)
	}
	for _, tt := range []struct{ name, value string }{
		{"FACTDESK_TRUSTED_PROXIES", "10.0.0.0/33"},
		{"FACTDESK_TRUSTED_PROXIES", "proxy.internal"},
		{"FACTDESK_READ_HEADER_TIMEOUT", "100ms"},
		{"FACTDESK_READ_HEADER_TIMEOUT", "ten"},
		{"FACTDESK_READ_TIMEOUT", "5s"}, // shorter than the header timeout
		{"FACTDESK_MAX_SOCKETS_PER_USER", "0"},
		{"FACTDESK_MAX_SOCKETS_PER_USER", "many"},
	} {
		if _, err := Load(env(map[string]string{tt.name: tt.value})); err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s=%q: error %v, want one naming the variable", tt.name, tt.value, err)
		}
	}
}

// TestUnsafeMarkdownIsOffUnlessAsked: the test-only switch that turns the
// browser's note sanitizer off is off by default and takes only booleans.
func TestUnsafeMarkdownIsOffUnlessAsked(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  bool
		bad   bool
	}{{"", false, false}, {"false", false, false}, {"0", false, false}, {"1", true, false}, {"true", true, false}, {"yes please", false, true}} {
		c, err := Load(env(map[string]string{"FACTDESK_TEST_UNSAFE_MARKDOWN": tt.value}))
		if tt.bad {
			if err == nil || !strings.Contains(err.Error(), "FACTDESK_TEST_UNSAFE_MARKDOWN") {
				t.Errorf("%q: error %v, want one naming the variable", tt.value, err)
			}
			continue
		}
		if err != nil || c.TestUnsafeMarkdown != tt.want {
			t.Errorf("%q: TestUnsafeMarkdown = %v (%v), want %v", tt.value, c.TestUnsafeMarkdown, err, tt.want)
		}
	}
}
