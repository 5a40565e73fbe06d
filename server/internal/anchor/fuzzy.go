package anchor

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// The limits of the fuzzy search (rule 2 of Reanchor).
const (
	// maxEditShare: a span is accepted at an edit distance of at most
	// length/maxEditShare from the quote, a third.
	maxEditShare = 3
	// closeEditShare: a span within length/closeEditShare edits (10%)
	// needs no agreeing context.
	closeEditShare = 10
	// contextNeeded code points of the old prefix or suffix must still
	// border a span that needs agreeing context.
	contextNeeded = 8
	// pieceLen bounds the length of the pieces of a quote looked up
	// verbatim to find where it went; pieces found more than pieceHits
	// times say nothing and are not used.
	minPieceLen, maxPieceLen, pieceHits = 8, 32, 8
	// bitapLen is the longest pattern diff-match-patch's Bitap matcher
	// takes (its MatchMaxBits), in bytes; bitapReach is how far around the
	// old position, in code points, it looks.
	// bitapThreshold is its MatchThreshold (0.5 by default): the share of
	// errors plus the distance from the old position over 1,000 code
	// points. Above a third of errors measure would refuse the place.
	bitapLen, bitapReach, bitapThreshold = 32, 1024, 0.4
	// alignLen: quotes up to this many code points are aligned whole; a
	// longer one by its head and its tail of alignEnds code points, and
	// then measured whole with diff-match-patch's diff.
	// alignContext code points of the prefix and suffix are aligned with it.
	alignLen, alignEnds, alignContext = 64, 32, 16
	// maxPlaces bounds the places examined per annotation, nearest the
	// old position first, so that a very common quote stays cheap.
	maxPlaces = 24
	// diffTimeout bounds the measure of one very long quote; past it the
	// diff overestimates the distance, which can only orphan.
	diffTimeout = 50 * time.Millisecond
)

// foldedText is a text folded for comparison (see Reanchor), with the way
// back to the original. Offsets are int32 to halve its size: texts of 2 GiB
// and more are not searched fuzzily.
type foldedText struct {
	runes []rune
	s     string  // the folded runes as UTF-8, for substring and Bitap search
	at    []int32 // at[k] is the byte offset of rune k in s; at[len(runes)] = len(s)
	cp    []int32 // cp[k] is the code point in the original where rune k comes from
	b     []int32 // b[k] is the byte offset of that code point in the original
}

// orig returns the point of the original before folded rune k.
func (f *foldedText) orig(k int) point { return point{int(f.cp[k]), int(f.b[k])} }

// foldRune maps a code point to the one it is compared as, or -1 when it is
// left out of comparisons.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf { // most of a text: the same rules, quicker
		switch {
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		case r == ' ' || '\t' <= r && r <= '\r':
			return ' '
		case r == '`':
			return '\''
		}
		return r
	}
	switch r {
	case '‘', '’', '‚', '‛', '′', '`', '´':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−', '⁃':
		return '-'
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	if unicode.Is(unicode.Cf, r) {
		return -1
	}
	return unicode.ToLower(r)
}

// foldString folds s (see Reanchor). It maps the folded runes back to s
// only when withOrig is set.
func foldString(s string, withOrig bool) *foldedText {
	f := &foldedText{runes: make([]rune, 0, len(s))}
	if withOrig {
		f.at, f.cp, f.b = make([]int32, 0, len(s)+1), make([]int32, 0, len(s)+1), make([]int32, 0, len(s)+1)
	}
	var out strings.Builder
	out.Grow(len(s))
	k := 0 // code point index in s
	for b, r := range s {
		c := foldRune(r)
		if c >= 0 && !(c == ' ' && len(f.runes) > 0 && f.runes[len(f.runes)-1] == ' ') {
			if withOrig {
				f.at = append(f.at, int32(out.Len()))
				f.cp = append(f.cp, int32(k))
				f.b = append(f.b, int32(b))
			}
			f.runes = append(f.runes, c)
			out.WriteRune(c)
		}
		k++
	}
	f.s = out.String()
	if withOrig {
		f.at = append(f.at, int32(len(f.s)))
		f.cp = append(f.cp, int32(k))
		f.b = append(f.b, int32(len(s)))
	}
	return f
}

// folded returns the folded text, building it on first use, or nil for a
// text too large to fold.
func (t *Text) folded() *foldedText {
	t.foldOnce.Do(func() {
		// Folding can turn an invalid byte into three (U+FFFD).
		if len(t.s) < math.MaxInt32/4 {
			t.fold = foldString(t.s, true)
		}
	})
	return t.fold
}

