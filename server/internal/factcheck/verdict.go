package factcheck

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// VerdictRef is a claim's verdict in brief.
type VerdictRef struct {
	ID     string
	State  VerdictState
	Rating string
}

// VerdictState is where a verdict is in its review.
type VerdictState string

const (
	VerdictDraft            VerdictState = "draft"
	VerdictInReview         VerdictState = "in_review"
	VerdictChangesRequested VerdictState = "changes_requested"
	VerdictApproved         VerdictState = "approved"
	VerdictPublished        VerdictState = "published"
)

// VerdictAction moves a verdict from one state to another.
type VerdictAction string

const (
	ActionSubmit   VerdictAction = "submit"    // draft or changes_requested -> in_review
	ActionSendBack VerdictAction = "send_back" // in_review -> changes_requested
	ActionApprove  VerdictAction = "approve"   // in_review -> approved
	ActionPublish  VerdictAction = "publish"   // approved -> published
	ActionCorrect  VerdictAction = "correct"   // published -> published, as a new version
	ActionWithdraw VerdictAction = "withdraw"  // in_review -> draft, by its author
)

// transitions is the verdict state machine: from a state, by an action, to
// a state, and the least role that may do it.
var transitions = map[VerdictState]map[VerdictAction]struct {
	to   VerdictState
	role Role
}{
	VerdictDraft:            {ActionSubmit: {VerdictInReview, RoleChecker}},
	VerdictChangesRequested: {ActionSubmit: {VerdictInReview, RoleChecker}},
	VerdictInReview: {
		ActionSendBack: {VerdictChangesRequested, RoleEditor},
		ActionApprove:  {VerdictApproved, RoleEditor},
		ActionWithdraw: {VerdictDraft, RoleChecker},
	},
	VerdictApproved:  {ActionPublish: {VerdictPublished, RoleEditor}},
	VerdictPublished: {ActionCorrect: {VerdictPublished, RoleEditor}},
}

// VerdictFacts is what the rules need to know about a verdict.
type VerdictFacts struct {
	State    VerdictState
	AuthorID string
	// ContributorIDs are everyone else who wrote any of its rating,
	// rationale or evidence.
	ContributorIDs []string
	Rating         string
	Rationale      string
	EvidenceCount  int
}

// Transition checks that member may apply action to a verdict and returns
// the state it moves to. An action the state does not allow is a conflict
// naming the current state; a role that may not do it is forbidden; the
// approving editor may not be the author (four-eyes rule); a submission
// needs a rating, a rationale and at least one piece of evidence.
func Transition(member Member, v VerdictFacts, action VerdictAction) (VerdictState, error) {
	t, ok := transitions[v.State][action]
	if !ok {
		return "", &Error{Code: CodeConflict, Message: fmt.Sprintf("a verdict that is %s cannot be sent to %s", strings.ReplaceAll(string(v.State), "_", " "), strings.ReplaceAll(string(action), "_", " "))}
	}
	if !member.Role.AtLeast(t.role) {
		return "", &Error{Code: CodeForbidden, Message: fmt.Sprintf("only %ss and above may %s a verdict", t.role, strings.ReplaceAll(string(action), "_", " "))}
	}
	switch action {
	case ActionApprove:
		if member.User.ID == v.AuthorID {
			return "", &Error{Code: CodeForbidden, Message: "the author of a verdict cannot approve it; another editor must"}
		}
		if slices.Contains(v.ContributorIDs, member.User.ID) {
			return "", &Error{Code: CodeForbidden, Message: "you helped write this verdict, so you cannot approve it; another editor must"}
		}
	case ActionWithdraw:
		if member.User.ID != v.AuthorID {
			return "", &Error{Code: CodeForbidden, Message: "only the author can withdraw a verdict from review"}
		}
	case ActionSubmit:
		if member.User.ID != v.AuthorID && !member.Role.AtLeast(RoleEditor) {
			return "", &Error{Code: CodeForbidden, Message: "only the verdict's author or an editor may submit it"}
		}
		var missing []string
		if strings.TrimSpace(v.Rating) == "" {
			missing = append(missing, "a rating")
		}
		if strings.TrimSpace(v.Rationale) == "" {
			missing = append(missing, "a rationale")
		}
		if v.EvidenceCount == 0 {
			missing = append(missing, "at least one piece of evidence")
		}
		if len(missing) > 0 {
			field := map[string]string{"a rating": "rating", "a rationale": "rationale", "at least one piece of evidence": "evidence"}[missing[0]]
			return "", Invalid(field, "a verdict needs %s before it is submitted", strings.Join(missing, ", "))
		}
	}
	return t.to, nil
}

// Editable reports whether a verdict's rating, rationale and evidence may
// be changed in this state (published ones change only by correction).
func (s VerdictState) Editable() bool {
	return s == VerdictDraft || s == VerdictChangesRequested
}

// Verdict is a claim's rating and rationale on its way through review. A
// claim has at most one verdict; its published versions are Publications.
type Verdict struct {
	ID            string
	WorkspaceID   string
	WorkspaceSlug string
	ClaimID       string
	State         VerdictState
	Rating        string // a label of the workspace's scale; "" until chosen
	Rationale     string // Markdown
	EvidenceIDs   []string
	Author        UserRef
	// Contributors are everyone who wrote any of its rating, rationale or
	// evidence (its author first); none of them may approve it.
	Contributors []string
	// Reviewer is the editor who approved it; ReviewComment is what the
	// last editor to send it back (SentBackBy) said.
	Reviewer      *UserRef
	ReviewComment string
	SentBackBy    *UserRef
	SubmittedAt   *time.Time // when it last went into review
	ApprovedAt    *time.Time
	PublishedAt   *time.Time // first publication
	CorrectedAt   *time.Time // latest correction
	Publications  int        // how many versions are published
	CreatedAt     time.Time
	UpdatedAt     time.Time
	UpdatedBy     *UserRef
	Version       int
}

// Facts is what the state machine needs to know about v.
func (v Verdict) Facts() VerdictFacts {
	return VerdictFacts{State: v.State, AuthorID: v.Author.ID, ContributorIDs: v.Contributors, Rating: v.Rating, Rationale: v.Rationale,
		EvidenceCount: len(v.EvidenceIDs)}
}

// Actions lists what member may do to the verdict now, so that a client
// offers only those.
func (v Verdict) Actions(member Member) []VerdictAction {
	var out []VerdictAction
	for _, a := range []VerdictAction{ActionSubmit, ActionWithdraw, ActionSendBack, ActionApprove, ActionPublish, ActionCorrect} {
		if _, err := Transition(member, v.Facts(), a); err == nil || (a == ActionSubmit && IsCode(err, CodeInvalid)) {
			out = append(out, a)
		}
	}
	return out
}

// MayEdit reports whether member may change the verdict's rating,
// rationale and evidence now: its author, or an editor, while it is a
// draft or sent back.
func (v Verdict) MayEdit(member Member) error {
	if !v.State.Editable() {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf("a verdict that is %s cannot be edited; published verdicts change by correction",
			strings.ReplaceAll(string(v.State), "_", " "))}
	}
	if member.User.ID != v.Author.ID && !member.Role.AtLeast(RoleEditor) {
		return &Error{Code: CodeForbidden, Message: "only the verdict's author or an editor may edit it"}
	}
	return nil
}

// VerdictItem is a verdict as lists show it: with its claim and the first
// article the claim appears in.
type VerdictItem struct {
	Verdict        Verdict
	ClaimStatement string
	ArticleID      string
	ArticleTitle   string
}
