package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// EventsChannel is the channel NOTIFY wakes listeners on. Notifications carry
// no payload: listeners read the events table.
const EventsChannel = "factdesk_events"

// ListenerApplicationName names the LISTEN connection in pg_stat_activity.
const ListenerApplicationName = "factdesk-listener"

// sequencerLock is the advisory lock key that lets one sequencer at a time,
// across every server instance, number events.
const sequencerLock = 0x66616374 // "fact"

// sequenceBatch bounds how many events one sequencer transaction numbers.
const sequenceBatch = 5000

type eventRow struct {
	ID          int64 `gorm:"primaryKey;->"`
	Seq         *int64
	WorkspaceID string
	ArticleID   *string
	ClaimID     *string
	ActorID     *string
	Type        string
	Payload     []byte `gorm:"type:jsonb"`
	CreatedAt   time.Time
}

func (eventRow) TableName() string { return "events" }

type eventView struct {
	Row           eventRow `gorm:"embedded"`
	WorkspaceSlug string
	ActorName     *string
}

func (r eventView) toDomain() factcheck.Event {
	e := factcheck.Event{WorkspaceID: r.Row.WorkspaceID, WorkspaceSlug: r.WorkspaceSlug, Type: r.Row.Type,
		Payload: json.RawMessage(r.Row.Payload), CreatedAt: r.Row.CreatedAt}
	if r.Row.Seq != nil {
		e.Seq = *r.Row.Seq
	}
	if r.Row.ArticleID != nil {
		e.ArticleID = *r.Row.ArticleID
	}
	if r.Row.ClaimID != nil {
		e.ClaimID = *r.Row.ClaimID
	}
	if r.Row.ActorID != nil {
		e.Actor = &factcheck.UserRef{ID: *r.Row.ActorID}
		if r.ActorName != nil {
			e.Actor.Name = *r.ActorName
		}
	}
	return e
}

