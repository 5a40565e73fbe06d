package wire

// Session is what GET /api/session answers.
type Session struct {
	User       User                  `json:"user"`
	Workspaces []WorkspaceMembership `json:"workspaces"`
	CSRFToken  string                `json:"csrfToken"`
}
