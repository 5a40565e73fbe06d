package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The W3C Web Annotation Working Group's test assertions live beside the
// project, in ../shared (see ../shared/README.md); the tests run in
// server/internal/export.
const w3cTestsDir = "../../../../shared/w3c-web-annotation-tests"

// The lists of "Must" assertions, by the kind of document they apply to.
const (
	annotationMusts = "annotations/annotationMusts.test"
	collectionMusts = "collections/collectionMusts.test"
	pageMusts       = "collections/pages/pageMusts.test"
)

// must is one W3C assertion: a draft-04 JSON Schema and whether a conforming
// document is expected to be valid against it.
type must struct {
	name          string // as the .test file lists it, e.g. "annotations/3.1-annotationIdValidated.json"
	schema        *jsonschema.Schema
	expectValid   bool
	assertionType string
	errorMessage  string
}

// w3cSuite holds the compiled Musts of each list.
type w3cSuite struct {
	dir   string
	musts map[string][]must // by list file
}

var loadW3C = sync.OnceValues(func() (*w3cSuite, error) {
	dir, err := filepath.Abs(w3cTestsDir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("the W3C Web Annotation test assertions are missing: expected them at %s (../shared/w3c-web-annotation-tests beside the repository, see ../shared/README.md)", dir)
	}
	loader, err := newByNameLoader(dir)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat() // "not a uri" must fail: the W3C runner checks formats
	c.UseLoader(loader)

	s := &w3cSuite{dir: dir, musts: map[string][]must{}}
	for _, list := range []string{annotationMusts, collectionMusts, pageMusts} {
		names, err := readTestList(filepath.Join(dir, list))
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			m, err := compileMust(c, dir, name)
			if err != nil {
				return nil, err
			}
			s.musts[list] = append(s.musts[list], m)
		}
	}
	return s, nil
})

