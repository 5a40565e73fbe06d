package wire

import (
	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Rating is one label of a rating scale.
type Rating struct {
	Label   string `json:"label"`
	Value   *int   `json:"value"`
	Colour  string `json:"colour"`
	OnScale bool   `json:"onScale"`
}

// FromRating converts a rating.
func FromRating(r factcheck.Rating) Rating {
	return Rating{Label: r.Label, Value: r.Value, Colour: r.Colour, OnScale: r.OnScale}
}

// FromScale converts a rating scale to its list of labels.
func FromScale(s factcheck.RatingScale) []Rating {
	out := make([]Rating, 0, len(s.Ratings))
	for _, r := range s.Ratings {
		out = append(out, FromRating(r))
	}
	return out
}

// ToScale converts a list of labels to a rating scale.
func ToScale(rs []Rating) factcheck.RatingScale {
	out := factcheck.RatingScale{Ratings: make([]factcheck.Rating, 0, len(rs))}
	for _, r := range rs {
		out.Ratings = append(out.Ratings, factcheck.Rating{Label: r.Label, Value: r.Value, Colour: r.Colour, OnScale: r.OnScale})
	}
	return out
}

// Organisation is who publishes a workspace's fact-checks.
type Organisation struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// WorkspaceSettings are a workspace's organisation and rating scale.
type WorkspaceSettings struct {
	Organisation Organisation `json:"organisation"`
	RatingScale  []Rating     `json:"ratingScale"`
	Version      int          `json:"version"`
}

// FromSettings converts workspace settings.
func FromSettings(s factcheck.WorkspaceSettings) WorkspaceSettings {
	return WorkspaceSettings{Organisation: Organisation{Name: s.Organisation.Name, URL: s.Organisation.URL},
		RatingScale: FromScale(s.Scale), Version: s.Version}
}
