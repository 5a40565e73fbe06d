package factcheck

// Membership is a user's role in one workspace.
type Membership struct {
	Workspace Workspace
	Role      Role
}

// Member is a user acting inside a workspace with a role. Every service
// call that touches a workspace's content starts from one.
type Member struct {
	User      User
	Workspace Workspace
	Role      Role
}

// MemberRef is a workspace member as lists show them.
type MemberRef struct {
	ID   string
	Name string
	Role Role
}
