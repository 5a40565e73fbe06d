package store

import (
	"context"
	"time"
)

// IdempotencyKey is a create's key, what the request looked like, and what
// it made.
type IdempotencyKey struct {
	UserID       string
	Key          string
	Fingerprint  string
	ResourceType string
	ResourceID   string
}

// ClaimIdempotencyKey records key as made by this transaction. If another
// transaction holds the same key, Postgres makes this one wait until that
// one ends; then claimed is false and existing is what that one recorded.
func (t *Tx) ClaimIdempotencyKey(ctx context.Context, k IdempotencyKey) (claimed bool, existing IdempotencyKey, err error) {
	res := t.db.WithContext(ctx).Exec(`
		INSERT INTO idempotency_keys (user_id, key, fingerprint, resource_type, resource_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO NOTHING`,
		k.UserID, k.Key, k.Fingerprint, k.ResourceType, k.ResourceID, time.Now().UTC())
	if res.Error != nil {
		return false, IdempotencyKey{}, translate(res.Error, "idempotency key")
	}
	if res.RowsAffected == 1 {
		return true, k, nil
	}
	var row struct {
		Fingerprint  string
		ResourceType string
		ResourceID   string
	}
	err = t.db.WithContext(ctx).Raw(`SELECT fingerprint, resource_type, resource_id FROM idempotency_keys WHERE user_id = ? AND key = ?`,
		k.UserID, k.Key).Scan(&row).Error
	if err != nil {
		return false, IdempotencyKey{}, translate(err, "idempotency key")
	}
	return false, IdempotencyKey{UserID: k.UserID, Key: k.Key, Fingerprint: row.Fingerprint, ResourceType: row.ResourceType, ResourceID: row.ResourceID}, nil
}

// IdempotencyKey finds a key a user has used.
func (q queries) IdempotencyKey(ctx context.Context, userID, key string) (IdempotencyKey, bool, error) {
	var rows []struct {
		Fingerprint  string
		ResourceType string
		ResourceID   string
	}
	err := q.db.WithContext(ctx).Raw(`SELECT fingerprint, resource_type, resource_id FROM idempotency_keys WHERE user_id = ? AND key = ?`,
		userID, key).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return IdempotencyKey{}, false, translate(err, "idempotency key")
	}
	r := rows[0]
	return IdempotencyKey{UserID: userID, Key: key, Fingerprint: r.Fingerprint, ResourceType: r.ResourceType, ResourceID: r.ResourceID}, true, nil
}
