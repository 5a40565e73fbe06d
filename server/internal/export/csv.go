package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Claim is a claim highlighted in an article, as the CSV export needs it.
type Claim struct {
	ID              string
	Statement       string
	Claimant        string
	ClaimDate       *time.Time // when the claim was made; nil if unknown
	Quotes          []string   // the passages of this article that state it
	AnnotationCount int
	EvidenceCount   int
	Verdict         string // the rating label; empty while there is none
	CreatedBy       string
	Created         time.Time
}

// ClaimsHeader is the CSV export's header row.
var ClaimsHeader = []string{
	"claim_id", "statement", "claimant", "claim_date", "quotes",
	"annotations", "evidence", "verdict", "created_by", "created",
	"article_id", "article_title", "article_url",
}

// ClaimsCSV writes an article's claims as CSV (RFC 4180: comma-separated,
// CRLF line ends, fields quoted where needed), UTF-8 without a byte order
// mark, with a header row (ClaimsHeader) and one row per claim. Several
// quotes of one claim share a cell, one per line; every line break inside a
// cell is written as CRLF, like the record ends. Every row repeats the
// article's id, title and URL, so files from several articles can be
// concatenated (less their header rows) and still say where each claim was
// found.
//
// Text typed by users can be read as a formula by spreadsheets ("CSV
// injection"): every text cell that starts with =, +, -, @, a tab or a
// carriage return gets a leading apostrophe, which spreadsheets treat as
// "this is text" and do not display. Numbers and dates we write ourselves are
// left alone.
func ClaimsCSV(w io.Writer, a Article, claims []Claim) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(ClaimsHeader); err != nil {
		return fmt.Errorf("export: write claims CSV header: %w", err)
	}
	for _, c := range claims {
		claimDate := ""
		if c.ClaimDate != nil {
			claimDate = c.ClaimDate.Format(time.DateOnly)
		}
		row := []string{
			text(c.ID),
			text(c.Statement),
			text(c.Claimant),
			claimDate,
			text(strings.Join(c.Quotes, "\n")),
			strconv.Itoa(c.AnnotationCount),
			strconv.Itoa(c.EvidenceCount),
			text(c.Verdict),
			text(c.CreatedBy),
			timestamp(c.Created),
			text(a.ID),
			text(a.Title),
			text(a.SourceURL),
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("export: write claim %s to CSV: %w", c.ID, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export: write claims CSV: %w", err)
	}
	return nil
}

// lineBreaks turns CRLF and a lone CR into LF: encoding/csv, writing CRLF,
// writes every LF inside a cell as CRLF but drops a lone CR.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// text makes user-written text safe for a CSV cell: valid UTF-8, line breaks
// kept, and never read as a formula (see ClaimsCSV).
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	return lineBreaks.Replace(strings.ToValidUTF8(s, "\uFFFD"))
}
