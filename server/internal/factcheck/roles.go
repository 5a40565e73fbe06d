package factcheck

import (
	"fmt"
	"slices"
)

// Role is what a member may do in a workspace. Roles are ordered: each one
// can do everything the ones before it can.
type Role string

const (
	RoleViewer  Role = "viewer"
	RoleChecker Role = "checker"
	RoleEditor  Role = "editor"
	RoleAdmin   Role = "admin"
)

var roleRank = map[Role]int{RoleViewer: 1, RoleChecker: 2, RoleEditor: 3, RoleAdmin: 4}

// ParseRole turns a role's name into a Role.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if _, ok := roleRank[r]; !ok {
		return "", Invalid("role", "role must be one of viewer, checker, editor, admin (got %q)", s)
	}
	return r, nil
}

// AtLeast reports whether r includes everything min may do.
func (r Role) AtLeast(min Role) bool { return roleRank[r] >= roleRank[min] && roleRank[r] > 0 }

// Action is something a member may or may not do in a workspace.
type Action string

const (
	ActionRead           Action = "read"            // articles, annotations, claims, verdicts, history
	ActionImportArticle  Action = "import_article"  // bring an article in
	ActionAnnotate       Action = "annotate"        // highlight, note, reply
	ActionModerate       Action = "moderate"        // edit or delete others' annotations
	ActionManageMembers  Action = "manage_members"  // add, remove, change roles
	ActionDraftVerdict   Action = "draft_verdict"   // start and edit verdicts
	ActionAssign         Action = "assign"          // assign claims to checkers
	ActionManageSettings Action = "manage_settings" // the organisation and the rating scale
)

var actionMinimum = map[Action]Role{
	ActionRead:           RoleViewer,
	ActionImportArticle:  RoleChecker,
	ActionAnnotate:       RoleChecker,
	ActionModerate:       RoleEditor,
	ActionManageMembers:  RoleAdmin,
	ActionDraftVerdict:   RoleChecker,
	ActionAssign:         RoleEditor,
	ActionManageSettings: RoleAdmin,
}

var actionWords = map[Action]string{
	ActionRead:           "read this workspace",
	ActionImportArticle:  "import articles",
	ActionAnnotate:       "annotate articles",
	ActionModerate:       "moderate other people's annotations",
	ActionManageMembers:  "manage members",
	ActionDraftVerdict:   "draft verdicts",
	ActionAssign:         "assign claims",
	ActionManageSettings: "change the workspace's settings",
}

// Describe says the action in words, for error messages.
func (a Action) Describe() string {
	if w, ok := actionWords[a]; ok {
		return w
	}
	return string(a)
}

// Can reports whether a member with role r may perform action a. Unknown
// actions are never allowed.
func (r Role) Can(a Action) bool {
	min, ok := actionMinimum[a]
	if !ok {
		return false
	}
	return r.AtLeast(min)
}

// Actions lists, in name order, every action a member with role r may
// perform: what the browser asks before it offers a control, so that it
// never re-derives the table above.
func (r Role) Actions() []Action {
	var out []Action
	for a := range actionMinimum {
		if r.Can(a) {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

// Authorize returns a Forbidden error when r may not perform a.
func (r Role) Authorize(a Action) error {
	if !r.Can(a) {
		return Forbidden(a)
	}
	return nil
}

func (r Role) String() string { return string(r) }

var _ fmt.Stringer = Role("")
