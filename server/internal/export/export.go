// Package export writes Factdesk's public formats: annotations and an
// article's AnnotationCollection as W3C Web Annotation JSON-LD
// (https://www.w3.org/TR/annotation-model/), an article's claims as CSV, and
// each published verdict as a schema.org ClaimReview JSON-LD document
// (https://schema.org/ClaimReview), alone or in a DataFeed of them (see
// ClaimReview for that mapping).
//
// It knows nothing of storage: callers fill this package's own input types
// (or, for ClaimReview, factcheck's Publication snapshots) from whatever they
// loaded. It depends on the standard library and on factcheck only.
//
// # Mapping to the W3C model
//
// IRIs are built from Links.BaseURL and name the API resources:
//
//	annotation      <base>/api/annotations/<id>
//	reply           <base>/api/replies/<id>
//	article version <base>/api/articles/<id>/versions/<n>
//	claim           <base>/api/claims/<id>
//	person          <base>/api/users/<id>
//	collection      <base>/api/articles/<id>/annotations/export
//	page n          <base>/api/articles/<id>/annotations/export?page=<n>
//
// Motivations: a comment with a note is "commenting"; a comment with only
// tags is "tagging"; one that only points to a claim is "linking"; a bare
// highlight is "highlighting". A claim highlight is "identifying": it says
// which claim the passage states, by a SpecificResource body whose source is
// the claim (labelled with its statement) and whose purpose is "identifying".
// We do not use "assessing", because the annotation carries no assessment:
// the rating lives in the claim's verdict, which is published separately as
// schema.org ClaimReview; nor "classifying", which would say only that the
// passage is a claim, not which one. A note keeps its own purpose,
// "commenting" (format text/markdown), and each tag is a TextualBody with
// purpose "tagging". Bodies are always a list, in that order: note, tags,
// claim.
//
// The target is a SpecificResource whose source is the article version the
// selectors were counted on (our extracted plain text: positions would not
// hold against the live page), with a TextQuoteSelector and a
// TextPositionSelector in one list, which the model reads as alternatives
// selecting the same passage. When the article was imported from a URL, that
// URL is the target's scope, the model's term for the context in which a
// resource was seen ("Scope of a Resource"): the page in which the passage was
// read. It is not the source, because the selectors would not hold there
// (the page may have changed, and its text is not our extracted text).
//
// An orphaned annotation (no longer anchored in the current version) is still
// exported, with the TextQuoteSelector alone: its positions no longer
// describe the text, while the quote with its prefix and suffix is exactly
// what a W3C client searches for, and a quote it cannot find is how such
// clients recognise an orphan. We add no Factdesk-specific term to say so:
// terms missing from the anno.jsonld context are dropped by JSON-LD
// processors, or would need a second context that every consumer would have
// to understand.
//
// Replies are annotations in their own right in the W3C model: each is an
// annotation with motivation "replying" whose target is the parent
// annotation's IRI. AnnotationJSONLD exports the one annotation only;
// CollectionJSONLD includes every reply right after its parent, so the
// collection is the whole conversation.
package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kinds of annotation.
const (
	KindComment = "comment"
	KindClaim   = "claim"
)

// Creator is the person who wrote an annotation or a reply.
type Creator struct {
	ID   string
	Name string
}

// Reply is an answer to an annotation, in Markdown.
type Reply struct {
	ID       string
	Body     string
	Creator  Creator
	Created  time.Time
	Modified time.Time
}

// Annotation is a highlight on an article version with its note, tags and
// replies, as the export needs it.
type Annotation struct {
	ID   string
	Kind string // KindComment or KindClaim

	// The W3C TextQuoteSelector and TextPositionSelector; Start and End
	// count Unicode code points of the version's plain text.
	Exact, Prefix, Suffix string
	Start, End            int

	Body    string // the Markdown note; may be empty
	Tags    []string
	Replies []Reply

	// Set when the highlight points to a claim.
	ClaimID, ClaimStatement string

	Creator           Creator
	Created, Modified time.Time

	// Orphaned is true when the annotation is no longer anchored in the
	// article version being exported: only its quote is exported.
	Orphaned bool
}

// Article is the article version the annotations are anchored in. Its
// number, not its database id, names it in IRIs: "version 3 of article X" is
// what a reader can follow.
type Article struct {
	ID            string
	Title         string
	SourceURL     string // where it was imported from; may be empty
	VersionNumber int    // from 1
}

