package main

import (
	"math"
	"strings"
	"testing"
)

func TestPercentile(t *testing.T) {
	sorted := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tests := []struct {
		p    float64
		want float64
	}{{50, 5}, {95, 10}, {99, 10}, {10, 1}, {0, 1}, {100, 10}}
	for _, tt := range tests {
		if got := percentile(sorted, tt.p); got != tt.want {
			t.Errorf("percentile(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if !math.IsNaN(percentile(nil, 50)) {
		t.Error("the percentile of nothing should be NaN")
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{{[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{math.NaN(), 7, 5}, 6}}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSentenceSelectorsPointAtTheQuote(t *testing.T) {
	text := articleText(20)
	for _, n := range []int{0, 1, 19, 20, 57} {
		sel, err := sentenceSelectors(text, n)
		if err != nil {
			t.Fatal(err)
		}
		start, end := sel.Position.Start, sel.Position.End
		if text[start:end] != sel.Quote.Exact || !strings.HasSuffix(sel.Quote.Exact, ".") || !strings.HasPrefix(sel.Quote.Exact, "The council") {
			t.Errorf("sentence %d: %q at %d-%d", n, sel.Quote.Exact, start, end)
		}
		if !strings.HasSuffix(text[:start], sel.Quote.Prefix) || !strings.HasPrefix(text[end:], sel.Quote.Suffix) ||
			len(sel.Quote.Prefix) > contextChars || len(sel.Quote.Suffix) > contextChars {
			t.Errorf("sentence %d: prefix %q or suffix %q do not surround the quote", n, sel.Quote.Prefix, sel.Quote.Suffix)
		}
	}
}

func TestViewerReadsEventsWithoutDecoding(t *testing.T) {
	vs := &viewerSet{tracker: newTracker(3, 1)}
	v := &viewer{got: make([]int64, 3), subscribed: make(chan struct{})}
	lines := []string{
		`{"type":"subscribed","room":"article:a","seq":40}`,
		`{"type":"event","room":"article:a","event":{"seq":41,"type":"annotation.created","payload":{"id":"x","body":"` + marker(2) + `"}}}`,
		`{"type":"event","room":"article:a","event":{"seq":41,"type":"annotation.created","payload":{"id":"x","body":"` + marker(2) + `"}}}`,
		`{"type":"presence","room":"article:a","members":[]}`,
	}
	for _, l := range lines {
		vs.handle(v, []byte(l), 7)
	}
	if v.lastSeq != 41 || v.got[2] != 7 || v.dups != 1 || v.subscribedAt != 7 || vs.tracker.received.Load() != 1 {
		t.Errorf("lastSeq %d, got %v, dups %d, subscribedAt %d", v.lastSeq, v.got, v.dups, v.subscribedAt)
	}
	select {
	case <-vs.tracker.delivered[2]:
	default:
		t.Error("post 2 reached its only viewer but is not marked delivered")
	}
}
