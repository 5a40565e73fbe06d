package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// ratingJSON is how a rating is kept in the database: in a workspace's
// scale and in a publication's snapshot.
type ratingJSON struct {
	Label   string `json:"label"`
	Value   *int   `json:"value"`
	Colour  string `json:"colour"`
	OnScale bool   `json:"onScale"`
}

func ratingToJSON(r factcheck.Rating) ratingJSON {
	return ratingJSON{Label: r.Label, Value: r.Value, Colour: r.Colour, OnScale: r.OnScale}
}

func (r ratingJSON) toDomain() factcheck.Rating {
	return factcheck.Rating{Label: r.Label, Value: r.Value, Colour: r.Colour, OnScale: r.OnScale}
}

// WorkspaceSettings reads a workspace's organisation and rating scale; a
// workspace whose admins never set a scale has the default one.
func (q queries) WorkspaceSettings(ctx context.Context, workspaceID string) (factcheck.WorkspaceSettings, error) {
	var row struct {
		OrganisationName string
		OrganisationURL  string `gorm:"column:organisation_url"`
		RatingScale      []byte
		Version          int
	}
	err := q.db.WithContext(ctx).Raw(`SELECT organisation_name, organisation_url, rating_scale, version FROM workspaces WHERE id = ?`,
		workspaceID).Take(&row).Error
	if err != nil {
		return factcheck.WorkspaceSettings{}, translate(err, "workspace")
	}
	s := factcheck.WorkspaceSettings{Organisation: factcheck.Organisation{Name: row.OrganisationName, URL: row.OrganisationURL},
		Version: row.Version, Scale: factcheck.DefaultRatingScale()}
	if row.RatingScale != nil {
		var ratings []ratingJSON
		if err := json.Unmarshal(row.RatingScale, &ratings); err != nil {
			return factcheck.WorkspaceSettings{}, fmt.Errorf("decode the rating scale of workspace %s: %w", workspaceID, err)
		}
		s.Scale.Ratings = make([]factcheck.Rating, 0, len(ratings))
		for _, r := range ratings {
			s.Scale.Ratings = append(s.Scale.Ratings, r.toDomain())
		}
	}
	return s, nil
}

// UpdateWorkspaceSettings saves a workspace's settings if its stored
// version is still basedOn.
func (q queries) UpdateWorkspaceSettings(ctx context.Context, workspaceID string, s factcheck.WorkspaceSettings, basedOn int) (bool, error) {
	ratings := make([]ratingJSON, 0, len(s.Scale.Ratings))
	for _, r := range s.Scale.Ratings {
		ratings = append(ratings, ratingToJSON(r))
	}
	scale, err := json.Marshal(ratings)
	if err != nil {
		return false, err
	}
	res := q.db.WithContext(ctx).Exec(`UPDATE workspaces SET organisation_name = ?, organisation_url = ?, rating_scale = ?,
		updated_at = now(), version = version + 1 WHERE id = ? AND version = ?`,
		s.Organisation.Name, s.Organisation.URL, string(scale), workspaceID, basedOn)
	return res.RowsAffected == 1, translate(res.Error, "workspace")
}
