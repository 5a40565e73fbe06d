package factcheck

import (
	"testing"
)

func TestDefaultScaleIsValid(t *testing.T) {
	s := DefaultRatingScale()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	best, worst, ok := s.Bounds()
	if !ok || best != 5 || worst != 1 {
		t.Fatalf("bounds %d..%d", worst, best)
	}
	if r, ok := s.Find("mostly TRUE"); !ok || *r.Value != 4 {
		t.Fatalf("Find = %+v, %v", r, ok)
	}
	if r, ok := s.Find("Satire"); !ok || r.OnScale || r.Value != nil {
		t.Fatalf("Satire = %+v", r)
	}
}

func TestScaleValidation(t *testing.T) {
	two := func(rs ...Rating) RatingScale { return RatingScale{Ratings: rs} }
	v := func(n int) *int { return &n }
	tests := []struct {
		name  string
		scale RatingScale
		field string
	}{
		{"one on the scale", two(Rating{Label: "True", Value: v(1), Colour: "#000000", OnScale: true}), "ratings"},
		{"duplicate label", two(Rating{Label: "True", Value: v(2), Colour: "#000000", OnScale: true}, Rating{Label: "true", Value: v(1), Colour: "#000000", OnScale: true}), "ratings[1].label"},
		{"duplicate value", two(Rating{Label: "A", Value: v(1), Colour: "#000000", OnScale: true}, Rating{Label: "B", Value: v(1), Colour: "#000000", OnScale: true}), "ratings[1].value"},
		{"bad colour", two(Rating{Label: "A", Value: v(2), Colour: "red", OnScale: true}, Rating{Label: "B", Value: v(1), Colour: "#000000", OnScale: true}), "ratings[0].colour"},
		{"value off the scale", two(Rating{Label: "A", Value: v(2), Colour: "#000000", OnScale: true}, Rating{Label: "B", Value: v(1), Colour: "#000000", OnScale: true}, Rating{Label: "C", Value: v(3), Colour: "#000000"}), "ratings[2].value"},
		{"no label", two(Rating{Label: " ", Value: v(2), Colour: "#000000", OnScale: true}), "ratings[0].label"},
	}
	for _, tt := range tests {
		err := tt.scale.Validate()
		fe, ok := err.(*Error)
		if !ok || fe.Field != tt.field {
			t.Errorf("%s: %v, want invalid %s", tt.name, err, tt.field)
		}
	}
}
