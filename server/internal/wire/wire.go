// Package wire holds the JSON shapes that leave the server: REST responses
// and the payloads of live events are the same documents, described by the
// OpenAPI document in httpapi. Converting from domain types happens here,
// once. Each noun has its file; this one holds what they share.
package wire

import "time"

// Date is a calendar date, written as YYYY-MM-DD.
type Date struct{ time.Time }

// MarshalJSON writes the date without a time.
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.Format(time.DateOnly) + `"`), nil }

// date is an optional date as the API writes it.
func date(t *time.Time) *Date {
	if t == nil {
		return nil
	}
	return &Date{*t}
}

// optional is s, or nil (left out) when empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
