package factcheck

// SearchHit is one result: what was found, where, and the matched words.
type SearchHit struct {
	Type      string
	ID        string
	ArticleID *string
	ClaimID   *string
	Title     string
	Snippet   string
	Matches   []string
	Rank      float64
}
