package main

import "time"

// deliveries summarizes how posts [from, to) reached viewers: the latency
// of every delivery (POST start to receipt), the latency to the last
// viewer of each post, drops (expected deliveries that never came) and
// duplicates. Posts that failed are not expected anywhere. Call it only
// once the viewers' readers have ended.
func deliveries(s *sample, prefix string, t *tracker, viewers []*viewer, from, to int, r *postResult) {
	var all, last []float64
	expected, received, dups := 0, 0, 0
	for n := from; n < to; n++ {
		if _, failed := r.failed[n]; failed {
			continue
		}
		start := t.started[n].Load()
		latest, complete := int64(0), true
		for _, v := range viewers {
			expected++
			if v.got[n] == 0 {
				complete = false
				continue
			}
			received++
			latest = max(latest, v.got[n])
			all = append(all, nsToMS(v.got[n]-start))
		}
		if complete {
			last = append(last, nsToMS(latest-start))
		}
	}
	for _, v := range viewers {
		dups += v.dups
	}
	s.distribution(prefix+"_delivery", all)
	s.distribution(prefix+"_last_viewer", last)
	s.set(prefix+"_deliveries", float64(received))
	s.set(prefix+"_drops", float64(expected-received))
	s.set(prefix+"_duplicates", float64(dups))
}

// deliveryRate records deliveries per second of posts [from, to): all
// receipts over the time from the first POST's start to the last receipt.
func deliveryRate(s *sample, prefix string, t *tracker, viewers []*viewer, from, to int) {
	first, last, received := int64(-1), int64(0), 0
	for n := from; n < to; n++ {
		if start := t.started[n].Load(); start != 0 && (first < 0 || start < first) {
			first = start
		}
		for _, v := range viewers {
			if v.got[n] != 0 {
				received++
				last = max(last, v.got[n])
			}
		}
	}
	if first >= 0 && last > first {
		s.set(prefix+"_deliveries_per_s", float64(received)/time.Duration(last-first).Seconds())
	}
}
