package export

import (
	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// CollectionJSONLD returns an article's annotations as a W3C
// AnnotationCollection (model section 5.1) when page < 0, or as its page
// number page, counting from 0, when page >= 0 (section 5.2).
//
// The collection's items are the annotations in the order given (document
// order, as the API lists them), each followed by its replies as "replying"
// annotations; total counts them all. The collection document names its
// pages by IRI (first, last) and embeds none; an empty collection has no
// pages, so it has no first or last, and asking for a page of it is a
// not-found error, as is any page past the last. A page embeds its
// annotations in full and names the collection (partOf, with its label and
// total), its place (startIndex) and its neighbours (next, prev).
func CollectionJSONLD(l Links, a Article, anns []Annotation, pageSize int, page int) ([]byte, error) {
	if pageSize < 1 {
		return nil, factcheck.Invalid("pageSize", "a page holds at least one annotation (got %d)", pageSize)
	}
	iris, err := newIRIs(l)
	if err != nil {
		return nil, err
	}
	if err := checkArticle(a); err != nil {
		return nil, err
	}
	items, err := iris.collectionItems(a, anns)
	if err != nil {
		return nil, err
	}
	total := len(items)
	pages := (total + pageSize - 1) / pageSize

	if page < 0 {
		c := annotationCollection{
			Context: annoContext,
			ID:      iris.collectionIRI(a),
			Type:    "AnnotationCollection",
			Label:   a.Title,
			Total:   total,
		}
		if pages > 0 {
			c.First = iris.pageIRI(a, 0)
			c.Last = iris.pageIRI(a, pages-1)
		}
		return encode(c)
	}

	if page >= pages {
		return nil, factcheck.NotFound("annotation page")
	}
	start := page * pageSize
	end := min(start+pageSize, total)
	p := annotationPage{
		Context: annoContext,
		ID:      iris.pageIRI(a, page),
		Type:    "AnnotationPage",
		PartOf: collectionRef{
			ID:    iris.collectionIRI(a),
			Label: a.Title,
			Total: total,
		},
		StartIndex: start,
		Items:      items[start:end],
	}
	if page+1 < pages {
		p.Next = iris.pageIRI(a, page+1)
	}
	if page > 0 {
		p.Prev = iris.pageIRI(a, page-1)
	}
	return encode(p)
}

type annotationCollection struct {
	Context string `json:"@context"`
	ID      string `json:"id"`
	Type    string `json:"type"`
	Label   string `json:"label,omitempty"`
	Total   int    `json:"total"`
	First   string `json:"first,omitempty"`
	Last    string `json:"last,omitempty"`
}

type collectionRef struct {
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
	Total int    `json:"total"`
}

type annotationPage struct {
	Context    string          `json:"@context"`
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	PartOf     collectionRef   `json:"partOf"`
	StartIndex int             `json:"startIndex"`
	Next       string          `json:"next,omitempty"`
	Prev       string          `json:"prev,omitempty"`
	Items      []webAnnotation `json:"items"`
}

// collectionItems flattens annotations and their replies into the
// collection's ordered items.
func (i iris) collectionItems(a Article, anns []Annotation) ([]webAnnotation, error) {
	items := make([]webAnnotation, 0, len(anns))
	for _, ann := range anns {
		doc, err := i.annotation(a, ann)
		if err != nil {
			return nil, err
		}
		items = append(items, doc)
		for _, r := range ann.Replies {
			doc, err := i.reply(ann, r)
			if err != nil {
				return nil, err
			}
			items = append(items, doc)
		}
	}
	return items, nil
}
