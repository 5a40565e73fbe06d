package export

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// ClaimReviewInput is one published verdict: its versions, oldest first (the
// last is current), and the stable URL of its public page.
type ClaimReviewInput struct {
	Versions []factcheck.Publication // at least one; oldest first
	URL      string                  // the public page, e.g. https://desk.example/fact-checks/<verdict id>
}

// schemaContext is the schema.org context, as Google's ClaimReview
// documentation writes it.
const schemaContext = "https://schema.org"

// ClaimReview returns one published verdict as a schema.org ClaimReview
// JSON-LD document (https://schema.org/ClaimReview), in the shape Google's
// fact-check structured data asks for:
//
//   - claimReviewed is the current version's claim statement, url the page.
//   - reviewRating is a Rating whose alternateName is the label, always. A
//     label on the workspace's scale also gets ratingValue, bestRating and
//     worstRating (numbers); a label outside it (Misleading, Satire) gets
//     none, since it has no place on the scale.
//   - author is the Organization that publishes the workspace's
//     fact-checks; it must have a name.
//   - datePublished is when the first version was published; dateModified,
//     only after a correction, is when the latest one was. Both are RFC 3339
//     date-times in UTC, not bare dates: a correction made on the day of
//     publication must still read as later.
//   - itemReviewed is the Claim: its author is a Person named by the
//     claimant (a claimant is usually a person; we do not know when it is
//     not), its datePublished the day the claim was made (a date: that is
//     all we know of it), and each appearance a CreativeWork with the
//     article's url, headline, publisher (an Organization) and
//     datePublished, each when known. firstAppearance is not written: the
//     earliest article we imported is not known to be the first.
//
// Text is escaped by encoding/json only, which writes <, > and & as \u003c,
// \u003e and \u0026, so the document can be embedded in an HTML script
// element as it is. URLs that are not absolute http(s) URLs (an article's or
// the organisation's) are left out rather than published.
func ClaimReview(in ClaimReviewInput) ([]byte, error) {
	r, err := claimReview(in)
	if err != nil {
		return nil, err
	}
	r.Context = schemaContext
	return encode(r)
}

// ClaimReviewFeed returns published verdicts as a schema.org DataFeed whose
// dataFeedElement lists their ClaimReviews (sharing the feed's @context), in
// the order given. The feed's dateModified is the latest publication or
// correction among them; an empty feed has none.
func ClaimReviewFeed(items []ClaimReviewInput, feedURL string) ([]byte, error) {
	if !webURL(feedURL) {
		return nil, fmt.Errorf("export: feed URL %q must be an absolute http(s) URL", feedURL)
	}
	feed := dataFeed{Context: schemaContext, Type: "DataFeed", URL: feedURL, Elements: []claimReviewDoc{}}
	var modified time.Time
	for i, in := range items {
		r, err := claimReview(in)
		if err != nil {
			return nil, fmt.Errorf("feed item %d: %w", i, err)
		}
		feed.Elements = append(feed.Elements, r)
		if last := in.Versions[len(in.Versions)-1].PublishedAt; last.After(modified) {
			modified = last
		}
	}
	feed.DateModified = timestamp(modified)
	return encode(feed)
}

// The schema.org documents this file writes. Field order is the order of
// the JSON document; every name must be a schema.org term (the tests check
// them against testdata/schemaorg-terms.txt).
type dataFeed struct {
	Context      string           `json:"@context"`
	Type         string           `json:"@type"`
	URL          string           `json:"url"`
	DateModified string           `json:"dateModified,omitempty"`
	Elements     []claimReviewDoc `json:"dataFeedElement"`
}

type claimReviewDoc struct {
	Context       string        `json:"@context,omitempty"`
	Type          string        `json:"@type"`
	URL           string        `json:"url"`
	ClaimReviewed string        `json:"claimReviewed"`
	ReviewRating  reviewRating  `json:"reviewRating"`
	Author        schemaAgent   `json:"author"`
	DatePublished string        `json:"datePublished"`
	DateModified  string        `json:"dateModified,omitempty"`
	ItemReviewed  reviewedClaim `json:"itemReviewed"`
}

type reviewRating struct {
	Type          string `json:"@type"`
	RatingValue   *int   `json:"ratingValue,omitempty"`
	BestRating    *int   `json:"bestRating,omitempty"`
	WorstRating   *int   `json:"worstRating,omitempty"`
	AlternateName string `json:"alternateName"`
}

// schemaAgent is a Person or an Organization.
type schemaAgent struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type reviewedClaim struct {
	Type          string         `json:"@type"`
	Author        *schemaAgent   `json:"author,omitempty"`
	DatePublished string         `json:"datePublished,omitempty"`
	Appearance    []creativeWork `json:"appearance,omitempty"`
}

type creativeWork struct {
	Type          string       `json:"@type"`
	URL           string       `json:"url,omitempty"`
	Headline      string       `json:"headline,omitempty"`
	Publisher     *schemaAgent `json:"publisher,omitempty"`
	DatePublished string       `json:"datePublished,omitempty"`
}