// AppendEvent records e in the transaction's events. It gets its sequence
// number after commit, from the sequencer.
func (t *Tx) AppendEvent(ctx context.Context, e factcheck.Event) error {
	if !json.Valid(e.Payload) {
		return fmt.Errorf("event %s: payload is not JSON", e.Type)
	}
	var actor *string
	if e.Actor != nil {
		actor = &e.Actor.ID
	}
	// Every write runs this: plain SQL, without GORM's reflection.
	err := t.db.WithContext(ctx).Exec(`INSERT INTO events (workspace_id, article_id, claim_id, actor_id, type, payload, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, e.WorkspaceID, optional(e.ArticleID), optional(e.ClaimID), actor, e.Type, string(e.Payload),
		time.Now().UTC()).Error
	if err != nil {
		return translate(err, "event")
	}
	t.appended = true
	return nil
}

// SequenceEvents numbers committed events that have no sequence number yet,
// densely and in one transaction, under an advisory lock so that only one
// sequencer runs at a time on the whole cluster. Because each batch commits
// before the next one starts, a reader that follows seq upward can never
// see a higher number before a lower one: nothing is skipped. It returns
// how many events it numbered.
func (s *Store) SequenceEvents(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.sequenceBatch(ctx)
		total += n
		if err != nil || n < sequenceBatch {
			return total, err
		}
	}
}

func (s *Store) sequenceBatch(ctx context.Context) (int, error) {
	numbered := 0
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", sequencerLock).Error; err != nil {
			return err
		}
		var ids []int64
		if err := tx.Raw("SELECT id FROM events WHERE seq IS NULL ORDER BY id LIMIT ?", sequenceBatch).Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		var last int64
		if err := tx.Raw("UPDATE event_sequence SET last_seq = last_seq + ? RETURNING last_seq", len(ids)).Scan(&last).Error; err != nil {
			return err
		}
		first := last - int64(len(ids)) + 1
		err := tx.Exec(`UPDATE events e SET seq = ? + v.ord - 1
			FROM unnest(?::bigint[]) WITH ORDINALITY AS v(id, ord) WHERE e.id = v.id`, first, int64Array(ids)).Error
		if err != nil {
			return err
		}
		numbered = len(ids)
		return nil
	})
	if err != nil {
		return 0, translate(err, "event")
	}
	return numbered, nil
}

// LatestSeq returns the highest sequence number given out so far.
func (q queries) LatestSeq(ctx context.Context) (int64, error) {
	var last int64
	err := q.db.WithContext(ctx).Raw("SELECT last_seq FROM event_sequence").Scan(&last).Error
	return last, translate(err, "event")
}

const eventViewSelect = "e.*, w.slug AS workspace_slug, u.name AS actor_name"

func (q queries) eventQuery(ctx context.Context) *gorm.DB {
	return q.db.WithContext(ctx).Table("events e").Select(eventViewSelect).
		Joins("JOIN workspaces w ON w.id = e.workspace_id").
		Joins("LEFT JOIN users u ON u.id = e.actor_id")
}

func scanEvents(db *gorm.DB) ([]factcheck.Event, error) {
	var rows []eventView
	if err := db.Scan(&rows).Error; err != nil {
		return nil, translate(err, "event")
	}
	out := make([]factcheck.Event, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// EventsAfter returns sequenced events with after < seq <= upTo, in order,
// at most limit of them. upTo of 0 means no upper bound.
func (q queries) EventsAfter(ctx context.Context, after, upTo int64, limit int) ([]factcheck.Event, error) {
	db := q.eventQuery(ctx).Where("e.seq > ?", after)
	if upTo > 0 {
		db = db.Where("e.seq <= ?", upTo)
	} else {
		db = db.Where("e.seq IS NOT NULL")
	}
	return scanEvents(db.Order("e.seq").Limit(limit))
}

// RoomFilter selects the events of one room: a workspace's, an article's or
// a claim's.
type RoomFilter struct {
	WorkspaceID string
	ArticleID   string
	ClaimID     string
}

// RoomEvents returns a room's sequenced events with after < seq <= upTo, in
// order, at most limit of them. upTo of 0 means no upper bound.
func (q queries) RoomEvents(ctx context.Context, room RoomFilter, after, upTo int64, limit int) ([]factcheck.Event, error) {
	db := q.eventQuery(ctx)
	switch {
	case room.ArticleID != "":
		db = db.Where("e.article_id = ? AND e.seq IS NOT NULL", room.ArticleID)
	case room.ClaimID != "":
		db = db.Where("e.claim_id = ? AND e.seq IS NOT NULL", room.ClaimID)
	case room.WorkspaceID != "":
		db = db.Where("e.workspace_id = ? AND e.seq IS NOT NULL", room.WorkspaceID)
	default:
		return nil, fmt.Errorf("room filter names no room")
	}
	db = db.Where("e.seq > ?", after)
	if upTo > 0 {
		db = db.Where("e.seq <= ?", upTo)
	}
	return scanEvents(db.Order("e.seq").Limit(limit))
}

// NotifyEvents wakes every listener, in every server instance, to read the
// events table. It runs outside any write transaction: a NOTIFY inside one
// would serialize all commits.
func (s *Store) NotifyEvents(ctx context.Context) error {
	return translate(s.db.WithContext(ctx).Exec("SELECT pg_notify(?, '')", EventsChannel).Error, "notification")
}

// PresenceChannel carries who is where between server instances. Presence
// is never stored: the notification's payload is the message itself.
const PresenceChannel = "factdesk_presence"

// ListenHandlers receive what the LISTEN connection hears.
type ListenHandlers struct {
	// Wake is called for every events notification, and after every
	// (re)connect, since notifications sent while disconnected are lost.
	Wake func()
	// Presence receives the payload of every presence notification.
	Presence func(payload string)
	// Access receives the payload of every access notification.
	Access func(payload string)
	// Connected reports the connection going up and down.
	Connected func(bool)
}

// Listen holds one connection that LISTENs for event and presence
// notifications until ctx ends, reconnecting with backoff.
func (s *Store) Listen(ctx context.Context, h ListenHandlers) error {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		wasUp, err := s.listenOnce(ctx, h)
		h.Connected(false)
		if ctx.Err() != nil {
			break
		}
		if wasUp {
			backoff = 100 * time.Millisecond
		}
		s.logger.Warn("event listener disconnected; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
		case <-time.After(backoff + rand.N(backoff/2)):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
	return nil
}

// listenerQuietSpell is how long the listener waits for a notification
// before it checks that its connection is still alive.
var listenerQuietSpell = 30 * time.Second

func (s *Store) listenOnce(ctx context.Context, h ListenHandlers) (wasUp bool, err error) {
	connectCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	cfg, err := pgx.ParseConfig(s.url)
	if err != nil {
		cancel()
		return false, fmt.Errorf("parse database URL: %w", err)
	}
	cfg.RuntimeParams["application_name"] = ListenerApplicationName
	conn, err := pgx.ConnectConfig(connectCtx, cfg)
	cancel()
	if err != nil {
		return false, fmt.Errorf("connect listener: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, ch := range []string{EventsChannel, PresenceChannel, AccessChannel} {
		if _, err := conn.Exec(ctx, "LISTEN "+ch); err != nil {
			return false, fmt.Errorf("listen: %w", err)
		}
	}
	h.Connected(true)
	h.Wake()
	for {
		// A connection that went silent without being closed would leave
		// us waiting for ever while notifications are lost: after a quiet
		// spell, ask the server for a sign of life, and start over without
		// one.
		waitCtx, cancel := context.WithTimeout(ctx, listenerQuietSpell)
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err = conn.Ping(pingCtx)
			cancel()
			if err == nil {
				continue
			}
			return true, fmt.Errorf("listener connection went silent: %w", err)
		}
		if err != nil {
			return true, fmt.Errorf("wait for notification: %w", err)
		}
		switch n.Channel {
		case PresenceChannel:
			h.Presence(n.Payload)
		case AccessChannel:
			h.Access(n.Payload)
		default:
			h.Wake()
		}
	}
}

// AccessChannel tells every instance that someone's access changed (logged
// out, disabled, removed from a workspace), so that their live connections
// are closed at once; the payload names the user or the session.
const AccessChannel = "factdesk_access"

// NotifyAccess tells every instance, this one included, that access
// changed. Call it after the change committed.
func (s *Store) NotifyAccess(ctx context.Context, payload string) error {
	return translate(s.db.WithContext(ctx).Exec("SELECT pg_notify(?, ?)", AccessChannel, payload).Error, "notification")
}

// NotifyPresence tells the other instances about presence in a room.
func (s *Store) NotifyPresence(ctx context.Context, payload string) error {
	return translate(s.db.WithContext(ctx).Exec("SELECT pg_notify(?, ?)", PresenceChannel, payload).Error, "notification")
}
