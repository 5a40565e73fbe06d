package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestClaimsCSV(t *testing.T) {
	said := time.Date(2016, 10, 9, 0, 0, 0, 0, time.UTC)
	article := Article{ID: "art-1", Title: "Debate, night 2", SourceURL: "https://news.example.com/debate", VersionNumber: 2}
	claims := []Claim{
		{
			ID: "claim-1", Statement: `She deleted "30,000" emails`, Claimant: "Candidate A", ClaimDate: &said,
			Quotes:          []string{"the 30,000 emails that are missing", "thirty thousand, she said"},
			AnnotationCount: 2, EvidenceCount: 3, Verdict: "Mostly false", CreatedBy: "Ana Checker", Created: created,
		},
		{
			ID: "claim-2", Statement: "=HYPERLINK(\"https://evil.example\",\"click\")", Claimant: "+1 555 0100",
			Quotes:    []string{"-5% growth", "@everyone knows"},
			CreatedBy: "\tBob", Created: created,
		},
		{
			ID: "claim-3", Statement: "Le café coûte 2 € 😀, 東京", Claimant: "\rCR first", Verdict: "Old Mac\rand Windows\r\nline ends",
			Quotes: []string{"line one\nline two"}, CreatedBy: "Zoë", Created: created,
		},
		{ID: "claim-4", Statement: "bad \xff byte", Claimant: "a=b is fine inside", CreatedBy: "x", Created: created},
	}

	var buf bytes.Buffer
	if err := ClaimsCSV(&buf, article, claims); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !utf8.Valid(out) {
		t.Fatal("the CSV is not valid UTF-8")
	}
	if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		t.Error("the CSV starts with a byte order mark")
	}
	// RFC 4180: records end with CRLF, the header row comes first.
	if !bytes.HasPrefix(out, []byte(strings.Join(ClaimsHeader, ",")+"\r\n")) {
		t.Errorf("header row: %q", out[:min(len(out), 200)])
	}
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Error("the last record does not end with CRLF")
	}

	// A lone CR is a line break: written as CRLF inside the quoted cell,
	// after the apostrophe.
	if !bytes.Contains(out, []byte("\"'\r\nCR first\"")) {
		t.Errorf("a cell starting with CR is not neutralised:\n%q", out)
	}

	r := csv.NewReader(bytes.NewReader(out))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("our CSV does not read back: %v\n%s", err, out)
	}
	if len(rows) != 1+len(claims) {
		t.Fatalf("%d rows, want a header and %d claims", len(rows), len(claims))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	cell := func(row int, name string) string {
		t.Helper()
		i, ok := col[name]
		if !ok {
			t.Fatalf("no column %q", name)
		}
		return rows[row][i]
	}

	for _, tc := range []struct {
		row        int
		name, want string
	}{
		// Commas, quotes and newlines survive quoting.
		{1, "statement", `She deleted "30,000" emails`},
		{1, "quotes", "the 30,000 emails that are missing\nthirty thousand, she said"},
		{1, "claim_date", "2016-10-09"},
		{1, "annotations", "2"},
		{1, "evidence", "3"},
		{1, "verdict", "Mostly false"},
		{1, "created", "2026-03-01T08:30:00Z"},
		{1, "article_id", "art-1"},
		{1, "article_title", "Debate, night 2"},
		{1, "article_url", "https://news.example.com/debate"},
		// Cells a spreadsheet would run as a formula get an apostrophe.
		{2, "statement", "'=HYPERLINK(\"https://evil.example\",\"click\")"},
		{2, "claimant", "'+1 555 0100"},
		{2, "quotes", "'-5% growth\n@everyone knows"},
		{2, "created_by", "'\tBob"},
		{2, "claim_date", ""},
		{2, "verdict", ""},
		{2, "annotations", "0"},
		// UTF-8 text is written as is; a newline inside a cell stays one.
		{3, "statement", "Le café coûte 2 € 😀, 東京"},
		{3, "created_by", "Zoë"},
		{3, "quotes", "line one\nline two"},
		{3, "claimant", "'\nCR first"},
		{3, "verdict", "Old Mac\nand Windows\nline ends"},
		// Invalid UTF-8 from upstream becomes U+FFFD rather than a broken file.
		{4, "statement", "bad \uFFFD byte"},
		{4, "claimant", "a=b is fine inside"},
	} {
		if got := cell(tc.row, tc.name); got != tc.want {
			t.Errorf("row %d %s = %q, want %q", tc.row, tc.name, got, tc.want)
		}
	}
}

func TestClaimsCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := ClaimsCSV(&buf, Article{ID: "a", Title: "=cmd"}, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), strings.Join(ClaimsHeader, ",")+"\r\n"; got != want {
		t.Errorf("got %q, want only the header %q", got, want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestClaimsCSVReportsWriteErrors(t *testing.T) {
	err := ClaimsCSV(failingWriter{}, Article{ID: "a"}, []Claim{{ID: "c"}})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want the writer's error", err)
	}
}
