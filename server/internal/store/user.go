package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type userRow struct {
	ID           string `gorm:"primaryKey"`
	Email        string
	Name         string
	PasswordHash string
	DisabledAt   *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

func (userRow) TableName() string { return "users" }

func (r userRow) toDomain() factcheck.User {
	return factcheck.User{ID: r.ID, Email: r.Email, Name: r.Name, DisabledAt: r.DisabledAt, CreatedAt: r.CreatedAt}
}

// CreateUser stores a new user. The email is kept in lower case.
func (q queries) CreateUser(ctx context.Context, email, name, passwordHash string) (factcheck.User, error) {
	now := time.Now().UTC()
	r := userRow{ID: uuid.NewString(), Email: strings.ToLower(email), Name: name, PasswordHash: passwordHash, CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := q.db.WithContext(ctx).Create(&r).Error; err != nil {
		return factcheck.User{}, translate(err, "user")
	}
	return r.toDomain(), nil
}

// UpdateUserCredentials replaces a user's name and password hash.
func (q queries) UpdateUserCredentials(ctx context.Context, userID, name, passwordHash string) error {
	res := q.db.WithContext(ctx).Model(&userRow{}).Where("id = ?", userID).
		Updates(map[string]any{"name": name, "password_hash": passwordHash, "updated_at": time.Now().UTC(), "version": gormExpr("version + 1")})
	if res.Error != nil {
		return translate(res.Error, "user")
	}
	if res.RowsAffected == 0 {
		return factcheck.NotFound("user")
	}
	return nil
}

// UserByEmail finds a user and their password hash.
func (q queries) UserByEmail(ctx context.Context, email string) (factcheck.User, string, error) {
	var r userRow
	if err := q.db.WithContext(ctx).Where("email = ?", strings.ToLower(email)).Take(&r).Error; err != nil {
		return factcheck.User{}, "", translate(err, "user")
	}
	return r.toDomain(), r.PasswordHash, nil
}

// DisableUser stops a user from logging in and ends their sessions.
func (q queries) DisableUser(ctx context.Context, userID string) error {
	err := q.db.WithContext(ctx).Model(&userRow{}).Where("id = ?", userID).
		Updates(map[string]any{"disabled_at": time.Now().UTC(), "updated_at": time.Now().UTC(), "version": gormExpr("version + 1")}).Error
	if err == nil {
		err = q.db.WithContext(ctx).Where("user_id = ?", userID).Delete(&sessionRow{}).Error
	}
	return translate(err, "user")
}

// userRef is the user a nullable id and name name, or nil.
func userRef(id, name *string) *factcheck.UserRef {
	if id == nil {
		return nil
	}
	return &factcheck.UserRef{ID: *id, Name: deref(name)}
}

// userID is a user reference's id, or nil.
func userID(u *factcheck.UserRef) *string {
	if u == nil {
		return nil
	}
	return &u.ID
}
