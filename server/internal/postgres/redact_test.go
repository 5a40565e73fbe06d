package postgres

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"url without password", "postgres://postgres@127.0.0.1:5432/factdesk?sslmode=disable",
			"postgres://postgres@127.0.0.1:5432/factdesk?sslmode=disable"},
		{"url with password", "postgres://factdesk:s3cret@db:5432/factdesk?sslmode=disable",
			"postgres://factdesk:xxxxx@db:5432/factdesk?sslmode=disable"},
		{"postgresql scheme", "postgresql://u:pw@h/d", "postgresql://u:xxxxx@h/d"},
		{"upper-case scheme", "POSTGRES://u:pw@h/d", "POSTGRES://u:xxxxx@h/d"},
		{"empty password", "postgres://u:@h/d", "postgres://u:xxxxx@h/d"},
		{"escaped password", "postgres://u:p%40ss%2Fw@h/d", "postgres://u:xxxxx@h/d"},
		{"password with ? and #", "postgres://u:p?a#s@h/d", "postgres://u:xxxxx@h/d"},
		{"unescaped / in password", "postgres://u:pa/ss@h/d", "postgres://xxxxx@h/d"},
		{"password in query", "postgres://h/d?user=u&password=pw&sslmode=require",
			"postgres://h/d?user=u&password=xxxxx&sslmode=require"},
		{"escaped key in query", "postgres://h/d?pass%77ord=pw", "postgres://h/d?pass%77ord=xxxxx"},
		{"several hosts", "postgres://u:pw@h1:5432,h2:5433/d", "postgres://u:xxxxx@h1:5432,h2:5433/d"},
		{"unix socket", "postgres://u:pw@/d?host=/var/run/postgresql", "postgres://u:xxxxx@/d?host=/var/run/postgresql"},
		{"keyword/value", "host=db user=u password=pw dbname=d", "host=db user=u password=xxxxx dbname=d"},
		{"keyword/value quoted", "host=db password='p w\\'x' dbname=d", "host=db password=xxxxx dbname=d"},
		{"keyword/value spaced", "host=db password = pw", "host=db password = xxxxx"},
		{"keyword/value no password", "host=db user=u", "host=db user=u"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.in); got != tt.want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestRedactNeverShowsPassword writes awkward passwords every way a
// connection string can hold them and checks that none shows.
func TestRedactNeverShowsPassword(t *testing.T) {
	passwords := []string{"s3cretpw", "p@ssw0rd", "pa/ssword", "pass?word", "pass#word", "pa:ss:word",
		"pass word", "pa'ss", `pa\ss`, "pass%word", "pass&word=1", "@@@@", "////", "p@/?#:x"}
	for _, pw := range passwords {
		forms := []string{
			"postgres://u:" + url.QueryEscape(pw) + "@h:5432/d",
			"postgres://u:" + url.PathEscape(pw) + "@h:5432/d",
			"postgres://u:" + pw + "@h:5432/d",
			"postgres://u:" + pw + "@h:5432/d?password=" + url.QueryEscape(pw),
			"postgres://h/d?password=" + url.QueryEscape(pw),
			"host=h user=u password='" + strings.ReplaceAll(strings.ReplaceAll(pw, `\`, `\\`), "'", `\'`) + "' dbname=d",
		}
		if !strings.ContainsAny(pw, " '\\") {
			forms = append(forms, "host=h password="+pw+" dbname=d")
		}
		for _, in := range forms {
			got := Redact(in)
			for _, secret := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw)} {
				if strings.Contains(got, secret) {
					t.Errorf("Redact(%q) = %q shows the password %q", in, got, secret)
				}
			}
		}
	}
}

func TestHideSecrets(t *testing.T) {
	const conn = "postgres://u:hunter2%21@h/d?password=other-secret"
	inner := errors.New("dial failed for hunter2! and hunter2%21 with other-secret")
	err := hideSecrets(inner, conn)
	for _, secret := range []string{"hunter2", "other-secret"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q shows %q", err, secret)
		}
	}
	if !errors.Is(err, inner) {
		t.Errorf("errors.Is(hideSecrets(err), err) = false; the cause must stay reachable")
	}
	if hideSecrets(nil, conn) != nil {
		t.Errorf("hideSecrets(nil) is not nil")
	}
}
