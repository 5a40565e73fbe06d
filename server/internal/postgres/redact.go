package postgres

import (
	"net/url"
	"regexp"
	"strings"
)

// mask replaces every password shown.
const mask = "xxxxx"

// keywordPassword matches password=... in a keyword/value connection string
// ("host=db password='s3 cret' dbname=x"), quoted or not.
var keywordPassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s]*)`)

// Redact returns a connection string fit for a log or an error message:
// the password, whether in a URL's userinfo, in a password= query parameter
// or in a keyword/value string, is replaced by xxxxx. A malformed URL is
// masked generously, from its start up to its last '@', rather than risk
// showing part of a password.
func Redact(conn string) string {
	scheme, rest, isURL := cutScheme(conn)
	if !isURL {
		return keywordPassword.ReplaceAllString(conn, "${1}"+mask)
	}

	// Like libpq, the userinfo ends at the first '@' before any '/'.
	var b strings.Builder
	b.WriteString(scheme)
	if i := strings.IndexAny(rest, "@/"); i >= 0 && rest[i] == '@' {
		user, _, hasPassword := strings.Cut(rest[:i], ":")
		b.WriteString(user)
		if hasPassword {
			b.WriteString(":" + mask)
		}
		b.WriteByte('@')
		rest = rest[i+1:]
	}

	// An '@' left over means a password with an unescaped '/', which libpq
	// would not read as a password either: mask up to the last '@'.
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		b.Reset()
		b.WriteString(scheme + mask + "@")
		rest = rest[at+1:]
	}

	path, query, hasQuery := strings.Cut(rest, "?")
	b.WriteString(path)
	if hasQuery {
		b.WriteByte('?')
		for i, pair := range strings.Split(query, "&") {
			if i > 0 {
				b.WriteByte('&')
			}
			key, _, hasValue := strings.Cut(pair, "=")
			if k, err := url.QueryUnescape(key); hasValue && (err != nil || strings.EqualFold(k, "password")) {
				b.WriteString(key + "=" + mask)
				continue
			}
			b.WriteString(pair)
		}
	}
	return b.String()
}

func cutScheme(conn string) (scheme, rest string, ok bool) {
	for _, s := range []string{"postgres://", "postgresql://"} {
		if len(conn) >= len(s) && strings.EqualFold(conn[:len(s)], s) {
			return conn[:len(s)], conn[len(s):], true
		}
	}
	return "", conn, false
}

// secrets lists the strings in conn that may be a password, as written and
// decoded, so that they can be blanked out of messages that quote them.
func secrets(conn string) []string {
	var found []string
	add := func(s string) {
		if s == "" {
			return
		}
		found = append(found, s)
		if u, err := url.PathUnescape(s); err == nil && u != s {
			found = append(found, u)
		}
	}
	if _, rest, isURL := cutScheme(conn); isURL {
		if at := strings.LastIndexByte(rest, '@'); at >= 0 {
			if _, pw, ok := strings.Cut(rest[:at], ":"); ok {
				add(pw)
			}
		}
		if _, query, ok := strings.Cut(rest, "?"); ok {
			for _, pair := range strings.Split(query, "&") {
				if key, value, ok := strings.Cut(pair, "="); ok && strings.EqualFold(key, "password") {
					add(value)
				}
			}
		}
		return found
	}
	for _, m := range keywordPassword.FindAllStringSubmatch(conn, -1) {
		v := m[2]
		add(v)
		if strings.HasPrefix(v, "'") {
			add(strings.ReplaceAll(strings.Trim(v, "'"), `\'`, "'"))
		}
	}
	return found
}

// hideSecrets wraps err so that its message never shows a password from
// conn (pgx redacts its own messages, but only as well as it can).
func hideSecrets(err error, conn string) error {
	if err == nil {
		return nil
	}
	return &redactedError{err: err, secrets: secrets(conn)}
}

type redactedError struct {
	err     error
	secrets []string
}

func (e *redactedError) Error() string {
	msg := e.err.Error()
	for _, s := range e.secrets {
		msg = strings.ReplaceAll(msg, s, mask)
	}
	return msg
}

func (e *redactedError) Unwrap() error { return e.err }
