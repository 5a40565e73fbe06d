package live

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
)

// Events is what the stream needs from the store.
type Events interface {
	SequenceEvents(ctx context.Context) (int, error)
	EventsAfter(ctx context.Context, after, upTo int64, limit int) ([]factcheck.Event, error)
	NotifyEvents(ctx context.Context) error
	NotifyPresence(ctx context.Context, payload string) error
	Listen(ctx context.Context, h store.ListenHandlers) error
	Committed() <-chan struct{}
}

// pollInterval is the safety net: even with no notification at all (a
// writer crashed between commit and notify), new events go out this soon.
const pollInterval = time.Second

// readBatch bounds one read of the events table.
const readBatch = 1000

// callTimeout bounds each call the stream makes to the database. A
// connection that stops answering without being closed (a peer or a NAT
// that vanished) would otherwise hold the stream, and every live update of
// this instance, for ever; past the deadline pgx drops the connection and
// the next round takes another.
const callTimeout = 5 * time.Second

// Stream follows the events table and feeds the hub.
type Stream struct {
	events Events
	hub    *Hub
	logger *slog.Logger
	wake   chan struct{}
	notify chan struct{}
}

// NewStream returns a stream that feeds hub from events.
func NewStream(events Events, hub *Hub, logger *slog.Logger) *Stream {
	return &Stream{events: events, hub: hub, logger: logger, wake: make(chan struct{}, 1), notify: make(chan struct{}, 1)}
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Run follows the table until ctx ends.
func (s *Stream) Run(ctx context.Context) {
	go s.events.Listen(ctx, store.ListenHandlers{
		Wake:     func() { signal(s.wake) },
		Presence: s.hub.applyAnnouncement,
		Access:   s.hub.applyAccess,
		Connected: func(up bool) {
			if up {
				s.hub.metrics.listener.Set(1)
			} else {
				s.hub.metrics.listener.Set(0)
			}
		},
	})
	go s.notifyLoop(ctx)
	go s.presenceLoop(ctx)
	go s.flushPresenceLoop(ctx)
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.events.Committed():
			// Our own commit: fan it out here at once, and wake the other
			// instances with one NOTIFY per burst of commits.
			signal(s.notify)
		case <-s.wake:
		case <-tick.C:
		}
		s.catchUp(ctx)
	}
}

// notifyLoop sends one NOTIFY per burst of local commits, outside any write
// transaction.
func (s *Stream) notifyLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.notify:
			callCtx, cancel := context.WithTimeout(ctx, callTimeout)
			err := s.events.NotifyEvents(callCtx)
			cancel()
			if err != nil && ctx.Err() == nil {
				s.logger.Warn("notify other instances", "err", err)
			}
		}
	}
}

// presenceLoop tells the other instances who is here: at once when it
// changes, and every announceInterval (their copies expire without it).
func (s *Stream) presenceLoop(ctx context.Context) {
	tick := time.NewTicker(announceInterval)
	defer tick.Stop()
	for {
		all := false
		select {
		case <-ctx.Done():
			return
		case <-s.hub.announce:
		case <-tick.C:
			all = true
			s.hub.expireRemote()
		}
		for _, a := range s.hub.takeAnnouncements(all) {
			payload, err := json.Marshal(a)
			if err != nil || len(payload) > 7900 {
				continue
			}
			callCtx, cancel := context.WithTimeout(ctx, callTimeout)
			err = s.events.NotifyPresence(callCtx, string(payload))
			cancel()
			if err != nil && ctx.Err() == nil {
				s.logger.Warn("announce presence", "err", err)
				break
			}
		}
	}
}

// flushPresenceLoop sends changed rooms' presence to their connections,
// merging the changes of each interval into one message per room.
func (s *Stream) flushPresenceLoop(ctx context.Context) {
	tick := time.NewTicker(presenceFlushInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.hub.FlushPresence()
		}
	}
}

// catchUp numbers what has committed and fans out everything after the
// hub's cursor.
func (s *Stream) catchUp(ctx context.Context) {
	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	_, err := s.events.SequenceEvents(callCtx)
	cancel()
	if err != nil {
		if ctx.Err() == nil {
			s.logger.Warn("sequence events", "err", err)
		}
		return
	}
	for {
		callCtx, cancel := context.WithTimeout(ctx, callTimeout)
		evs, err := s.events.EventsAfter(callCtx, s.hub.Cursor(), 0, readBatch)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				s.logger.Warn("read events", "err", err)
			}
			return
		}
		s.hub.Broadcast(evs)
		if len(evs) < readBatch {
			return
		}
	}
}
