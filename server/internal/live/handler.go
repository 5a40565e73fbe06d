package live

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

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

// Serve upgrades the request and serves the connection until it ends. The
// caller has authenticated the user; sessionKey identifies the session so
// that logout can close the connection.
func (e *Endpoint) Serve(w http.ResponseWriter, r *http.Request, user factcheck.User, sessionKey string) error {
	conn, err := e.up.Upgrade(w, r, nil)
	if err != nil {
		return nil // the upgrader has answered
	}
	c := &client{
		id: newID(), hub: e.hub, conn: conn, user: user, sessionKey: sessionKey,
		rooms: map[string]*subscription{}, send: make(chan []byte, sendQueueLen), closing: make(chan struct{}),
		presenceWake: make(chan struct{}, 1),
		logger:       e.logger.With("user_id", user.ID), metrics: e.hub.metrics,
	}
	if !e.hub.register(c) {
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
