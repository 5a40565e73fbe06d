package factcheck

// Workspace is a desk: its members, articles and events stay inside it.
type Workspace struct {
	ID   string
	Slug string
	Name string
}
