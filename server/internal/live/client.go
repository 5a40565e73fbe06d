package live

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/store"
)

// Connection limits and timings.
const (
	// sendQueueLen bounds the messages waiting for one client. A client that
	// falls this far behind is disconnected and resumes from its last seq.
	sendQueueLen = 128
	// (catchUpLimit/catchUpFrame items of a catch-up fit in it, with room.)
	// maxMessageBytes bounds a message from the browser.
	maxMessageBytes = 8 << 10
	// maxFrameMessages bounds how many queued messages one frame carries.
	maxFrameMessages = 128
	writeWait        = 10 * time.Second
	// A connection that does not answer a ping within pongWait is dead: it
	// is closed, and its presence disappears, within 5 seconds.
	pongWait   = 4500 * time.Millisecond
	pingPeriod = 2 * time.Second
	// maxMessagesPerSecond bounds what one browser may send; a flood closes
	// its connection.
	maxMessagesPerSecond = 50
	// catchUpLimit is how many missed events a room replays before the
	// client is told to reload instead.
	catchUpLimit = 1000
	// catchUpFrame is how many caught-up messages share one queue item.
	catchUpFrame = 100
)

const (
	closeGoingAway       = websocket.CloseGoingAway
	closePolicyViolation = websocket.ClosePolicyViolation
	closeTryAgainLater   = websocket.CloseTryAgainLater
	closeMessageTooBig   = websocket.CloseMessageTooBig
	closeUnsupportedData = websocket.CloseUnsupportedData
	closeNormalClosure   = websocket.CloseNormalClosure
)

// clientMsg is a message from the browser.
type clientMsg struct {
	Type  string `json:"type"`
	Room  string `json:"room"`
	After *int64 `json:"after"`
	// Presence: what the connection has open, and what it is typing in
	// ("annotation:<id>", "verdict:<id>", …), or null.
	Focus  *string `json:"focus"`
	Typing *string `json:"typing"`
}

// Rooms checks whether a user may join a room. The service implements it.
type Rooms interface {
	JoinRoom(ctx context.Context, user factcheck.User, name string) (service.Room, error)
}

// History reads a room's past events, for catch-up.
type History interface {
	RoomEvents(ctx context.Context, room store.RoomFilter, after, upTo int64, limit int) ([]factcheck.Event, error)
}

type client struct {
	id         string
	hub        *Hub
	conn       *websocket.Conn
	user       factcheck.User
	sessionKey string
	rooms      map[string]*subscription // guarded by hub.mu
	send       chan []byte
	closeOnce  sync.Once
	closing    chan struct{}
	closeCode  int
	closeText  string
	logger     *slog.Logger
	metrics    *Metrics

	// authAt is when the request that opened the connection was
	// authenticated (zero: unknown); counted says it holds one of the
	// user's places under the per-user cap.
	authAt  time.Time
	counted bool

	// presence holds the latest presence message of each room, waiting for
	// the writer; presenceWake tells the writer there is one.
	presenceMu   sync.Mutex
	presence     map[string][]byte
	presenceWake chan struct{}
}

// setPresence keeps msg as the room's latest presence for the writer to
// send, replacing one not sent yet.
func (c *client) setPresence(room string, msg []byte) {
	c.presenceMu.Lock()
	if c.presence == nil {
		c.presence = map[string][]byte{}
	}
	c.presence[room] = msg
	c.presenceMu.Unlock()
	select {
	case c.presenceWake <- struct{}{}:
	default:
	}
}

// takePresence returns the presence messages waiting to be sent.
func (c *client) takePresence() [][]byte {
	c.presenceMu.Lock()
	defer c.presenceMu.Unlock()
	out := make([][]byte, 0, len(c.presence))
	for _, msg := range c.presence {
		out = append(out, msg)
	}
	clear(c.presence)
	return out
}

// enqueue puts msg in the client's queue without waiting. When the queue is
// full the client is disconnected so that it cannot slow anyone else; it
// reconnects and resumes from its last sequence number.
func (c *client) enqueue(msg []byte) bool {
	select {
	case <-c.closing:
		return false
	default:
	}
	select {
	case c.send <- msg:
		return true
	default:
		c.metrics.slowDisconnects.Inc()
		c.close(closeTryAgainLater, "too slow: reconnect and resume")
		return false
	}
}

// close asks the writer to send a close frame with code and stop.
func (c *client) close(code int, text string) {
	c.closeOnce.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.closing)
	})
}