// runeAt returns the index of the first folded rune at or after byte b.
func (f *foldedText) runeAt(b int) int {
	k, _ := slices.BinarySearch(f.at, int32(b))
	return k
}

// runeOf returns the index of the first folded rune at or after the
// original's code point k.
func (f *foldedText) runeOf(k int) int {
	i, _ := slices.BinarySearch(f.cp, int32(k))
	return i
}

// span is a candidate place for a quote, in folded runes, with its edit
// distance from the folded quote.
type span struct{ a, b, dist int }

// slack is how far from a guessed place measure looks for the quote's start:
// up to maxDist away from a place guessed from a piece after an edit, and a
// little more from a Bitap guess.
func (fq fuzzyQuote) slack() int { return fq.maxDist + minPieceLen }

// fuzzyQuote is an annotation's selectors, folded.
type fuzzyQuote struct {
	q, prefix, suffix []rune
	start             int // the old start position, in original code points
	maxDist           int
}

// findFuzzy applies rule 2 of Reanchor. It returns original code points.
func (t *Text) findFuzzy(quote factcheck.TextQuote, pos factcheck.TextPosition) (start, end point, ok bool) {
	fq := fuzzyQuote{
		q:      trimSpace(foldString(quote.Exact, false).runes),
		prefix: trimSpace(foldString(quote.Prefix, false).runes),
		suffix: trimSpace(foldString(quote.Suffix, false).runes),
		start:  pos.Start,
	}
	length := len(fq.q)
	fq.maxDist = length / maxEditShare
	f := t.folded()
	if f == nil || length == 0 || len(f.runes) < length-fq.maxDist {
		return point{}, point{}, false
	}

	// The folded quote unchanged: its occurrences are the candidates.
	var spans []span
	qs := string(fq.q)
	for from := 0; from <= len(f.s)-len(qs); {
		i := strings.Index(f.s[from:], qs)
		if i < 0 {
			break
		}
		a := f.runeAt(from + i)
		spans = append(spans, span{a, a + length, 0})
		from += i + utf8.RuneLen(fq.q[0])
	}
	best, bestScore := span{}, -1.0
	pick := func(spans []span) {
		for _, s := range spans {
			if score, ok := t.score(f, fq, s); ok && score > bestScore {
				best, bestScore = s, score
			}
		}
	}
	pick(spans)
	// Then the places where pieces of the quote or its context went, and
	// last Bitap's guesses around the old position.
	for _, places := range []func(*foldedText, fuzzyQuote) []int{t.pieces, t.bitap} {
		if bestScore >= 0 {
			break
		}
		spans = spans[:0]
		for _, a := range places(f, fq) {
			if s, ok := measure(f.runes, fq, a); ok {
				spans = append(spans, s)
			}
		}
		pick(spans)
	}
	if bestScore < 0 {
		return point{}, point{}, false
	}
	return t.trim(f.orig(best.a), f.orig(best.b))
}

// pieces returns where the folded quote may start now, in folded runes,
// judging by pieces of it and of its context that occur unchanged.
func (t *Text) pieces(f *foldedText, fq fuzzyQuote) []int {
	q, length := fq.q, len(fq.q)
	var places []int
	pieceLen := min(max(length/4, minPieceLen), maxPieceLen)
	if length >= pieceLen {
		for off := 0; off < length; off += pieceLen {
			off = min(off, length-pieceLen) // the last piece ends the quote
			for _, k := range f.find(string(q[off:off+pieceLen]), pieceHits) {
				places = append(places, k-off)
			}
		}
	}
	if n := min(len(fq.prefix), maxPieceLen); n >= minPieceLen {
		for _, k := range f.find(string(fq.prefix[len(fq.prefix)-n:]), pieceHits) {
			places = append(places, k+n)
		}
	}
	if n := min(len(fq.suffix), maxPieceLen); n >= minPieceLen {
		for _, k := range f.find(string(fq.suffix[:n]), pieceHits) {
			places = append(places, k-length)
		}
	}
	return t.nearest(f, fq, places)
}

