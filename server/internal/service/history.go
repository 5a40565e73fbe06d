package service

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
)

// maxHistory bounds the events one history reads.
const maxHistory = 5000

// HistoryEntry is one thing that happened to a claim, its evidence or its
// verdict: who, what and when, and how the rationale changed.
type HistoryEntry struct {
	Seq           int64
	Type          string
	Actor         *factcheck.UserRef
	At            time.Time
	Summary       string
	State         factcheck.VerdictState
	Rating        string
	Comment       string
	RationaleDiff []DiffPart // nil when the rationale did not change
}

// DiffPart is a run of text that is the same, inserted or deleted.
type DiffPart struct {
	Op   string // equal, insert or delete
	Text string
}

// historyPayload is what a history reads of an event's payload, whatever
// its type.
type historyPayload struct {
	Verdict *struct {
		State     factcheck.VerdictState `json:"state"`
		Rating    string                 `json:"rating"`
		Rationale string                 `json:"rationale"`
	} `json:"verdict"`
	Comment string `json:"comment"`
	// claim.assigned
	Claim *struct {
		Assignee *factcheck.UserRef `json:"assignee"`
	} `json:"claim"`
	// evidence.*
	URL     string          `json:"url"`
	Title   string          `json:"title"`
	Deleted json.RawMessage `json:"deleted"`
	// annotation.*: the highlight that quotes the claim
	Selectors *struct {
		Quote struct {
			Exact string `json:"exact"`
		} `json:"quote"`
	} `json:"selectors"`
}

var verdictSummaries = map[string]string{
	factcheck.EventVerdictCreated:   "started the verdict",
	factcheck.EventVerdictUpdated:   "edited the verdict",
	"verdict.in_review":             "submitted the verdict for review",
	"verdict.changes_requested":     "sent the verdict back",
	"verdict.approved":              "approved the verdict",
	"verdict.published":             "published the verdict",
	"verdict.draft":                 "withdrew the verdict from review",
	factcheck.EventVerdictCorrected: "published a correction",
}

// ClaimHistory returns everything that happened to a claim, its evidence
// and its verdict, oldest first, read from the events table.
func (s *Service) ClaimHistory(ctx context.Context, user factcheck.User, claimID string) ([]HistoryEntry, error) {
	c, m, err := s.claim(ctx, user, claimID)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	// Number what has committed, so that the history includes the change
	// its reader just made (events are numbered after commit).
	if _, err := s.store.SequenceEvents(ctx); err != nil {
		return nil, err
	}
	events, err := s.store.RoomEvents(ctx, store.RoomFilter{ClaimID: c.ID}, 0, 0, maxHistory)
	if err != nil {
		return nil, err
	}
	return history(events), nil
}

// history turns a claim room's events into entries, diffing each
// rationale against the one before it.
func history(events []factcheck.Event) []HistoryEntry {
	out := make([]HistoryEntry, 0, len(events))
	rationale, rating := "", ""
	for _, e := range events {
		var p historyPayload
		_ = json.Unmarshal(e.Payload, &p) // an unexpected payload still has its type, actor and time
		entry := HistoryEntry{Seq: e.Seq, Type: e.Type, Actor: e.Actor, At: e.CreatedAt, Comment: p.Comment}
		if summary, ok := verdictSummaries[e.Type]; ok && p.Verdict != nil {
			entry.Summary, entry.State, entry.Rating = summary, p.Verdict.State, p.Verdict.Rating
			if p.Verdict.Rationale != rationale {
				entry.RationaleDiff = diffText(rationale, p.Verdict.Rationale)
				rationale = p.Verdict.Rationale
			}
			if p.Verdict.Rating != rating && rating != "" {
				entry.Summary += fmt.Sprintf(" (rating %s → %s)", rating, p.Verdict.Rating)
			}
			rating = p.Verdict.Rating
		} else {
			entry.Summary = summarize(e.Type, p)
		}
		out = append(out, entry)
	}
	return out
}

func summarize(typ string, p historyPayload) string {
	evidence := strings.TrimSpace(p.Title)
	if evidence == "" {
		evidence = p.URL
	}
	switch typ {
	case factcheck.EventClaimCreated:
		return "found the claim"
	case factcheck.EventAnnotationCreated, factcheck.EventAnnotationUpdated:
		if p.Selectors != nil {
			return "highlighted the claim: “" + p.Selectors.Quote.Exact + "”"
		}
	case factcheck.EventClaimUpdated:
		return "edited the claim"
	case factcheck.EventClaimAssigned:
		if p.Claim != nil && p.Claim.Assignee != nil {
			return "assigned the claim to " + p.Claim.Assignee.Name
		}
		return "unassigned the claim"
	case factcheck.EventEvidenceCreated:
		return "added evidence: " + evidence
	case factcheck.EventEvidenceUpdated:
		return "edited evidence: " + evidence
	case factcheck.EventEvidenceDeleted:
		var d struct {
			Title string `json:"title"`
			URL   string `json:"url"`
		}
		_ = json.Unmarshal(p.Deleted, &d)
		if d.Title == "" {
			d.Title = d.URL
		}
		return "removed evidence: " + d.Title
	}
	return strings.ReplaceAll(typ, ".", " ")
}

// diffText is the word-level difference between two texts.
func diffText(before, after string) []DiffPart {
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(before, after, false))
	out := make([]DiffPart, 0, len(diffs))
	for _, d := range diffs {
		op := "equal"
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "insert"
		case diffmatchpatch.DiffDelete:
			op = "delete"
		}
		out = append(out, DiffPart{Op: op, Text: d.Text})
	}
	return out
}
