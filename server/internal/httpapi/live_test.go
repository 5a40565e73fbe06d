package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

type liveMsg struct {
	Members []struct {
		ID     string
		User   struct{ ID, Name string }
		Focus  *string
		Typing *string
	}
	Type    string
	Room    string
	Seq     int64
	Code    string
	Message string
	Event   struct {
		Seq       int64
		Type      string
		Workspace string
		ArticleID *string
		Actor     struct{ Name string }
		Payload   json.RawMessage
	}
}

type liveConn struct {
	t       testing.TB
	conn    *websocket.Conn
	pending []liveMsg
}

// dial opens the live websocket as c's user, from origin (empty: the
// server's own).
func (c *client) dial(origin string) (*liveConn, *http.Response, error) {
	u := "ws" + strings.TrimPrefix(c.ts.URL, "http") + "/api/live"
	h := http.Header{}
	if origin == "" {
		origin = c.ts.URL
	}
	h.Set("Origin", origin)
	d := websocket.Dialer{Jar: c.http.Jar, HandshakeTimeout: 5 * time.Second}
	conn, res, err := d.Dial(u, h)
	if err != nil {
		return nil, res, err
	}
	lc := &liveConn{t: c.t, conn: conn}
	c.t.Cleanup(func() { conn.Close() })
	return lc, res, nil
}

func (c *client) mustDial() *liveConn {
	c.t.Helper()
	lc, res, err := c.dial("")
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		c.t.Fatalf("dial live: %v (status %d)", err, status)
	}
	return lc
}

func (l *liveConn) send(v any) {
	l.t.Helper()
	if err := l.conn.WriteJSON(v); err != nil {
		l.t.Fatal(err)
	}
}

// next returns the next message, reading a frame (which may carry several,
// one per line) when none is waiting.
func (l *liveConn) next() (liveMsg, error) {
	for len(l.pending) == 0 {
		l.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, data, err := l.conn.ReadMessage()
		if err != nil {
			return liveMsg{}, err
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			var m liveMsg
			if err := json.Unmarshal(line, &m); err != nil {
				l.t.Fatalf("frame line %q is not JSON: %v", line, err)
			}
			l.pending = append(l.pending, m)
		}
	}
	m := l.pending[0]
	l.pending = l.pending[1:]
	return m, nil
}

func (l *liveConn) mustNext() liveMsg {
	l.t.Helper()
	m, err := l.next()
	if err != nil {
		l.t.Fatalf("read live message: %v", err)
	}
	return m
}

// expect reads messages until one of type typ arrives, failing on errors.
func (l *liveConn) expect(typ string) liveMsg {
	l.t.Helper()
	for {
		m := l.mustNext()
		if m.Type == typ {
			return m
		}
		if m.Type == "error" {
			l.t.Fatalf("live error while waiting for %s: %+v", typ, m)
		}
	}
}

// expectEvent reads messages until an event of type typ arrives. Events the
// client's state already reflected may come first (a state read can include
// changes whose events are numbered just after it); clients apply those
// idempotently, and so do these tests.
func (l *liveConn) expectEvent(typ string) liveMsg {
	l.t.Helper()
	for {
		m := l.expect("event")
		if m.Event.Type == typ {
			return m
		}
	}
}

// expectClose reads until the connection closes and returns how.
func (l *liveConn) expectClose() error {
	l.t.Helper()
	for range 100 {
		if _, err := l.next(); err != nil {
			return err
		}
	}
	l.t.Fatal("the connection stayed open")
	return nil
}

func articleSeq(t *testing.T, c *client, id string) int64 {
	t.Helper()
	var d struct{ Seq int64 }
	c.do("GET", "/api/articles/"+id, nil, nil).decode(&d)
	return d.Seq
}

func annotate(t *testing.T, c *client, id, version, exact string) {
	t.Helper()
	res := c.do("POST", "/api/articles/"+id+"/annotations", map[string]any{"articleVersionId": version, "selectors": selectorsFor(exact), "body": "note on " + exact}, nil)
	if res.Status != 201 {
		t.Fatalf("annotate: %d %s", res.Status, res.Body)
	}
}