// Links says where this Factdesk is served, so that every exported thing gets
// an absolute IRI.
type Links struct {
	BaseURL string // e.g. "https://desk.example.org"
}

// The W3C vocabulary this package writes.
const (
	annoContext = "http://www.w3.org/ns/anno.jsonld"
	// ProjectURL is Factdesk's home page, given as the generator's homepage.
	ProjectURL = "https://github.com/factdesk/factdesk"
	// MediaType is the media type of the JSON-LD documents, with the W3C
	// profile, for a Content-Type header.
	MediaType = `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`
)

// AnnotationJSONLD returns one annotation as a W3C Web Annotation JSON-LD
// document. Its replies are not part of it (see the package comment).
func AnnotationJSONLD(l Links, a Article, ann Annotation) ([]byte, error) {
	iris, err := newIRIs(l)
	if err != nil {
		return nil, err
	}
	doc, err := iris.annotation(a, ann)
	if err != nil {
		return nil, err
	}
	doc.Context = annoContext
	return encode(doc)
}

// webAnnotation is one Annotation of the W3C model. Field order is the order
// of the JSON document.
type webAnnotation struct {
	Context    string `json:"@context,omitempty"`
	ID         string `json:"id"`
	Type       string `json:"type"`
	Motivation string `json:"motivation"`
	Creator    *agent `json:"creator,omitempty"`
	Created    string `json:"created,omitempty"`
	Modified   string `json:"modified,omitempty"`
	Generator  agent  `json:"generator"`
	Body       []any  `json:"body,omitempty"`
	Target     any    `json:"target"` // a targetResource, or an IRI for a reply
}

type agent struct {
	ID       string `json:"id,omitempty"`
	Type     string `json:"type"`
	Name     string `json:"name,omitempty"`
	Homepage string `json:"homepage,omitempty"`
}

type textualBody struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Format  string `json:"format,omitempty"`
	Purpose string `json:"purpose,omitempty"`
}

type specificResource struct {
	Type    string   `json:"type"`
	Purpose string   `json:"purpose"`
	Source  resource `json:"source"`
}

type resource struct {
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
}

type targetResource struct {
	Type     string `json:"type"`
	Source   string `json:"source"`
	Scope    string `json:"scope,omitempty"`
	Selector []any  `json:"selector"`
}

type textQuoteSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

type textPositionSelector struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// iris builds the absolute IRIs of everything exported.
type iris struct {
	base string // without a trailing slash
}

func newIRIs(l Links) (iris, error) {
	base := strings.TrimRight(l.BaseURL, "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return iris{}, fmt.Errorf("export: base URL %q must be an absolute http(s) URL without query or fragment", l.BaseURL)
	}
	return iris{base: base}, nil
}

