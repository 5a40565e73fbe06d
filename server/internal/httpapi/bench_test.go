package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/factdesk/factdesk/server/internal/anchor"
	"github.com/factdesk/factdesk/server/internal/service"
)

// BenchmarkGetArticleWith1000Annotations measures GET /api/articles/{id}
// for an article carrying 1,000 annotations, through the whole stack
// (session check, queries, JSON), and reports the median and p99.
func BenchmarkGetArticleWith1000Annotations(b *testing.B) {
	ts := newTestServer(b)
	ctx := context.Background()
	var para string
	for i := range 200 {
		para += fmt.Sprintf("Sentence %d says that %d people counted %d ballots in district %d. ", i, i*31, i*977, i%17)
	}
	text := para + "\n\n" + para
	res, err := ts.Svc.AddUser(ctx, service.AddUserInput{Email: "bench@desk.test", Name: "Bench", Password: testPassword, Workspace: "desk", Role: "checker"})
	if err != nil {
		b.Fatal(err)
	}
	a, err := ts.Svc.CreateArticle(ctx, res.User, "desk", service.CreateArticleInput{Title: "Ballots", Source: service.Source{Text: &text}}, "")
	if err != nil {
		b.Fatal(err)
	}
	d, _ := ts.Svc.GetArticle(ctx, res.User, a.ID)
	runes := []rune(d.Content.Text)
	for i := range 1000 {
		start := (i * 37) % (len(runes) - 40)
		q, p := anchor.Describe(d.Content.Text, start, start+12+i%20)
		_, err := ts.Svc.CreateAnnotation(ctx, res.User, a.ID, service.CreateAnnotationInput{ArticleVersionID: d.Content.ID, Quote: q, Position: p,
			Body: fmt.Sprintf("Note %d: check the **count** against the register.", i), Tags: []string{"ballots"}}, "")
		if err != nil {
			b.Fatal(err)
		}
	}
	c := ts.login(b, "bench@desk.test")
	get := func() time.Duration {
		req, _ := http.NewRequest("GET", ts.URL+"/api/articles/"+a.ID, nil)
		start := time.Now()
		r, err := c.http.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		if r.StatusCode != 200 {
			b.Fatalf("status %d", r.StatusCode)
		}
		return time.Since(start)
	}
	for range 20 {
		get() // warm up
	}
	b.ResetTimer()
	durations := make([]time.Duration, 0, b.N)
	for b.Loop() {
		durations = append(durations, get())
	}
	b.StopTimer()
	slices.Sort(durations)
	pct := func(p float64) float64 {
		return float64(durations[int(p*float64(len(durations)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// BenchmarkCreateAnnotation measures REST creates, each with its event,
// from 32 parallel clients, and reports creates per second.
func BenchmarkCreateAnnotation(b *testing.B) {
	ts := newTestServer(b)
	c := ts.login(b, "checker@desk.test")
	id, version := createArticle(b, c, "desk")
	body := map[string]any{"articleVersionId": version, "selectors": selectorsFor("30,000 emails"), "body": "a note"}
	raw, _ := json.Marshal(body)
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", ts.URL+"/api/articles/"+id+"/annotations", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", c.csrf)
			res, err := c.http.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 201 {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "creates/s")
}