// bitap returns where the folded quote may start now, in folded runes,
// judging by where diff-match-patch's Bitap matcher finds it, or the end of
// its prefix, near the old position. It is for a quote short enough for
// Bitap (bitapLen bytes) whose every piece was edited; a longer quote has
// enough pieces that one survives an edit below the threshold, and Bitap is
// the costliest search here.
func (t *Text) bitap(f *foldedText, fq fuzzyQuote) []int {
	q, length := fq.q, len(fq.q)
	pattern := string(q)
	if len(pattern) > bitapLen {
		return nil
	}
	expected := f.runeOf(min(max(fq.start, 0), t.n))
	lo, hi := max(expected-bitapReach, 0), min(expected+length+bitapReach, len(f.runes))
	window := f.s[f.at[lo]:f.at[hi]]
	dmp := diffmatchpatch.New()
	dmp.MatchThreshold = bitapThreshold
	find := func(pattern string, loc int) (int, bool) {
		if pattern == "" || window == "" {
			return 0, false
		}
		at := dmp.MatchMain(window, pattern, int(f.at[min(max(loc, lo), hi)]-f.at[lo]))
		if at < 0 {
			return 0, false
		}
		return f.runeAt(int(f.at[lo]) + at), true
	}
	var places []int
	if k, ok := find(pattern, expected); ok {
		places = append(places, k)
	}
	if n := min(len(fq.prefix), alignContext); n > 0 {
		if k, ok := find(headBytes(fq.prefix[len(fq.prefix)-n:], bitapLen), expected-n); ok {
			places = append(places, k+n)
		}
	}
	return t.nearest(f, fq, places)
}

// nearest returns places without repeats, at most maxPlaces of them,
// nearest the old position first. Places closer together than half the
// slack that measure allows around a place are measured once.
func (t *Text) nearest(f *foldedText, fq fuzzyQuote, places []int) []int {
	expected := f.runeOf(min(max(fq.start, 0), t.n))
	slices.Sort(places)
	kept := places[:0]
	for _, p := range places {
		if len(kept) == 0 || p-kept[len(kept)-1] > fq.slack()/2 {
			kept = append(kept, p)
		}
	}
	places = kept
	slices.SortStableFunc(places, func(x, y int) int { return abs(x-expected) - abs(y-expected) })
	return places[:min(len(places), maxPlaces)]
}

// find returns the folded rune index of each occurrence of s, or nothing
// when there are more than limit.
func (f *foldedText) find(s string, limit int) []int {
	if s == "" {
		return nil
	}
	var found []int
	for from := 0; from <= len(f.s)-len(s); {
		i := strings.Index(f.s[from:], s)
		if i < 0 {
			break
		}
		if len(found) == limit {
			return nil
		}
		found = append(found, f.runeAt(from+i))
		_, size := utf8.DecodeRuneInString(s)
		from += i + size
	}
	return found
}

// headBytes returns the longest start of runes that is at most n bytes of
// UTF-8.
func headBytes(runes []rune, n int) string {
	size := 0
	for i, r := range runes {
		if size+utf8.RuneLen(r) > n {
			return string(runes[:i])
		}
		size += utf8.RuneLen(r)
	}
	return string(runes)
}

