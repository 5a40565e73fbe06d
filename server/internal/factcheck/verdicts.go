package factcheck

import (
	"fmt"
	"strings"
	"time"
)

// Rating is one label of a workspace's rating scale. Labels on the scale
// are ordered by Value (higher is truer); labels outside it (Misleading,
// Unproven, Satire) have no value.
type Rating struct {
	Label   string
	Value   *int // nil for a label outside the scale
	Colour  string
	OnScale bool
}

// RatingScale is a workspace's ordered labels plus the ones outside the
// scale.
type RatingScale struct {
	Ratings []Rating
}

func intp(v int) *int { return &v }

// DefaultRatingScale is the scale a workspace starts with.
func DefaultRatingScale() RatingScale {
	return RatingScale{Ratings: []Rating{
		{Label: "True", Value: intp(5), Colour: "#1a7f37", OnScale: true},
		{Label: "Mostly true", Value: intp(4), Colour: "#5a9e3a", OnScale: true},
		{Label: "Half true", Value: intp(3), Colour: "#b08800", OnScale: true},
		{Label: "Mostly false", Value: intp(2), Colour: "#d4661c", OnScale: true},
		{Label: "False", Value: intp(1), Colour: "#c4312b", OnScale: true},
		{Label: "Misleading", Colour: "#8250df"},
		{Label: "Unproven", Colour: "#6e7781"},
		{Label: "Satire", Colour: "#0969da"},
	}}
}

// Find returns the rating with the given label (case-insensitive).
func (s RatingScale) Find(label string) (Rating, bool) {
	for _, r := range s.Ratings {
		if strings.EqualFold(r.Label, label) {
			return r, true
		}
	}
	return Rating{}, false
}

// Bounds returns the best and worst values on the scale.
func (s RatingScale) Bounds() (best, worst int, ok bool) {
	for _, r := range s.Ratings {
		if !r.OnScale || r.Value == nil {
			continue
		}
		if !ok {
			best, worst, ok = *r.Value, *r.Value, true
			continue
		}
		best, worst = max(best, *r.Value), min(worst, *r.Value)
	}
	return best, worst, ok
}

// Validate checks a scale an admin wrote: at least two labels on the
// scale, distinct labels and values, a colour for each.
func (s RatingScale) Validate() error {
	seenLabel, seenValue := map[string]bool{}, map[int]bool{}
	onScale := 0
	for i, r := range s.Ratings {
		field := fmt.Sprintf("ratings[%d]", i)
		label := strings.TrimSpace(r.Label)
		if label == "" || len(label) > 60 {
			return Invalid(field+".label", "every rating needs a label of at most 60 characters")
		}
		if seenLabel[strings.ToLower(label)] {
			return Invalid(field+".label", "the label %q appears twice", label)
		}
		seenLabel[strings.ToLower(label)] = true
		if !validColour(r.Colour) {
			return Invalid(field+".colour", "colour must be like #1a7f37")
		}
		if r.OnScale {
			if r.Value == nil {
				return Invalid(field+".value", "a rating on the scale needs a value")
			}
			if seenValue[*r.Value] {
				return Invalid(field+".value", "two ratings on the scale share the value %d", *r.Value)
			}
			seenValue[*r.Value] = true
			onScale++
		} else if r.Value != nil {
			return Invalid(field+".value", "a rating outside the scale has no value")
		}
	}
	if onScale < 2 {
		return Invalid("ratings", "a scale needs at least two ratings on it")
	}
	return nil
}

func validColour(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, ch := range strings.ToLower(c[1:]) {
		if !strings.ContainsRune("0123456789abcdef", ch) {
			return false
		}
	}
	return true
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
	State         VerdictState
	AuthorID      string
	Rating        string
	Rationale     string
	EvidenceCount int
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
	case ActionWithdraw:
		if member.User.ID != v.AuthorID {
			return "", &Error{Code: CodeForbidden, Message: "only the author can withdraw a verdict from review"}
		}
	case ActionSubmit:
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

// VerdictVersion is one version of a published verdict; a correction adds
// one with a note saying what changed.
type VerdictVersion struct {
	Number         int
	Rating         string
	Rationale      string
	CorrectionNote string
	PublishedAt    time.Time
}