func TestLiveAnnotationReachesOtherViewers(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	id, version := createArticle(t, checker, "desk")

	ws := editor.mustDial()
	ws.send(map[string]any{"type": "subscribe", "room": "article:" + id, "after": articleSeq(t, editor, id)})
	ws.expect("subscribed")
	annotate(t, checker, id, version, "30,000 emails")
	m := ws.expectEvent("annotation.created")
	var payload struct {
		Selectors struct{ Quote struct{ Exact string } }
		Body      string
	}
	json.Unmarshal(m.Event.Payload, &payload)
	if m.Room != "article:"+id || m.Event.Type != "annotation.created" || payload.Selectors.Quote.Exact != "30,000 emails" ||
		payload.Body != "note on 30,000 emails" || m.Event.Actor.Name != "checker of desk" || m.Event.Workspace != "desk" {
		t.Fatalf("event = %+v, payload %s", m, m.Event.Payload)
	}
}

func TestLiveResumeDeliversExactlyTheMissedEvents(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	id, version := createArticle(t, checker, "desk")
	annotate(t, checker, id, version, "senator")
	// A state read may already reflect events that are not numbered yet
	// (clients apply those idempotently); wait until both are numbered so
	// that the expectation below is exact.
	waitForCursor(t, ts, 2)
	last := articleSeq(t, editor, id)

	// While the editor is away, three highlights are made, and one in
	// another article that must not come along.
	for _, exact := range []string{"30,000", "emails", "missing"} {
		annotate(t, checker, id, version, exact)
	}
	other, otherVersion := createArticle(t, checker, "desk")
	annotate(t, checker, other, otherVersion, "Others")
	waitForCursor(t, ts, last+5)

	ws := editor.mustDial()
	ws.send(map[string]any{"type": "subscribe", "room": "article:" + id, "after": last})
	var got []string
	var prev int64 = last
	for {
		m := ws.mustNext()
		if m.Type == "subscribed" {
			break
		}
		if m.Type == "presence" {
			continue
		}
		if m.Type != "event" {
			t.Fatalf("unexpected %+v", m)
		}
		if m.Event.Seq <= prev {
			t.Fatalf("seq %d after %d: duplicate or out of order", m.Event.Seq, prev)
		}
		prev = m.Event.Seq
		var p struct {
			Selectors struct{ Quote struct{ Exact string } }
		}
		json.Unmarshal(m.Event.Payload, &p)
		got = append(got, p.Selectors.Quote.Exact)
	}
	if strings.Join(got, ",") != "30,000,emails,missing" {
		t.Fatalf("resumed with %q, want exactly the three missed highlights in order", got)
	}
	// And then it is live.
	annotate(t, checker, id, version, "number")
	if m := ws.expectEvent("annotation.created"); m.Event.Seq <= prev {
		t.Fatalf("live event seq %d not after %d", m.Event.Seq, prev)
	}
}

