package factcheck

// TagCount is a tag and how many annotations carry it.
type TagCount struct {
	Tag   string
	Count int
}