// w3c returns the compiled Musts, failing the test (never skipping it) when
// they cannot be loaded.
func w3c(t *testing.T) *w3cSuite {
	t.Helper()
	s, err := loadW3C()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// readTestList returns the assertion schemas a .test file lists.
func readTestList(file string) ([]string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var test struct {
		Assertions []json.RawMessage `json:"assertions"`
	}
	if err := json.Unmarshal(b, &test); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var names []string
	for _, raw := range test.Assertions {
		var name string
		if err := json.Unmarshal(raw, &name); err != nil {
			// The W3C format also allows nested assertion objects (and/or
			// groups); none of the lists we use has one, so refuse rather
			// than misread.
			return nil, fmt.Errorf("%s: assertion %s is not a schema file name; this harness reads file names only", file, raw)
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s lists no assertions", file)
	}
	return names, nil
}

func compileMust(c *jsonschema.Compiler, dir, name string) (must, error) {
	file := filepath.Join(dir, filepath.FromSlash(name))
	b, err := os.ReadFile(file)
	if err != nil {
		return must{}, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return must{}, fmt.Errorf("%s: %w", name, err)
	}
	var meta struct {
		AssertionType  string `json:"assertionType"`
		ExpectedResult string `json:"expectedResult"`
		ErrorMessage   string `json:"errorMessage"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return must{}, fmt.Errorf("%s: %w", name, err)
	}
	m := must{name: name, assertionType: meta.AssertionType, errorMessage: meta.ErrorMessage}
	// As the W3C runner does: "valid" when absent.
	switch meta.ExpectedResult {
	case "", "valid":
		m.expectValid = true
	case "invalid":
		m.expectValid = false
	default:
		return must{}, fmt.Errorf("%s: unknown expectedResult %q", name, meta.ExpectedResult)
	}
	// The assertion itself is added under its own path; everything it
	// refers to is found by file name (byNameLoader).
	loc := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	if err := c.AddResource(loc, doc); err != nil {
		return must{}, fmt.Errorf("%s: %w", name, err)
	}
	if m.schema, err = c.Compile(loc); err != nil {
		return must{}, fmt.Errorf("compile %s: %w", name, err)
	}
	return m, nil
}

// byNameLoader resolves a $ref as the W3C runner does: by the referenced
// file's name alone, in any of the definitions/, annotations/ and
// collections/ folders (at any depth), ignoring letter case (one reference,
// 4.2-textDataPositionSelectorValid.json, differs in case from its file).
type byNameLoader struct {
	files map[string][]string // lower-case file name -> paths
}

func newByNameLoader(dir string) (*byNameLoader, error) {
	l := &byNameLoader{files: map[string][]string{}}
	for _, folder := range []string{"definitions", "annotations", "collections"} {
		err := filepath.WalkDir(filepath.Join(dir, folder), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
				key := strings.ToLower(d.Name())
				l.files[key] = append(l.files[key], p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (l *byNameLoader) Load(loc string) (any, error) {
	u, err := url.Parse(loc)
	if err != nil {
		return nil, err
	}
	name := strings.ToLower(path.Base(u.Path))
	switch found := l.files[name]; len(found) {
	case 0:
		return nil, fmt.Errorf("no schema file is named %q", path.Base(u.Path))
	case 1:
		f, err := os.Open(found[0])
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return jsonschema.UnmarshalJSON(f)
	default:
		return nil, fmt.Errorf("%d schema files are named %q: %v", len(found), path.Base(u.Path), found)
	}
}

// failures returns the Musts of a list that doc does not meet, each with the
// W3C error message and the validator's reason.
func (s *w3cSuite) failures(list string, doc any) []string {
	var failed []string
	for _, m := range s.musts[list] {
		err := m.schema.Validate(doc)
		if verr := (*jsonschema.ValidationError)(nil); err != nil && !errors.As(err, &verr) {
			failed = append(failed, fmt.Sprintf("%s: validator error: %v", m.name, err))
			continue
		}
		switch {
		case m.expectValid && err != nil:
			failed = append(failed, fmt.Sprintf("%s: %s\n%v", m.name, m.errorMessage, err))
		case !m.expectValid && err == nil:
			failed = append(failed, fmt.Sprintf("%s: %s (valid, but a conforming document must not be)", m.name, m.errorMessage))
		}
	}
	return failed
}

// failedNames returns the names of the Musts in failures' output.
func failedNames(failures []string) []string {
	names := make([]string, len(failures))
	for i, f := range failures {
		names[i], _, _ = strings.Cut(f, ":")
	}
	sort.Strings(names)
	return names
}

// parseJSON reads a document as the validator wants it (numbers as
// json.Number).
func parseJSON(t *testing.T, b []byte) any {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return doc
}

// listFor names the Must list for a document by its type.
func listFor(doc any) (string, error) {
	obj, ok := doc.(map[string]any)
	if !ok {
		return "", errors.New("not a JSON object")
	}
	switch obj["type"] {
	case "Annotation":
		return annotationMusts, nil
	case "AnnotationCollection":
		return collectionMusts, nil
	case "AnnotationPage":
		return pageMusts, nil
	}
	return "", fmt.Errorf("type %v is not Annotation, AnnotationCollection or AnnotationPage", obj["type"])
}

// TestW3CMustsAreLoaded guards the counts the issue names, so that a list
// read short cannot make every later check pass vacuously.
func TestW3CMustsAreLoaded(t *testing.T) {
	s := w3c(t)
	for list, want := range map[string]int{annotationMusts: 54, collectionMusts: 10, pageMusts: 15} {
		if got := len(s.musts[list]); got != want {
			t.Errorf("%s: %d Musts compiled, want %d", list, got, want)
		}
	}
}

// TestW3CHarnessOnSamples proves the validator on the W3C's own samples
// before it judges ours: correct samples pass every Must (but for the three
// the W3C suite itself flags), and every parseable incorrect sample fails at
// least one.
func TestW3CHarnessOnSamples(t *testing.T) {
	s := w3c(t)
	// Composite/List/Independents targets (model 3.2.7, at risk) are not
	// among the target kinds 3.2-targetObjectsRecognized knows.
	knownFailures := map[string][]string{
		"anno11.json": {"annotations/3.2-targetObjectsRecognized.json"},
		"anno12.json": {"annotations/3.2-targetObjectsRecognized.json"},
		"anno13.json": {"annotations/3.2-targetObjectsRecognized.json"},
	}
	// The page Musts read partOf as the collection's embedded description
	// (an object), so the model's own example pages, whose partOf is the
	// collection's IRI, fail the seven that look inside it. Our pages embed
	// partOf as an object and must pass all of them.
	partOfAsIRI := []string{
		"collections/pages/3.3.1-pageCreatedValidated.json",
		"collections/pages/3.3.1-pageModifiedValidated.json",
		"collections/pages/3.3.6-pageRightsValidated.json",
		"collections/pages/5.2-pageFirstValidated.json",
		"collections/pages/5.2-pageLabelValidated.json",
		"collections/pages/5.2-pageLastValidated.json",
		"collections/pages/5.2-pageTotalValidated.json",
	}
	knownFailures["example42.json"] = partOfAsIRI
	knownFailures["example43.json"] = partOfAsIRI

	correct := samples(t, filepath.Join(s.dir, "tools/samples/correct"))
	if len(correct) < 40 {
		t.Fatalf("only %d correct samples found", len(correct))
	}
	checked := 0
	for _, file := range correct {
		name := filepath.Base(file)
		t.Run("correct/"+name, func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc := parseJSON(t, b)
			list, err := listFor(doc)
			if err != nil {
				t.Fatal(err)
			}
			got := failedNames(s.failures(list, doc))
			want := knownFailures[name]
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("failed Musts %v, want %v:\n%s", got, want, strings.Join(s.failures(list, doc), "\n"))
			}
			checked += len(s.musts[list])
		})
	}

	incorrect := samples(t, filepath.Join(s.dir, "tools/samples/incorrect"))
	parseable := 0
	for _, file := range incorrect {
		name := filepath.Base(file)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			continue // several are deliberately not JSON
		}
		parseable++
		t.Run("incorrect/"+name, func(t *testing.T) {
			list, err := listFor(doc)
			if err != nil {
				list = annotationMusts // an incorrect sample may have no usable type
			}
			failed := s.failures(list, doc)
			if len(failed) == 0 {
				t.Errorf("passes every one of the %d Musts of %s", len(s.musts[list]), list)
			}
			if name == "anno6.json" {
				// "id": "not a uri" is caught only by the uri format.
				if got := failedNames(failed); strings.Join(got, ",") != "annotations/3.1-annotationIdValidated.json" {
					t.Errorf("anno6 failed %v, want only the id Must", got)
				}
			}
		})
	}
	if parseable < 15 {
		t.Errorf("only %d parseable incorrect samples", parseable)
	}
	t.Logf("%d correct samples (%d Must checks), %d parseable incorrect samples of %d", len(correct), checked, parseable, len(incorrect))
}

// TestW3CHarnessChecksFormats shows why formats must be asserted: anno6's
// only fault is an id that is not a URI.
func TestW3CHarnessChecksFormats(t *testing.T) {
	s := w3c(t)
	b, err := os.ReadFile(filepath.Join(s.dir, "tools/samples/incorrect/anno6.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc := parseJSON(t, b)
	if doc.(map[string]any)["id"] != "not a uri" {
		t.Fatalf("anno6 changed: id is %v", doc.(map[string]any)["id"])
	}
	// Draft-04 asserts formats by default; make "uri" accept anything to
	// see what a validator that skips formats would say.
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.RegisterFormat(&jsonschema.Format{Name: "uri", Validate: func(any) error { return nil }})
	loader, err := newByNameLoader(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	c.UseLoader(loader)
	lax, err := compileMust(c, s.dir, "annotations/3.1-annotationIdValidated.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := lax.schema.Validate(doc); err != nil {
		t.Errorf("without format assertions anno6 was expected to pass the id Must, got %v", err)
	}
}

func samples(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}
