package factcheck

import (
	"time"
)

// User is a person who can log in.
type User struct {
	ID         string
	Email      string
	Name       string
	DisabledAt *time.Time
	CreatedAt  time.Time
}

// UserRef names a user where only who they are matters (an author, an actor).
type UserRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}
