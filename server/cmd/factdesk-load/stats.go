package main

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// percentile returns the p-th percentile (0-100) of sorted values, by the
// nearest-rank method; NaN when there are none.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// median returns the middle of values (the mean of the two middle ones
// for an even count); NaN when there are none.
func median(values []float64) float64 {
	var v []float64
	for _, x := range values {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func nsToMS(ns int64) float64 { return float64(ns) / 1e6 }

// sample is what one run of one scenario measured, in the order measured.
type sample struct {
	names  []string
	values map[string]float64
	notes  []string
}

func newSample() *sample { return &sample{values: map[string]float64{}} }

func (s *sample) set(name string, v float64) {
	if _, ok := s.values[name]; !ok {
		s.names = append(s.names, name)
	}
	s.values[name] = v
}

func (s *sample) note(format string, args ...any) {
	s.notes = append(s.notes, fmt.Sprintf(format, args...))
}

// distribution records p50, p95, p99 and max of values (ms) as prefix_p50_ms...
func (s *sample) distribution(prefix string, values []float64) {
	slices.Sort(values)
	s.set(prefix+"_p50_ms", percentile(values, 50))
	s.set(prefix+"_p95_ms", percentile(values, 95))
	s.set(prefix+"_p99_ms", percentile(values, 99))
	if len(values) > 0 {
		s.set(prefix+"_max_ms", values[len(values)-1])
	} else {
		s.set(prefix+"_max_ms", math.NaN())
	}
}
