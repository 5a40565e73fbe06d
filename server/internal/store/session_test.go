package store

import (
	"context"
	"testing"
)

func TestSessionSettings(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"postgres://u@h:5432/db?sslmode=disable", "postgres://u@h:5432/db?idle_in_transaction_session_timeout=10s&sslmode=disable"},
		{"host=h user=u dbname=db", "host=h user=u dbname=db idle_in_transaction_session_timeout=10s"},
		{"postgres://h/db?idle_in_transaction_session_timeout=1min", "postgres://h/db?idle_in_transaction_session_timeout=1min"},
	} {
		if got := withSessionSettings(tt.in); got != tt.want {
			t.Errorf("withSessionSettings(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSessionsEndWhenIdleInTransaction checks that PostgreSQL really gets
// the setting: a session that lost its client mid-transaction must not
// hold its locks for ever.
func TestSessionsEndWhenIdleInTransaction(t *testing.T) {
	const url = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	st, err := Open(context.Background(), url, Options{MaxConns: 1})
	if err != nil {
		t.Fatalf("%v (start PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres: see README)", err)
	}
	defer st.Close()
	var got string
	if err := st.db.Raw("SHOW idle_in_transaction_session_timeout").Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if got != "10s" {
		t.Fatalf("idle_in_transaction_session_timeout = %q, want 10s", got)
	}
}
