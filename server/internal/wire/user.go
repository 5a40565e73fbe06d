package wire

import (
	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// User is the logged-in user as the API shows them.
type User struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// FromUser converts a user.
func FromUser(u factcheck.User) User { return User{ID: u.ID, Email: u.Email, Name: u.Name} }
