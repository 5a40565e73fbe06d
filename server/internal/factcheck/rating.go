package factcheck

import (
	"fmt"
	"strings"
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