func (i iris) path(segments ...string) string {
	var b strings.Builder
	b.WriteString(i.base)
	b.WriteString("/api")
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

func (i iris) annotationIRI(id string) string { return i.path("annotations", id) }
func (i iris) replyIRI(id string) string      { return i.path("replies", id) }
func (i iris) claimIRI(id string) string      { return i.path("claims", id) }
func (i iris) userIRI(id string) string       { return i.path("users", id) }
func (i iris) versionIRI(a Article) string {
	return i.path("articles", a.ID, "versions", strconv.Itoa(a.VersionNumber))
}
func (i iris) collectionIRI(a Article) string {
	return i.path("articles", a.ID, "annotations", "export")
}
func (i iris) pageIRI(a Article, page int) string {
	return i.collectionIRI(a) + "?page=" + strconv.Itoa(page)
}

func (i iris) generator() agent {
	return agent{ID: i.base + "/", Type: "Software", Name: "Factdesk", Homepage: ProjectURL}
}

func (i iris) creator(c Creator) *agent {
	if c.ID == "" && c.Name == "" {
		return nil
	}
	p := &agent{Type: "Person", Name: c.Name}
	if c.ID != "" {
		p.ID = i.userIRI(c.ID)
	}
	return p
}

// annotation maps ann to the W3C model, without @context (a page's items
// share the page's).
func (i iris) annotation(a Article, ann Annotation) (webAnnotation, error) {
	if err := checkArticle(a); err != nil {
		return webAnnotation{}, err
	}
	if err := checkAnnotation(ann); err != nil {
		return webAnnotation{}, err
	}
	doc := webAnnotation{
		ID:        i.annotationIRI(ann.ID),
		Type:      "Annotation",
		Creator:   i.creator(ann.Creator),
		Created:   timestamp(ann.Created),
		Modified:  timestamp(ann.Modified),
		Generator: i.generator(),
	}

	if ann.Body != "" {
		doc.Body = append(doc.Body, textualBody{Type: "TextualBody", Value: ann.Body, Format: "text/markdown", Purpose: "commenting"})
	}
	tagged := false
	for _, tag := range ann.Tags {
		if tag == "" {
			continue
		}
		tagged = true
		doc.Body = append(doc.Body, textualBody{Type: "TextualBody", Value: tag, Purpose: "tagging"})
	}
	if ann.ClaimID != "" {
		purpose := "identifying"
		if ann.Kind != KindClaim {
			purpose = "linking" // a comment that mentions a claim without stating it
		}
		doc.Body = append(doc.Body, specificResource{
			Type:    "SpecificResource",
			Purpose: purpose,
			Source:  resource{ID: i.claimIRI(ann.ClaimID), Label: ann.ClaimStatement},
		})
	}

	switch {
	case ann.Kind == KindClaim:
		doc.Motivation = "identifying"
	case ann.Body != "":
		doc.Motivation = "commenting"
	case tagged:
		doc.Motivation = "tagging"
	case ann.ClaimID != "":
		doc.Motivation = "linking"
	default:
		doc.Motivation = "highlighting"
	}

	target := targetResource{Type: "SpecificResource", Source: i.versionIRI(a), Scope: a.SourceURL}
	target.Selector = append(target.Selector, textQuoteSelector{Type: "TextQuoteSelector", Exact: ann.Exact, Prefix: ann.Prefix, Suffix: ann.Suffix})
	if !ann.Orphaned {
		target.Selector = append(target.Selector, textPositionSelector{Type: "TextPositionSelector", Start: ann.Start, End: ann.End})
	}
	doc.Target = target
	return doc, nil
}

// reply maps a reply to an annotation with motivation "replying" whose
// target is its parent annotation.
func (i iris) reply(parent Annotation, r Reply) (webAnnotation, error) {
	if r.ID == "" {
		return webAnnotation{}, fmt.Errorf("export: a reply to annotation %s has no id", parent.ID)
	}
	doc := webAnnotation{
		ID:         i.replyIRI(r.ID),
		Type:       "Annotation",
		Motivation: "replying",
		Creator:    i.creator(r.Creator),
		Created:    timestamp(r.Created),
		Modified:   timestamp(r.Modified),
		Generator:  i.generator(),
		Target:     i.annotationIRI(parent.ID),
	}
	if r.Body != "" {
		doc.Body = []any{textualBody{Type: "TextualBody", Value: r.Body, Format: "text/markdown"}}
	}
	return doc, nil
}

func checkArticle(a Article) error {
	if a.ID == "" {
		return errors.New("export: the article has no id")
	}
	if a.VersionNumber < 1 {
		return fmt.Errorf("export: article %s: version number %d is not a version", a.ID, a.VersionNumber)
	}
	if a.SourceURL != "" {
		u, err := url.Parse(a.SourceURL)
		if err != nil || !u.IsAbs() {
			return fmt.Errorf("export: article %s: source URL %q is not an absolute URL", a.ID, a.SourceURL)
		}
	}
	return nil
}

// checkAnnotation refuses what would make a false or invalid document: both
// selectors of a list must select the same passage.
func checkAnnotation(ann Annotation) error {
	if ann.ID == "" {
		return errors.New("export: an annotation has no id")
	}
	if ann.Kind != KindComment && ann.Kind != KindClaim {
		return fmt.Errorf("export: annotation %s: kind %q is neither comment nor claim", ann.ID, ann.Kind)
	}
	if ann.Exact == "" {
		return fmt.Errorf("export: annotation %s: the quoted passage is empty", ann.ID)
	}
	if ann.Orphaned {
		return nil
	}
	if ann.Start < 0 || ann.End <= ann.Start {
		return fmt.Errorf("export: annotation %s: position %d-%d is not a passage", ann.ID, ann.Start, ann.End)
	}
	if n := utf8.RuneCountInString(ann.Exact); n != ann.End-ann.Start {
		return fmt.Errorf("export: annotation %s: position %d-%d spans %d code points but the quote has %d", ann.ID, ann.Start, ann.End, ann.End-ann.Start, n)
	}
	return nil
}

// timestamp writes t as an xsd:dateTime in UTC, as the model recommends; the
// zero time is left out.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("export: encode JSON-LD: %w", err)
	}
	return b, nil
}