// measure finds the span of text closest to the quote around place (a guess
// of where it starts) and its edit distance, if that is within bounds. The
// quote is aligned together with the ends of its context next to it, so
// that its ends fall where the old context says rather than wherever
// swapping letters is cheapest.
func measure(text []rune, fq fuzzyQuote, place int) (span, bool) {
	q, length := fq.q, len(fq.q)
	pre := fq.prefix[len(fq.prefix)-min(len(fq.prefix), alignContext):]
	suf := fq.suffix[:min(len(fq.suffix), alignContext)]
	slack := fq.slack()
	window := func(from, to int) (int, []rune) {
		from, to = min(max(from, 0), len(text)), min(max(to, 0), len(text))
		return from, text[from:max(from, to)]
	}
	var a, b int
	if length <= alignLen {
		from, w := window(place-slack-len(pre)-1, place+length+slack+len(suf)+1)
		a, b, dist := align(slices.Concat(pre, q, suf), len(pre), len(pre)+length, w)
		return span{from + a, from + b, dist}, b > a && dist <= fq.maxDist
	} else {
		from, w := window(place-slack-len(pre)-1, place+alignEnds+slack)
		a, _, _ = align(slices.Concat(pre, q[:alignEnds]), len(pre), len(pre)+alignEnds, w)
		a += from
		from, w = window(place+length-alignEnds-slack, place+length+slack+len(suf)+1)
		_, b, _ = align(slices.Concat(q[length-alignEnds:], suf), 0, alignEnds, w)
		b += from
	}
	if b <= a || abs((b-a)-length) > fq.maxDist {
		return span{}, false
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	dist := dmp.DiffLevenshtein(dmp.DiffMainRunes(q, text[a:b], false))
	return span{a, b, dist}, dist <= fq.maxDist
}

// align finds the passage of text closest to pattern by edit distance
// (Levenshtein: each inserted, deleted or replaced code point costs 1), and
// returns where in text the part pattern[from:to] of it went, and what that
// part costs in the alignment (at least its own distance to the part).
// Text inserted right before or after the part is left out of it; a
// replaced code point at its ends is taken in rather than left out; among
// equally close passages the one that ends last wins. It takes time
// proportional to len(pattern) * len(text).
func align(pattern []rune, from, to int, text []rune) (start, end, dist int) {
	// Column j of the table: cells[i] is about pattern[:i] against the
	// closest passage of text that ends at text[j].
	type cell struct {
		cost       int32 // edit distance
		start, end int32 // along that alignment: the last column at row from, the first at row to
		atStart    int32 // cost at (row from, column start)
		atEnd      int32 // cost at (row to, column end)
	}
	if len(pattern) >= math.MaxInt32 || len(text) >= math.MaxInt32 {
		return 0, 0, 0 // not a passage; callers align short windows
	}
	m := len(pattern)
	col, next := make([]cell, m+1), make([]cell, m+1)
	for i := range col {
		col[i].cost = int32(i)
		if i >= from {
			col[i].atStart = int32(from)
		}
		if i >= to {
			col[i].atEnd = int32(to)
		}
	}
	best := col[m]
	for j := 1; j <= len(text); j++ {
		next[0] = cell{0, int32(j), int32(j), 0, 0}
		for i := 1; i <= m; i++ {
			// Take pattern[i-1] against text[j-1], or pattern[i-1] left
			// out, or text[j-1] left out; the first of equals wins.
			c := col[i-1]
			if pattern[i-1] != text[j-1] {
				c.cost++
			}
			horizontal := false
			if up := next[i-1]; up.cost+1 < c.cost {
				c = up
				c.cost++
			}
			if left := col[i]; left.cost+1 < c.cost {
				c, horizontal = left, true
				c.cost++
			}
			if i == from {
				c.start, c.atStart = int32(j), c.cost
			}
			if i == to && !horizontal {
				c.end, c.atEnd = int32(j), c.cost
			}
			next[i] = c
		}
		if next[m].cost <= best.cost {
			best = next[m]
		}
		col, next = next, col
	}
	return int(best.start), int(best.end), int(best.atEnd - best.atStart)
}

// score rates a candidate span (see Reanchor), or returns false when it is
// not acceptable.
func (t *Text) score(f *foldedText, fq fuzzyQuote, s span) (float64, bool) {
	length := len(fq.q)
	if s.dist > fq.maxDist {
		return 0, false
	}
	pre := commonRunes(trimSpace(f.runes[:s.a]), fq.prefix, -1)
	suf := commonRunes(trimSpace(f.runes[s.b:]), fq.suffix, 1)
	if s.dist*closeEditShare > length &&
		pre < min(contextNeeded, len(fq.prefix)) && suf < min(contextNeeded, len(fq.suffix)) {
		return 0, false
	}
	near := 1.0
	if t.n > 0 {
		near -= float64(min(abs(int(f.cp[s.a])-fq.start), t.n)) / float64(t.n)
	}
	return 50*(1-float64(s.dist)/float64(length)) +
		20*share(pre, len(fq.prefix)) + 20*share(suf, len(fq.suffix)) + 2*near, true
}

func share(agree, of int) float64 {
	if of == 0 {
		return 1
	}
	return float64(agree) / float64(of)
}

// commonRunes counts the runes that a and b share at their ends (dir -1) or
// starts (dir 1).
func commonRunes(a, b []rune, dir int) int {
	n := 0
	for n < len(a) && n < len(b) {
		x, y := a[n], b[n]
		if dir < 0 {
			x, y = a[len(a)-1-n], b[len(b)-1-n]
		}
		if x != y {
			break
		}
		n++
	}
	return n
}

// trimSpace drops the spaces at both ends of folded runes.
func trimSpace(r []rune) []rune {
	for len(r) > 0 && r[0] == ' ' {
		r = r[1:]
	}
	for len(r) > 0 && r[len(r)-1] == ' ' {
		r = r[:len(r)-1]
	}
	return r
}

// trim narrows the passage between two points of the original to leave
// out white space and invisible format characters at its ends.
func (t *Text) trim(start, end point) (point, point, bool) {
	for start.b < end.b {
		r, size := utf8.DecodeRuneInString(t.s[start.b:end.b])
		if c := foldRune(r); c != ' ' && c >= 0 {
			break
		}
		start = point{start.cp + 1, start.b + size}
	}
	for end.b > start.b {
		r, size := utf8.DecodeLastRuneInString(t.s[start.b:end.b])
		if c := foldRune(r); c != ' ' && c >= 0 {
			break
		}
		end = point{end.cp - 1, end.b - size}
	}
	return start, end, start.b < end.b
}
