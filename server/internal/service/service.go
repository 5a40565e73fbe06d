// Package service holds Factdesk's use cases. Each one authorizes the
// member, validates the input, and runs one transaction that writes the
// change together with the event that records it.
package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/ingest"
	"github.com/factdesk/factdesk/server/internal/password"
	"github.com/factdesk/factdesk/server/internal/store"
)

// Options configure the service.
type Options struct {
	// SessionTTL is how long a session lives without being used.
	SessionTTL time.Duration
	// PasswordParams are the Argon2id costs for new hashes.
	PasswordParams password.Params
	// Fetcher fetches articles imported by URL.
	Fetcher Fetcher
	Logger  *slog.Logger
}

// Fetcher fetches a web page and extracts its article.
type Fetcher interface {
	Fetch(ctx context.Context, rawURL string) (ingest.Document, error)
}

// Service runs Factdesk's use cases against the store.
type Service struct {
	store      *store.Store
	logger     *slog.Logger
	sessionTTL time.Duration
	pwParams   password.Params
	fetcher    Fetcher
	texts      versionTexts
	// dummyHash is verified against when an email is unknown, so that a
	// login for an unknown user takes as long as one with a wrong password.
	dummyHash string
}

// New returns a Service on st.
func New(st *store.Store, opts Options) (*Service, error) {
	if opts.SessionTTL == 0 {
		opts.SessionTTL = 30 * 24 * time.Hour
	}
	if opts.PasswordParams == (password.Params{}) {
		opts.PasswordParams = password.OWASP
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	dummy, err := password.Hash(uuid.NewString(), opts.PasswordParams)
	if err != nil {
		return nil, err
	}
	if opts.Fetcher == nil {
		opts.Fetcher = ingest.NewFetcher(ingest.FetchOptions{})
	}
	return &Service{store: st, logger: opts.Logger, sessionTTL: opts.SessionTTL, pwParams: opts.PasswordParams, dummyHash: dummy,
		fetcher: opts.Fetcher}, nil
}

// validID reports whether id can name a record. Malformed ids are simply
// not found, exactly like ids that do not exist.
func validID(id string) bool {
	_, err := uuid.Parse(id)
	return err == nil && len(id) == 36
}

// fingerprint identifies a create's input, so that a retry with the same
// idempotency key but a different body is recognised.
func fingerprint(parts ...any) string {
	b, _ := json.Marshal(parts)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// createOnce claims an idempotency key for a create in tx. When the key was
// used before by the same user for the same input, it returns the id of what
// that request made, and the caller returns that instead of creating again.
func createOnce(tx *store.Tx, ctx context.Context, user factcheck.User, key, resourceType, fp, newID string) (replayID string, err error) {
	if key == "" {
		return "", nil
	}
	if len(key) > 200 {
		return "", factcheck.Invalid("Idempotency-Key", "the idempotency key may be at most 200 characters")
	}
	claimed, existing, err := tx.ClaimIdempotencyKey(ctx, store.IdempotencyKey{UserID: user.ID, Key: key, Fingerprint: fp, ResourceType: resourceType, ResourceID: newID})
	if err != nil {
		return "", err
	}
	if claimed {
		return "", nil
	}
	if existing.ResourceType != resourceType || existing.Fingerprint != fp {
		return "", factcheck.Invalid("Idempotency-Key", "this idempotency key was already used for a different request")
	}
	return existing.ResourceID, nil
}

// replayedCreate returns the id of what an earlier create with the same
// key made, so that a retry does no work (such as fetching a page) twice.
func (s *Service) replayedCreate(ctx context.Context, user factcheck.User, key, resourceType, fp string) (string, error) {
	if key == "" {
		return "", nil
	}
	k, found, err := s.store.IdempotencyKey(ctx, user.ID, key)
	if err != nil || !found {
		return "", err
	}
	if k.ResourceType != resourceType || k.Fingerprint != fp {
		return "", factcheck.Invalid("Idempotency-Key", "this idempotency key was already used for a different request")
	}
	return k.ResourceID, nil
}

func eventPayload(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		// Payloads are our own wire types; failing to encode one is a bug.
		panic("encode event payload: " + err.Error())
	}
	return b
}

func actorRef(u factcheck.User) *factcheck.UserRef { return &factcheck.UserRef{ID: u.ID, Name: u.Name} }

func nowUTC() time.Time { return time.Now().UTC() }

// create runs a create in one transaction: it claims the idempotency key,
// then write stores the record and its event. A retry with the same key
// gets what the first request made, loaded by load.
func create[T any](ctx context.Context, s *Service, user factcheck.User, key, kind, fp, id string, made T,
	write func(tx *store.Tx) error, load func(ctx context.Context, id string) (T, error)) (T, error) {
	var replayID string
	err := s.store.Atomic(ctx, func(tx *store.Tx) error {
		var err error
		replayID, err = createOnce(tx, ctx, user, key, kind, fp, id)
		if err != nil || replayID != "" {
			return err
		}
		return write(tx)
	})
	if err != nil {
		var zero T
		return zero, err
	}
	if replayID != "" {
		return load(ctx, replayID)
	}
	return made, nil
}

// versioned is what an optimistic update or delete needs: the write
// (false when the stored version was no longer the one the edit was based
// on), how to read the record back, how the client sees it, and the event.
type versioned[T any] struct {
	kind   string
	write  func(tx *store.Tx) (bool, error)
	read   func(tx *store.Tx) (T, error)
	toWire func(T) any
	event  func(T) factcheck.Event
}

// update runs an optimistic update in one transaction: the record as saved
// and its event, or a stale-version error carrying the current record.
func update[T any](ctx context.Context, s *Service, v versioned[T]) (T, error) {
	var saved T
	err := s.store.Atomic(ctx, func(tx *store.Tx) error {
		ok, err := v.write(tx)
		if err != nil {
			return err
		}
		current, err := v.read(tx)
		if err != nil {
			return err
		}
		if !ok {
			return factcheck.Stale(v.kind, v.toWire(current))
		}
		saved = current
		return tx.AppendEvent(ctx, v.event(current))
	})
	return saved, err
}

// remove runs an optimistic delete in one transaction: the event recording
// what was deleted (deleted is the record as read before), or a
// stale-version error carrying the current record.
func remove[T any](ctx context.Context, s *Service, deleted T, v versioned[T]) error {
	return s.store.Atomic(ctx, func(tx *store.Tx) error {
		ok, err := v.write(tx)
		if err != nil {
			return err
		}
		if !ok {
			current, err := v.read(tx)
			if err != nil {
				return err
			}
			return factcheck.Stale(v.kind, v.toWire(current))
		}
		return tx.AppendEvent(ctx, v.event(deleted))
	})
}

// versionTexts keeps the plain text of recently used article versions.
// Versions never change once stored, so a cached text is never stale; it is
// what every new highlight's selectors are checked against.
type versionTexts struct {
	mu    sync.Mutex
	byID  map[string]factcheck.ArticleVersion
	bytes int
}

// maxCachedTextBytes bounds the memory the cache holds; past it, the cache
// starts over.
const maxCachedTextBytes = 64 << 20

// versionText returns an article version's text, from the cache when it
// can.
func (s *Service) versionText(ctx context.Context, articleID, versionID string) (factcheck.ArticleVersion, error) {
	key := articleID + "/" + versionID
	s.texts.mu.Lock()
	v, ok := s.texts.byID[key]
	s.texts.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := s.store.ArticleVersionText(ctx, articleID, versionID)
	if err != nil {
		return v, err
	}
	s.texts.mu.Lock()
	defer s.texts.mu.Unlock()
	if s.texts.byID == nil || s.texts.bytes+len(v.Text) > maxCachedTextBytes {
		s.texts.byID, s.texts.bytes = map[string]factcheck.ArticleVersion{}, 0
	}
	s.texts.byID[key] = v
	s.texts.bytes += len(v.Text)
	return v, nil
}

// inWorkspace loads a record by id with the user's membership of its
// workspace. A malformed id, a missing record and a record in a workspace
// the user is not in are all "not found", so that nobody can tell them
// apart.
func inWorkspace[T any](ctx context.Context, s *Service, user factcheck.User, kind, id string,
	load func(context.Context, string) (T, error), workspaceOf func(T) string) (T, factcheck.Member, error) {
	var zero T
	if !validID(id) {
		return zero, factcheck.Member{}, factcheck.NotFound(kind)
	}
	v, err := load(ctx, id)
	if err != nil {
		return zero, factcheck.Member{}, err
	}
	m, err := s.store.MemberByWorkspaceID(ctx, user, workspaceOf(v))
	if factcheck.IsCode(err, factcheck.CodeNotFound) {
		return zero, factcheck.Member{}, factcheck.NotFound(kind)
	}
	return v, m, err
}

// mayChange reports whether the member may edit or delete something
// authored by author: their own as a checker, anyone's as an editor.
func mayChange(m factcheck.Member, author string) error {
	if author == m.User.ID {
		return m.Role.Authorize(factcheck.ActionAnnotate)
	}
	return m.Role.Authorize(factcheck.ActionModerate)
}

// parseDate reads an optional YYYY-MM-DD date; "" is none.
func parseDate(field, s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, factcheck.Invalid(field, "%s must be a date like 2024-03-31", field)
	}
	return &t, nil
}

// text trims a text field and checks its length (and that it is given,
// when required).
func text(field string, s *string, max int, required bool) (string, error) {
	v := ""
	if s != nil {
		v = strings.TrimSpace(*s)
	}
	if required && v == "" {
		return "", factcheck.Invalid(field, "%s is required", field)
	}
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > max {
		return "", factcheck.Invalid(field, "%s must be text of at most %d characters", field, max)
	}
	return v, nil
}
