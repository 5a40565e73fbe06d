package factcheck

// Organisation is who publishes a workspace's fact-checks: the author of
// its ClaimReviews.
type Organisation struct {
	Name string
	URL  string
}

// WorkspaceSettings are what an admin sets for a workspace.
type WorkspaceSettings struct {
	Organisation Organisation
	Scale        RatingScale
	Version      int
}
