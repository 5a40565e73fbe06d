package store

import (
	"database/sql/driver"
	"fmt"
	"strings"
)

// textArray is a Postgres text[] column.
type textArray []string

// Value encodes the array literal, quoting every element.
func (a textArray) Value() (driver.Value, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for _, r := range s {
			if r == '"' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String(), nil
}

// Scan decodes Postgres's text output of a one-dimensional array.
func (a *textArray) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*a = nil
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("textArray: cannot scan %T", src)
	}
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return fmt.Errorf("textArray: malformed %q", s)
	}
	s = s[1 : len(s)-1]
	out := textArray{}
	for i := 0; i < len(s); {
		var el strings.Builder
		if s[i] == '"' {
			i++
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				el.WriteByte(s[i])
				i++
			}
			i++ // closing quote
		} else {
			j := strings.IndexByte(s[i:], ',')
			if j < 0 {
				j = len(s) - i
			}
			el.WriteString(s[i : i+j])
			i += j
		}
		out = append(out, el.String())
		if i < len(s) && s[i] == ',' {
			i++
		}
	}
	*a = out
	return nil
}
