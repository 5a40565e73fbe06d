package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/server/internal/httpapi"
)

// TestMetricsAreNotPublic: /metrics answers this machine, and a scraper
// elsewhere only with the configured token; a forwarded address does not
// make a request local.
func TestMetricsAreNotPublic(t *testing.T) {
	const token = "a-scraper-token-of-enough-length"
	ts := newTestServer(t, func(d *httpapi.Deps) { d.MetricsToken = token })
	if res := ts.anonymous(t).do("GET", "/metrics", nil, nil); res.Status != 200 || !strings.Contains(string(res.Body), "factdesk_") {
		t.Fatalf("from this machine: %d", res.Status)
	}
	tests := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"another machine", nil, 404},
		{"another machine claiming to be forwarded from loopback", map[string]string{"X-Forwarded-For": "127.0.0.1"}, 404},
		{"a wrong token", map[string]string{"Authorization": "Bearer not-the-token-at-all-really"}, 404},
		{"the token, not as a bearer", map[string]string{"Authorization": token}, 404},
		{"the token", map[string]string{"Authorization": "Bearer " + token}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/metrics", nil) // from 192.0.2.1
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			ts.Handler.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Fatalf("%d, want %d", rec.Code, tt.want)
			}
		})
	}
	// Without a token configured, nobody elsewhere reads them.
	plain := newTestServer(t)
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer ")
	rec := httptest.NewRecorder()
	plain.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("no token configured, an empty bearer: %d", rec.Code)
	}
}
