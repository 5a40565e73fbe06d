package live

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Endpoint upgrades authenticated requests to live connections.
type Endpoint struct {
	hub     *Hub
	rooms   Rooms
	history History
	logger  *slog.Logger
	up      websocket.Upgrader
	// ctx ends when the server stops; connections' work is bound to it.
	ctx context.Context
}

// NewEndpoint returns the websocket endpoint. checkOrigin decides which
// pages may open a connection with the user's cookie.
func NewEndpoint(ctx context.Context, hub *Hub, rooms Rooms, history History, checkOrigin func(*http.Request) bool, logger *slog.Logger) *Endpoint {
	return &Endpoint{
		hub: hub, rooms: rooms, history: history, logger: logger, ctx: ctx,
		up: websocket.Upgrader{
			// Reads use a small buffer of the connection's own (messages from
			// browsers are small); write buffers are borrowed from a pool only
			// while a frame is written.
			ReadBufferSize: 1024, WriteBufferSize: 4096, WriteBufferPool: &sync.Pool{}, CheckOrigin: checkOrigin,
			// Refusals are answered by the caller; the upgrader answers only
			// protocol errors.
			Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
				http.Error(w, reason.Error(), status)
			},
		},
	}
}

type authTimeKey struct{}

// WithAuthTime records in ctx when the request's session was checked. A
// connection whose session or user is dropped after that moment, even
// while it is still being opened, is closed.
func WithAuthTime(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, authTimeKey{}, t)
}

// socketsRetryAfter is the Retry-After, in seconds, of a connection refused
// because the user has too many open.
const socketsRetryAfter = "10"

// Serve upgrades the request and serves the connection until it ends. The
// caller has authenticated the user; sessionKey identifies the session so
// that logout can close the connection. A user who has as many connections
// open on this instance as allowed gets 429 instead, before any upgrade:
// a refused socket costs no goroutine, and the browser retries with
// backoff as after any failed connection.
func (e *Endpoint) Serve(w http.ResponseWriter, r *http.Request, user factcheck.User, sessionKey string) error {
	authAt, ok := r.Context().Value(authTimeKey{}).(time.Time)
	if !ok {
		authAt = time.Now() // later than the real check: still safe
	}
	if !e.hub.reserve(user.ID) {
		w.Header().Set("Retry-After", socketsRetryAfter)
		return factcheck.Errorf(factcheck.CodeTooManyRequests, "you have too many live connections open; close some Factdesk tabs")
	}
	conn, err := e.up.Upgrade(w, r, nil)
	if err != nil {
		e.hub.release(user.ID)
		return nil // the upgrader has answered
	}
	c := &client{
		id: newID(), hub: e.hub, conn: conn, user: user, sessionKey: sessionKey, authAt: authAt, counted: true,
		rooms: map[string]*subscription{}, send: make(chan []byte, sendQueueLen), closing: make(chan struct{}),
		presenceWake: make(chan struct{}, 1),
		logger:       e.logger.With("user_id", user.ID), metrics: e.hub.metrics,
	}
	if !e.hub.register(c) {
		e.hub.release(user.ID)
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(closeGoingAway, "server shutting down"), deadline())
		conn.Close()
		return nil
	}
	// The connection is hijacked: the HTTP handler returns now, and its deep
	// stack with it; the reader lives on in a goroutine of its own with a
	// shallow one. An idle connection costs its two small stacks.
	go c.writeLoop()
	go func() {
		c.readLoop(e.ctx, e.rooms, e.history)
		e.hub.unregister(c)
	}()
	return nil
}