func TestLiveRefusals(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	outsider := ts.login(t, "checker@other.test")
	id, version := createArticle(t, checker, "desk")

	t.Run("no session", func(t *testing.T) {
		_, res, err := ts.anonymous(t).dial("")
		if err == nil || res == nil || res.StatusCode != 401 {
			t.Fatalf("anonymous handshake: %v %v, want 401", err, res)
		}
	})
	t.Run("cross-site page", func(t *testing.T) {
		checker.t = t
		_, res, err := checker.dial("https://evil.example")
		if err == nil || res == nil || res.StatusCode != 403 {
			t.Fatalf("cross-site handshake: %v %v, want 403", err, res)
		}
	})
	t.Run("allowed origin", func(t *testing.T) {
		checker.t = t
		if _, _, err := checker.dial("https://allowed.example"); err != nil {
			t.Fatalf("configured origin refused: %v", err)
		}
	})
	t.Run("another workspace's article", func(t *testing.T) {
		outsider.t = t
		ws := outsider.mustDial()
		ws.send(map[string]any{"type": "subscribe", "room": "article:" + id, "after": 0})
		ws.send(map[string]any{"type": "subscribe", "room": "workspace:desk"})
		for range 2 {
			if m := ws.mustNext(); m.Type != "error" || m.Code != "not_found" {
				t.Fatalf("outsider subscribe: %+v, want not_found", m)
			}
		}
		// Nothing of desk reaches the outsider.
		checker.t = t
		annotate(t, checker, id, version, "emails")
		ws.send(map[string]any{"type": "subscribe", "room": "workspace:other"})
		if m := ws.mustNext(); m.Type != "subscribed" || m.Room != "workspace:other" {
			t.Fatalf("after desk's write the outsider got %+v", m)
		}
	})
	t.Run("bad messages", func(t *testing.T) {
		checker.t = t
		ws := checker.mustDial()
		for _, bad := range []string{`not json`, `{"type":"dance"}`, `{"type":"subscribe"}`, `{"type":"subscribe","room":"galaxy:x"}`, `{"type":"subscribe","room":"article:1","extra":1}`, `{"type":"subscribe","room":"workspace:desk","after":-4}`} {
			ws.conn.WriteMessage(websocket.TextMessage, []byte(bad))
			if m := ws.mustNext(); m.Type != "error" {
				t.Fatalf("%s: got %+v, want an error message", bad, m)
			}
		}
		// Still serving after all that.
		ws.send(map[string]any{"type": "subscribe", "room": "workspace:desk"})
		ws.expect("subscribed")
		// A message over the limit closes with 1009.
		ws.conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"subscribe","room":"`+strings.Repeat("x", 9000)+`"}`))
		err := ws.expectClose()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.CloseMessageTooBig {
			t.Fatalf("oversized message: %v, want close 1009", err)
		}
	})
	t.Run("logout closes the socket", func(t *testing.T) {
		c := ts.login(t, "editor@desk.test")
		ws := c.mustDial()
		ws.send(map[string]any{"type": "subscribe", "room": "workspace:desk"})
		ws.expect("subscribed")
		c.do("DELETE", "/api/session", nil, nil)
		err := ws.expectClose()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
			t.Fatalf("after logout: %v, want close 1008", err)
		}
	})
}

// presenceNames waits for a presence message of room satisfying want and
// returns its members' names.
func (l *liveConn) presence(room string, want func(names []string, typing []string) bool) {
	l.t.Helper()
	for {
		m := l.expect("presence")
		if m.Room != room {
			continue
		}
		var names, typing []string
		for _, mem := range m.Members {
			names = append(names, mem.User.Name)
			if mem.Typing != nil {
				typing = append(typing, mem.User.Name+"@"+*mem.Typing)
			}
		}
		if want(sortStrings(names), typing) {
			return
		}
	}
}

func TestLivePresence(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	id, version := createArticle(t, checker, "desk")
	room := "article:" + id
	a := mustAnnotate(t, checker, id, version, "30,000 emails", nil)

	cw := checker.mustDial()
	cw.send(map[string]any{"type": "subscribe", "room": room, "after": 0})
	cw.presence(room, func(names, _ []string) bool { return strings.Join(names, ",") == "checker of desk" })

	ew := editor.mustDial()
	ew.send(map[string]any{"type": "subscribe", "room": room, "after": 0})
	both := func(names, _ []string) bool { return strings.Join(names, ",") == "checker of desk,editor of desk" }
	ew.presence(room, both)
	cw.presence(room, both)

	// The editor types in the checker's note: the checker sees who.
	ew.send(map[string]any{"type": "presence", "room": room, "focus": "annotation:" + a.ID, "typing": "annotation:" + a.ID})
	cw.presence(room, func(_, typing []string) bool {
		return len(typing) == 1 && typing[0] == "editor of desk@annotation:"+a.ID
	})

	// Presence only in rooms one has joined, and only with known targets.
	ew.send(map[string]any{"type": "presence", "room": "article:00000000-0000-4000-8000-000000000000", "focus": nil})
	if m := ew.expect("error"); m.Code != "not_found" {
		t.Fatalf("presence in a room not joined: %+v", m)
	}
	ew.conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"presence","room":"`+room+`","focus":"<img src=x onerror=alert(1)>"}`))
	if m := ew.expect("error"); m.Code != "bad_request" {
		t.Fatalf("presence with a bad target: %+v", m)
	}

	// The editor's connection goes away: the checker sees them leave.
	ew.conn.Close()
	cw.presence(room, func(names, _ []string) bool { return strings.Join(names, ",") == "checker of desk" })

	// A connection that stops answering (it no longer reads, so it answers
	// no ping) is found dead and disappears too.
	dead := ts.login(t, "viewer@desk.test").mustDial()
	dead.send(map[string]any{"type": "subscribe", "room": room})
	cw.presence(room, func(names, _ []string) bool { return strings.Join(names, ",") == "checker of desk,viewer of desk" })
	cw.presence(room, func(names, _ []string) bool { return strings.Join(names, ",") == "checker of desk" })
}

