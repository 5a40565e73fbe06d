package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/store/storetest"
)

// TestTwoInstancesShareOneStream runs two servers on different ports
// against one database: a write on one reaches a viewer on the other, also
// after the second one's LISTEN connection has been cut (it catches up from
// the events table).
func TestTwoInstancesShareOneStream(t *testing.T) {
	url := storetest.NewURL(t)
	a := start(t, map[string]string{"DATABASE_URL": url, "FACTDESK_DEMO_PASSWORD": "demo-password-1"})
	b := start(t, map[string]string{"DATABASE_URL": url, "FACTDESK_DEMO_PASSWORD": "demo-password-1"})

	writer := login(t, a.URL, "checker@factdesk.example", "demo-password-1")
	viewer := login(t, b.URL, "editor@factdesk.example", "demo-password-1")
	d := websocket.Dialer{Jar: viewer.Jar}
	conn, _, err := d.Dial("ws"+strings.TrimPrefix(b.URL, "http")+"/api/live", http.Header{"Origin": {b.URL}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.WriteJSON(map[string]any{"type": "subscribe", "room": "workspace:demo"})
	readUntil(t, conn, func(m map[string]any) bool { return m["type"] == "subscribed" })

	csrf := csrfToken(t, writer, a.URL)
	post := func(title string) {
		t.Helper()
		req, _ := http.NewRequest("POST", a.URL+"/api/workspaces/demo/articles", strings.NewReader(`{"title":"`+title+`","text":"Body."}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", csrf)
		res, err := writer.Do(req)
		if err != nil || res.StatusCode != 201 {
			t.Fatalf("create on A: %v %v", res, err)
		}
		res.Body.Close()
	}
	seesTitle := func(title string) {
		t.Helper()
		readUntil(t, conn, func(m map[string]any) bool {
			ev, _ := m["event"].(map[string]any)
			p, _ := ev["payload"].(map[string]any)
			return m["type"] == "event" && p["title"] == title
		})
	}
	post("Written on A")
	seesTitle("Written on A")

	// Presence crosses instances too: someone in an article on A is seen by
	// a viewer of that article on B.
	var article struct{ ID string }
	req, _ := http.NewRequest("GET", a.URL+"/api/workspaces/demo/articles", nil)
	res, err := writer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Articles []struct{ ID string } }
	json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	article.ID = list.Articles[0].ID
	room := "article:" + article.ID
	wd := websocket.Dialer{Jar: writer.Jar}
	onA, _, err := wd.Dial("ws"+strings.TrimPrefix(a.URL, "http")+"/api/live", http.Header{"Origin": {a.URL}})
	if err != nil {
		t.Fatal(err)
	}
	defer onA.Close()
	go func() { // keep A's connection reading, so it answers pings
		for {
			if _, _, err := onA.ReadMessage(); err != nil {
				return
			}
		}
	}()
	onA.WriteJSON(map[string]any{"type": "subscribe", "room": room})
	conn.WriteJSON(map[string]any{"type": "subscribe", "room": room})
	readUntil(t, conn, func(m map[string]any) bool {
		members, _ := m["members"].([]any)
		for _, mem := range members {
			u, _ := mem.(map[string]any)["user"].(map[string]any)
			if u["name"] == "Cleo Checker" {
				return m["type"] == "presence"
			}
		}
		return false
	})

	// Cut the listeners' connections; events written meanwhile still arrive.
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cut int
	if err := db.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
		store.ListenerApplicationName).Scan(&cut); err != nil || cut != 2 {
		t.Fatalf("terminated %d listener connections (%v), want 2", cut, err)
	}
	post("Written while B was deaf")
	seesTitle("Written while B was deaf")
}

func readUntil(t *testing.T, conn *websocket.Conn, match func(map[string]any) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		conn.SetReadDeadline(deadline)
		_, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatalf("bad frame %q", line)
			}
			if match(m) {
				return
			}
		}
	}
	t.Fatal("the expected message never came")
}