// writeLoop is the only goroutine that writes to the connection. Messages
// that are waiting together go out in one frame, separated by newlines.
func (c *client) writeLoop() {
	ticker := time.NewTicker(pingPeriod)
	defer func() {
		ticker.Stop()
		c.conn.Close()
	}()
	var frame bytes.Buffer
	for {
		select {
		case msg := <-c.send:
			frame.Reset()
			frame.Write(msg)
			for n := 1; n < maxFrameMessages; n++ {
				select {
				case more := <-c.send:
					frame.WriteByte('\n')
					frame.Write(more)
					continue
				default:
				}
				break
			}
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.TextMessage, frame.Bytes()); err != nil {
				c.close(closeGoingAway, "")
				return
			}
		case <-c.presenceWake:
			msgs := c.takePresence()
			if len(msgs) == 0 {
				continue
			}
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.TextMessage, bytes.Join(msgs, []byte("\n"))); err != nil {
				c.close(closeGoingAway, "")
				return
			}
		case <-ticker.C:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				c.close(closeGoingAway, "")
				return
			}
		case <-c.closing:
			msg := websocket.FormatCloseMessage(c.closeCode, c.closeText)
			c.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
			return
		}
	}
}

// readLoop reads the browser's messages until the connection ends.
func (c *client) readLoop(ctx context.Context, rooms Rooms, history History) {
	c.conn.SetReadLimit(maxMessageBytes)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	windowStart, inWindow := time.Now(), 0
	for {
		kind, data, err := c.conn.ReadMessage()
		if err != nil {
			switch {
			case errors.Is(err, websocket.ErrReadLimit):
				c.close(closeMessageTooBig, "message too large")
			default:
				c.close(closeNormalClosure, "")
			}
			return
		}
		if kind != websocket.TextMessage {
			c.close(closeUnsupportedData, "only JSON text messages are accepted")
			return
		}
		now := time.Now()
		c.conn.SetReadDeadline(now.Add(pongWait))
		if now.Sub(windowStart) > time.Second {
			windowStart, inWindow = now, 0
		}
		if inWindow++; inWindow > maxMessagesPerSecond {
			c.close(closePolicyViolation, "too many messages")
			return
		}
		c.handle(ctx, data, rooms, history)
	}
}

func (c *client) sendError(code factcheck.Code, message, room string) {
	c.enqueue(encode(errorMsg{Type: "error", Code: string(code), Message: message, Room: room}))
}

func (c *client) handle(ctx context.Context, data []byte, rooms Rooms, history History) {
	msg, err := DecodeClientMessage(data)
	if err != nil {
		c.sendError(factcheck.CodeBadRequest, err.Error(), "")
		return
	}
	switch msg.Type {
	case "unsubscribe":
		c.hub.leave(c, msg.Room)
	case "presence":
		if !c.hub.setPresence(c, msg.Room, msg.Focus, msg.Typing) {
			c.sendError(factcheck.CodeNotFound, "subscribe to an article or claim room before saying what you do there", msg.Room)
		}
	case "subscribe":
		room, err := rooms.JoinRoom(ctx, c.user, msg.Room)
		if err != nil {
			code := factcheck.ErrorCode(err)
			if code == factcheck.CodeInternal || code == factcheck.CodeUnavailable {
				c.logger.Error("join room", "room", msg.Room, "err", err)
				c.sendError(code, "could not join the room; try again", msg.Room)
				return
			}
			c.sendError(code, "no such room, or you may not read it", msg.Room)
			return
		}
		upTo, ok := c.hub.join(c, room, msg.After != nil)
		if !ok || msg.After == nil {
			return
		}
		after := *msg.After
		missed, err := history.RoomEvents(ctx, room.Filter, after, upTo, catchUpLimit+1)
		if err != nil {
			c.logger.Error("catch up room", "room", room.Name, "err", err)
			c.hub.leave(c, room.Name)
			c.sendError(factcheck.ErrorCode(err), "could not catch up; resubscribe", room.Name)
			return
		}
		tooFar := len(missed) > catchUpLimit
		c.hub.finishJoin(c, room.Name, missed, upTo, tooFar)
	}
}

// DecodeClientMessage parses and checks one message from the browser.
func DecodeClientMessage(data []byte) (clientMsg, error) {
	var msg clientMsg
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&msg); err != nil {
		return clientMsg{}, errors.New("a message must be a JSON object like {\"type\":\"subscribe\",\"room\":\"article:<id>\",\"after\":0}")
	}
	if dec.More() {
		return clientMsg{}, errors.New("send one JSON object per message")
	}
	switch msg.Type {
	case "subscribe", "unsubscribe":
		if msg.Focus != nil || msg.Typing != nil {
			return clientMsg{}, errors.New("focus and typing belong in a presence message")
		}
	case "presence":
		if !validTarget(msg.Focus) || !validTarget(msg.Typing) {
			return clientMsg{}, errors.New("focus and typing are null or like \"annotation:<id>\"")
		}
		if msg.After != nil {
			return clientMsg{}, errors.New("after belongs in a subscribe message")
		}
	default:
		return clientMsg{}, errors.New("type must be subscribe, unsubscribe or presence")
	}
	if msg.Room == "" || len(msg.Room) > 200 {
		return clientMsg{}, errors.New("room is required: workspace:<slug> or article:<id>")
	}
	if msg.After != nil && *msg.After < 0 {
		return clientMsg{}, errors.New("after must be 0 or more")
	}
	return msg, nil
}

func deadline() time.Time { return time.Now().Add(time.Second) }
