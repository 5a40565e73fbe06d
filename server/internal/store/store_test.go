package store

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
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

// TestListenerOutlivesQuietSpells checks that the listener's check for a
// silent connection keeps a live one: after several quiet spells it still
// hears notifications, on the same connection.
func TestListenerOutlivesQuietSpells(t *testing.T) {
	defer func(d time.Duration) { listenerQuietSpell = d }(listenerQuietSpell)
	listenerQuietSpell = 100 * time.Millisecond
	const url = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	st, err := Open(context.Background(), url, Options{MaxConns: 2})
	if err != nil {
		t.Fatalf("%v (start PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres: see README)", err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var connects atomic.Int32
	access := make(chan string, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		st.Listen(ctx, ListenHandlers{Wake: func() {}, Presence: func(string) {}, Access: func(p string) { access <- p },
			Connected: func(up bool) {
				if up {
					connects.Add(1)
				}
			}})
	}()
	for connects.Load() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(10 * listenerQuietSpell)
	if err := st.NotifyAccess(ctx, "after-quiet"); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-access:
		if p != "after-quiet" {
			t.Fatalf("got %q", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no notification heard after the quiet spells")
	}
	if n := connects.Load(); n != 1 {
		t.Fatalf("the listener connected %d times: a quiet spell cost it its connection", n)
	}
	cancel()
	<-done
}
