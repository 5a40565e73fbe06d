package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

const testMaxBytes = 64 << 10

// newsSite is a local newspaper for the fetch tests: an article, and every
// way a page can go wrong. It only ever runs on loopback.
func newsSite(t *testing.T) *httptest.Server {
	t.Helper()
	article, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	html := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/politics/2024/05/minister-emails", html(string(article)))
	mux.HandleFunc("/no-canonical", html("<!doctype html><title>Short note</title><p>A short note.</p>"))
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		fmt.Fprint(w, "<p>Caf\xe9 cr\xe8me at \xa33.50</p>")
	})
	mux.HandleFunc("/transcript.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "MINISTER: the figure\nis 30,000.\n\nSPEAKER: Order.")
	})
	mux.HandleFunc("/untyped", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // no type: the bytes say it is HTML
		fmt.Fprint(w, "<!DOCTYPE html><html><body><p>Untyped page.</p></body></html>")
	})
	mux.HandleFunc("/untyped-binary", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	})
	mux.HandleFunc("/redirect/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/redirect/"))
		if n <= 1 {
			http.Redirect(w, r, "/no-canonical", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/redirect/%d", n-1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	redirect := func(to string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) }
	}
	mux.HandleFunc("/to-private", redirect("http://10.0.0.1/admin"))
	mux.HandleFunc("/to-metadata", redirect("http://169.254.169.254/latest/meta-data/"))
	mux.HandleFunc("/to-ipv6-loopback", redirect("http://[::1]/"))
	mux.HandleFunc("/to-ftp", redirect("ftp://files.example/secret"))
	mux.HandleFunc("/to-credentials", redirect("http://admin:admin@news.example/"))
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.7")
	})
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"a":1}`)
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusInternalServerError)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<p>The start of a page")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/large", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(testMaxBytes+1))
		w.Write([]byte(strings.Repeat("a", testMaxBytes+1)))
	})
	mux.HandleFunc("/large-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte("<p>" + strings.Repeat("words ", 170) + "</p>\n")
		for range 4 * testMaxBytes / len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// openFetcher may reach loopback, as an operator who allows private
// addresses would; the tests of refusals use NewFetcher's defaults.
func openFetcher(timeout time.Duration) *Fetcher {
	return NewFetcher(FetchOptions{AllowPrivate: true, Timeout: timeout, MaxBytes: testMaxBytes})
}

// Timeouts of the fetch tests: long enough for a loaded machine, and short
// for the tests of the timeout itself.
const (
	patient = 10 * time.Second
	hasty   = 300 * time.Millisecond
)

func TestFetchImportsAnArticle(t *testing.T) {
	srv := newsSite(t)
	asked := srv.URL + "/politics/2024/05/minister-emails?utm_source=feed#comments"
	d, err := openFetcher(patient).Fetch(t.Context(), asked)
	if err != nil {
		t.Fatal(err)
	}
	checkArticleFixture(t, d, srv.URL)
	if want := srv.URL + "/politics/2024/05/minister-emails?utm_source=feed"; d.OriginalURL != want {
		t.Errorf("OriginalURL = %q, want %q", d.OriginalURL, want)
	}
	if want := srv.URL + "/politics/2024/05/minister-emails"; d.CanonicalURL != want {
		t.Errorf("CanonicalURL = %q, want %q", d.CanonicalURL, want)
	}
}

func TestFetchPages(t *testing.T) {
	srv := newsSite(t)
	tests := []struct {
		name, path, wantText        string
		wantFormat                  factcheck.ArticleFormat
		wantCanonical, wantOriginal string
	}{
		{"redirects up to the limit are followed", "/redirect/5", "Short note\nA short note.", factcheck.FormatHTML, "/no-canonical", "/redirect/5"},
		{"a page in ISO-8859-1", "/latin1", "Café crème at £3.50", factcheck.FormatHTML, "/latin1", "/latin1"},
		{"plain text", "/transcript.txt", "MINISTER: the figure is 30,000.\nSPEAKER: Order.", factcheck.FormatText, "/transcript.txt", "/transcript.txt"},
		{"HTML without a content type", "/untyped", "Untyped page.", factcheck.FormatHTML, "/untyped", "/untyped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := openFetcher(patient).Fetch(t.Context(), srv.URL+tt.path)
			if err != nil {
				t.Fatal(err)
			}
			checkContent(t, d.Content)
			if d.Content.Text != tt.wantText || d.Content.Format != tt.wantFormat {
				t.Errorf("got %q %q, want %q %q", d.Content.Format, d.Content.Text, tt.wantFormat, tt.wantText)
			}
			if d.CanonicalURL != srv.URL+tt.wantCanonical || d.OriginalURL != srv.URL+tt.wantOriginal {
				t.Errorf("canonical %q original %q, want %q %q", d.CanonicalURL, d.OriginalURL, srv.URL+tt.wantCanonical, srv.URL+tt.wantOriginal)
			}
		})
	}
}

func TestFetchRefusesBadPages(t *testing.T) {
	srv := newsSite(t)
	closed := closedPort(t)
	tests := []struct{ name, url, want string }{
		{"not found", srv.URL + "/missing", "answered 404 Not Found"},
		{"server error", srv.URL + "/broken", "answered 500 Internal Server Error"},
		{"a PDF", srv.URL + "/pdf", "is application/pdf, not HTML"},
		{"JSON", srv.URL + "/json", "is application/json, not HTML"},
		{"untyped bytes that are not HTML", srv.URL + "/untyped-binary", "is image/png, not HTML"},
		{"too large, as announced", srv.URL + "/large", "larger than 64 KiB"},
		{"too large, without a length", srv.URL + "/large-chunked", "larger than 64 KiB"},
		{"no answer in time", srv.URL + "/slow", "took longer than 300ms"},
		{"a body that never ends in time", srv.URL + "/slow-body", "took longer than 300ms"},
		{"too many redirects", srv.URL + "/redirect/6", "too many redirects (more than 5)"},
		{"a redirect loop", srv.URL + "/loop", "too many redirects (more than 5)"},
		{"a redirect to ftp", srv.URL + "/to-ftp", "only http and https"},
		{"a redirect with credentials", srv.URL + "/to-credentials", "user name or password"},
		{"nobody listening", "http://" + closed + "/", "could not be reached"},
		{"not http", "ftp://files.example/x", "only http and https"},
		{"a file", "file:///etc/passwd", "only http and https"},
		{"javascript", "javascript:alert(1)", "only http and https"},
		{"credentials", "http://user:pass@news.example/", "user name or password"},
		{"no host", "http:///path", "no host"},
		{"not an address", "minister emails", "not a web address"},
		{"empty", "", "not a web address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			timeout := patient
			if strings.Contains(tt.want, "took longer") {
				timeout = hasty
			}
			d, err := openFetcher(timeout).Fetch(t.Context(), tt.url)
			checkInvalid(t, err, "url", tt.want)
			if d != (Document{}) {
				t.Errorf("a refused import returned a document: %+v", d)
			}
		})
	}
}

func TestFetchCancelledByTheCallerIsNotTheUsersError(t *testing.T) {
	srv := newsSite(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := openFetcher(patient).Fetch(ctx, srv.URL+"/slow")
	if !errors.Is(err, context.Canceled) || factcheck.ErrorCode(err) != factcheck.CodeInternal {
		t.Errorf("err = %v, want the context's cancellation", err)
	}
}

// closedPort is a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestFetchRefusesPrivateAddresses(t *testing.T) {
	srv := newsSite(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	tests := []struct{ name, url, want string }{
		{"loopback", srv.URL + "/no-canonical", "leads to 127.0.0.1, which is in a loopback range"},
		{"localhost by name", fmt.Sprintf("http://localhost:%d/no-canonical", port), "loopback range"},
		{"IPv6 loopback", fmt.Sprintf("http://[::1]:%d/", port), "leads to ::1, which is in a loopback range"},
		{"IPv4-mapped loopback", fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/", port), "leads to 127.0.0.1, which is in a loopback range"},
		{"unspecified", fmt.Sprintf("http://0.0.0.0:%d/", port), `"this network" range`},
		{"private network", "http://10.0.0.1/admin", "leads to 10.0.0.1, which is in a private network range"},
		{"private network 192.168", "http://192.168.1.1/", "private network range"},
		{"private network 172.16", "https://172.16.5.4:8443/", "private network range"},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", "leads to 169.254.169.254, which is in a link-local range"},
		{"carrier-grade NAT", "http://100.64.0.1/", "carrier-grade NAT"},
		{"IPv6 unique local", "http://[fd00::1]/", "private network range"},
		{"IPv6 link-local", "http://[fe80::1%25lo]/", "link-local range"},
		{"IPv4-mapped private", "http://[::ffff:10.0.0.1]/", "leads to 10.0.0.1, which is in a private network range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := NewFetcher(FetchOptions{Timeout: patient}).Fetch(t.Context(), tt.url)
			checkInvalid(t, err, "url", tt.want)
			checkInvalid(t, err, "url", "FACTDESK_IMPORT_ALLOW_PRIVATE")
			if d != (Document{}) {
				t.Errorf("a refused import returned a document: %+v", d)
			}
		})
	}
}

// A public page that redirects inside the network is refused at the
// redirect. The test server stands for the public page: it alone is let
// through, and every other address is judged by the real ranges.
func TestFetchRefusesARedirectToAPrivateAddress(t *testing.T) {
	srv := newsSite(t)
	public := netip.MustParseAddrPort(srv.Listener.Addr().String())
	var mu sync.Mutex
	var dialed []netip.AddrPort
	f := newFetcher(FetchOptions{Timeout: patient}, func(ap netip.AddrPort) bool {
		mu.Lock()
		defer mu.Unlock()
		dialed = append(dialed, ap)
		return ap == public
	})

	if _, err := f.Fetch(t.Context(), srv.URL+"/no-canonical"); err != nil {
		t.Fatalf("the stand-in public page was refused: %v", err)
	}
	tests := []struct{ path, want string }{
		{"/to-private", "leads to 10.0.0.1, which is in a private network range"},
		{"/to-metadata", "leads to 169.254.169.254, which is in a link-local range"},
		{"/to-ipv6-loopback", "leads to ::1, which is in a loopback range"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), srv.URL+tt.path)
			checkInvalid(t, err, "url", tt.want)
		})
	}
	mu.Lock()
	defer mu.Unlock()
	for _, ap := range dialed {
		if ap != public && refusedKind(ap.Addr()) == "" {
			t.Errorf("the fetcher was about to dial %v", ap)
		}
	}
}

func TestRefusedKind(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"127.0.0.1", "loopback"},
		{"127.255.0.9", "loopback"},
		{"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"},
		{"10.1.2.3", "private network"},
		{"172.31.255.255", "private network"},
		{"192.168.0.10", "private network"},
		{"fd12:3456::1", "private network"},
		{"169.254.169.254", "link-local"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"::ffff:169.254.169.254", "link-local"},
		{"64:ff9b::a9fe:a9fe", "link-local"}, // NAT64 of 169.254.169.254
		{"0.0.0.0", `"this network"`},
		{"::", "unspecified"},
		{"100.64.0.1", "carrier-grade NAT (shared)"},
		{"100.127.255.254", "carrier-grade NAT (shared)"},
		{"224.0.0.1", "multicast"},
		{"ff02::1", "multicast"},
		{"255.255.255.255", "reserved"},
		{"::10.0.0.1", "reserved (IPv4-compatible)"},
		{"93.184.215.14", ""},
		{"100.128.0.1", ""},
		{"172.32.0.1", ""},
		{"2606:4700:4700::1111", ""},
		{"64:ff9b::5db8:d70e", ""}, // NAT64 of a public address
		{"::ffff:8.8.8.8", ""},
	}
	for _, tt := range tests {
		if got := refusedKind(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("refusedKind(%s) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
