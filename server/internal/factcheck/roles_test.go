package factcheck

import (
	"slices"
	"testing"
)

func TestRoleActions(t *testing.T) {
	tests := []struct {
		role Role
		want []Action
	}{
		{RoleViewer, []Action{ActionRead}},
		{RoleChecker, []Action{ActionAnnotate, ActionDraftVerdict, ActionImportArticle, ActionRead}},
		{RoleEditor, []Action{ActionAnnotate, ActionAssign, ActionDraftVerdict, ActionImportArticle, ActionModerate, ActionRead}},
		{RoleAdmin, []Action{ActionAnnotate, ActionAssign, ActionDraftVerdict, ActionImportArticle, ActionManageMembers, ActionManageSettings, ActionModerate, ActionRead}},
		{Role("nobody"), nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			got := tt.role.Actions()
			if !slices.Equal(got, tt.want) {
				t.Fatalf("%s.Actions() = %v, want %v", tt.role, got, tt.want)
			}
			for _, a := range got {
				if !tt.role.Can(a) {
					t.Errorf("%s lists %s but may not do it", tt.role, a)
				}
			}
		})
	}
}
