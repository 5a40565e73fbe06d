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