// claimReview maps a published verdict to a ClaimReview without @context.
func claimReview(in ClaimReviewInput) (claimReviewDoc, error) {
	if err := checkVersions(in.Versions); err != nil {
		return claimReviewDoc{}, err
	}
	first, current := in.Versions[0], in.Versions[len(in.Versions)-1]
	if !webURL(in.URL) {
		return claimReviewDoc{}, fmt.Errorf("export: verdict %s: page URL %q must be an absolute http(s) URL", current.VerdictID, in.URL)
	}
	statement := strings.TrimSpace(current.Claim.Statement)
	if statement == "" {
		return claimReviewDoc{}, fmt.Errorf("export: verdict %s: the claim has no statement", current.VerdictID)
	}
	org := strings.TrimSpace(current.Organisation.Name)
	if org == "" {
		return claimReviewDoc{}, factcheck.Invalid("organisation.name", "a published fact-check needs the name of the organisation that publishes it; set it in the workspace settings")
	}
	rating, err := rating(current)
	if err != nil {
		return claimReviewDoc{}, err
	}

	doc := claimReviewDoc{
		Type:          "ClaimReview",
		URL:           in.URL,
		ClaimReviewed: statement,
		ReviewRating:  rating,
		Author:        schemaAgent{Type: "Organization", Name: org, URL: webURLOrEmpty(current.Organisation.URL)},
		DatePublished: timestamp(first.PublishedAt),
		ItemReviewed:  reviewedClaim{Type: "Claim"},
	}
	if len(in.Versions) > 1 {
		doc.DateModified = timestamp(current.PublishedAt)
	}

	c := current.Claim
	if claimant := strings.TrimSpace(c.Claimant); claimant != "" {
		doc.ItemReviewed.Author = &schemaAgent{Type: "Person", Name: claimant}
	}
	if c.ClaimDate != nil {
		doc.ItemReviewed.DatePublished = c.ClaimDate.Format(time.DateOnly)
	}
	for _, a := range c.Appearances {
		w := creativeWork{Type: "CreativeWork", URL: webURLOrEmpty(a.ArticleURL), Headline: strings.TrimSpace(a.ArticleTitle)}
		if w.URL == "" && w.Headline == "" {
			continue // nothing that says which work it was
		}
		if p := strings.TrimSpace(a.Publisher); p != "" {
			w.Publisher = &schemaAgent{Type: "Organization", Name: p}
		}
		if a.PublishedAt != nil {
			w.DatePublished = timestamp(*a.PublishedAt)
		}
		doc.ItemReviewed.Appearance = append(doc.ItemReviewed.Appearance, w)
	}
	return doc, nil
}

// rating maps the current version's rating: the label always, the numbers
// only for a label on the scale, and only when they make sense together.
func rating(p factcheck.Publication) (reviewRating, error) {
	label := strings.TrimSpace(p.Rating.Label)
	if label == "" {
		return reviewRating{}, fmt.Errorf("export: verdict %s: the rating has no label", p.VerdictID)
	}
	r := reviewRating{Type: "Rating", AlternateName: label}
	if !p.Rating.OnScale || p.Rating.Value == nil || p.BestRating == nil || p.WorstRating == nil {
		return r, nil
	}
	value, best, worst := *p.Rating.Value, *p.BestRating, *p.WorstRating
	if worst >= best || value < worst || value > best {
		return reviewRating{}, fmt.Errorf("export: verdict %s: rating %q has value %d, outside the scale %d to %d", p.VerdictID, label, value, worst, best)
	}
	r.RatingValue, r.BestRating, r.WorstRating = &value, &best, &worst
	return r, nil
}

// checkVersions refuses versions that are not one verdict's publications,
// oldest first.
func checkVersions(versions []factcheck.Publication) error {
	if len(versions) == 0 {
		return errors.New("export: a ClaimReview needs at least one published version")
	}
	for i, v := range versions {
		if v.PublishedAt.IsZero() {
			return fmt.Errorf("export: verdict %s: version %d has no publication time", v.VerdictID, v.Number)
		}
		if i == 0 {
			continue
		}
		prev := versions[i-1]
		if v.VerdictID != prev.VerdictID {
			return fmt.Errorf("export: versions of two verdicts (%s and %s) in one ClaimReview", prev.VerdictID, v.VerdictID)
		}
		if v.Number <= prev.Number || v.PublishedAt.Before(prev.PublishedAt) {
			return fmt.Errorf("export: verdict %s: versions must be oldest first (version %d published %s comes after version %d published %s)",
				v.VerdictID, v.Number, timestamp(v.PublishedAt), prev.Number, timestamp(prev.PublishedAt))
		}
	}
	return nil
}

// webURL reports whether s is an absolute http(s) URL with a host.
func webURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return (scheme == "http" || scheme == "https") && u.Host != ""
}

func webURLOrEmpty(s string) string {
	s = strings.TrimSpace(s)
	if !webURL(s) {
		return ""
	}
	return s
}