func TestAccessChangesCloseSockets(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.login(t, "admin@desk.test")
	checker := ts.login(t, "checker@desk.test")
	var members struct {
		Members []struct{ ID, Name, Role string }
	}
	admin.do("GET", "/api/workspaces/desk/members", nil, nil).decode(&members)
	ids := map[string]string{}
	for _, m := range members.Members {
		ids[m.Name] = m.ID
	}
	if len(ids) != 4 {
		t.Fatalf("members = %+v", members)
	}
	for _, tt := range []struct {
		name   string
		c      *client
		method string
		user   string
		body   any
		want   int
	}{
		{"checker may not manage", checker, "PUT", ids["viewer of desk"], map[string]string{"role": "editor"}, 403},
		{"admin may not demote themselves", admin, "PUT", ids["admin of desk"], map[string]string{"role": "viewer"}, 409},
		{"admin may not remove themselves", admin, "DELETE", ids["admin of desk"], nil, 409},
		{"unknown role", admin, "PUT", ids["viewer of desk"], map[string]string{"role": "owner"}, 422},
		{"not a member", admin, "DELETE", "00000000-0000-4000-8000-000000000000", nil, 404},
		{"promote the viewer", admin, "PUT", ids["viewer of desk"], map[string]string{"role": "checker"}, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.t = t
			if res := tt.c.do(tt.method, "/api/workspaces/desk/members/"+tt.user, tt.body, nil); res.Status != tt.want {
				t.Fatalf("got %d %s, want %d", res.Status, res.Body, tt.want)
			}
		})
	}
	admin.t, checker.t = t, t

	// Removing the checker closes their socket and ends their access.
	ws := checker.mustDial()
	ws.send(map[string]any{"type": "subscribe", "room": "workspace:desk"})
	ws.expect("subscribed")
	if res := admin.do("DELETE", "/api/workspaces/desk/members/"+ids["checker of desk"], nil, nil); res.Status != 204 {
		t.Fatalf("remove: %d %s", res.Status, res.Body)
	}
	var ce *websocket.CloseError
	if err := ws.expectClose(); !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
		t.Fatalf("the removed member's socket: %v, want close 1008", err)
	}
	if res := checker.do("GET", "/api/workspaces/desk/articles", nil, nil); res.Status != 404 {
		t.Fatalf("the removed member still reads the desk: %d", res.Status)
	}
	// Reconnected, they cannot rejoin the room.
	again := checker.mustDial()
	again.send(map[string]any{"type": "subscribe", "room": "workspace:desk"})
	if m := again.expect("error"); m.Code != "not_found" {
		t.Fatalf("rejoin after removal: %+v", m)
	}
}
