package factcheck

import (
	"strings"
	"testing"
)

func TestVerdictTransitions(t *testing.T) {
	author := Member{User: User{ID: "author"}, Role: RoleChecker}
	editor := Member{User: User{ID: "ed1"}, Role: RoleEditor}
	authorEditor := Member{User: User{ID: "author"}, Role: RoleEditor}
	viewer := Member{User: User{ID: "v"}, Role: RoleViewer}
	ready := func(s VerdictState) VerdictFacts {
		return VerdictFacts{State: s, AuthorID: "author", Rating: "False", Rationale: "Because.", EvidenceCount: 1}
	}
	tests := []struct {
		name   string
		m      Member
		v      VerdictFacts
		action VerdictAction
		want   VerdictState
		code   Code
	}{
		{"submit a draft", author, ready(VerdictDraft), ActionSubmit, VerdictInReview, ""},
		{"resubmit after changes", author, ready(VerdictChangesRequested), ActionSubmit, VerdictInReview, ""},
		{"viewer submits", viewer, ready(VerdictDraft), ActionSubmit, "", CodeForbidden},
		{"no rating", author, VerdictFacts{State: VerdictDraft, AuthorID: "author", Rationale: "x", EvidenceCount: 1}, ActionSubmit, "", CodeInvalid},
		{"no evidence", author, VerdictFacts{State: VerdictDraft, AuthorID: "author", Rating: "False", Rationale: "x"}, ActionSubmit, "", CodeInvalid},
		{"send back", editor, ready(VerdictInReview), ActionSendBack, VerdictChangesRequested, ""},
		{"checker sends back", author, ready(VerdictInReview), ActionSendBack, "", CodeForbidden},
		{"approve", editor, ready(VerdictInReview), ActionApprove, VerdictApproved, ""},
		{"checker approves", author, ready(VerdictInReview), ActionApprove, "", CodeForbidden},
		{"author editor approves own", authorEditor, ready(VerdictInReview), ActionApprove, "", CodeForbidden},
		{"approve a draft", editor, ready(VerdictDraft), ActionApprove, "", CodeConflict},
		{"publish", editor, ready(VerdictApproved), ActionPublish, VerdictPublished, ""},
		{"publish unapproved", editor, ready(VerdictInReview), ActionPublish, "", CodeConflict},
		{"correct published", editor, ready(VerdictPublished), ActionCorrect, VerdictPublished, ""},
		{"withdraw own", author, ready(VerdictInReview), ActionWithdraw, VerdictDraft, ""},
		{"withdraw another's", editor, ready(VerdictInReview), ActionWithdraw, "", CodeForbidden},
		{"unknown action", editor, ready(VerdictInReview), "shred", "", CodeConflict},
	}
	for _, tt := range tests {
		got, err := Transition(tt.m, tt.v, tt.action)
		if tt.code == "" {
			if err != nil || got != tt.want {
				t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
			}
			continue
		}
		if ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	// An illegal transition names the current state.
	_, err := Transition(editor, ready(VerdictDraft), ActionPublish)
	if err == nil || !strings.Contains(err.Error(), "draft") {
		t.Errorf("illegal transition error %v does not name the state", err)
	}
}

func TestVerdictActionsOffered(t *testing.T) {
	member := func(id string, role Role) Member { return Member{User: User{ID: id}, Role: role} }
	author, checker, editor := member("a", RoleChecker), member("c", RoleChecker), member("e", RoleEditor)
	authorEditor := member("a", RoleEditor)
	viewer := member("v", RoleViewer)
	full := Verdict{Author: UserRef{ID: "a"}, Rating: "True", Rationale: "Because.", EvidenceIDs: []string{"x"}}
	with := func(s VerdictState) Verdict { v := full; v.State = s; return v }
	tests := []struct {
		name    string
		v       Verdict
		m       Member
		actions string
		mayEdit bool
	}{
		{"author's draft", with(VerdictDraft), author, "submit", true},
		{"empty draft still offers submit, which says what is missing", Verdict{State: VerdictDraft, Author: UserRef{ID: "a"}}, author, "submit", true},
		{"another checker's draft", with(VerdictDraft), checker, "", false},
		{"an editor may edit a draft", with(VerdictDraft), editor, "submit", true},
		{"in review, to its author", with(VerdictInReview), author, "withdraw", false},
		{"in review, to an editor", with(VerdictInReview), editor, "send_back approve", false},
		{"in review, to its author who is an editor", with(VerdictInReview), authorEditor, "withdraw send_back", false},
		{"in review, to an editor who helped write it", func() Verdict { v := with(VerdictInReview); v.Contributors = []string{"a", "e"}; return v }(),
			editor, "send_back", false},
		{"sent back, to its author", with(VerdictChangesRequested), author, "submit", true},
		{"approved, to an editor", with(VerdictApproved), editor, "publish", false},
		{"approved, to a checker", with(VerdictApproved), checker, "", false},
		{"published, to an editor", with(VerdictPublished), editor, "correct", false},
		{"anything, to a viewer", with(VerdictInReview), viewer, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, a := range tt.v.Actions(tt.m) {
				got = append(got, string(a))
			}
			if strings.Join(got, " ") != tt.actions {
				t.Errorf("actions = %q, want %q", strings.Join(got, " "), tt.actions)
			}
			if err := tt.v.MayEdit(tt.m); (err == nil) != tt.mayEdit {
				t.Errorf("MayEdit = %v, want may edit %v", err, tt.mayEdit)
			}
		})
	}
}
