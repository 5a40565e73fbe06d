package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// session is one logged-in user of one server instance.
type session struct {
	base   string
	client *http.Client
	cookie string // "factdesk_session=..."
	csrf   string
}

// newHTTPClient returns a client for many concurrent requests to loopback.
func newHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 90 * time.Second,
		},
	}
}

// login opens a session as email with the demo password.
func login(ctx context.Context, client *http.Client, base, email string) (*session, error) {
	body, _ := json.Marshal(map[string]string{"email": email, "password": demoPassword})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/session", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("log in as %s: %w", email, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		return nil, fmt.Errorf("log in as %s: %s %s", email, res.Status, b)
	}
	var out struct {
		CSRFToken string `json:"csrfToken"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("log in as %s: %w", email, err)
	}
	s := &session{base: base, client: client, csrf: out.CSRFToken}
	for _, c := range res.Cookies() {
		if c.Name == "factdesk_session" {
			s.cookie = c.Name + "=" + c.Value
		}
	}
	if s.cookie == "" {
		return nil, fmt.Errorf("log in as %s: no session cookie", email)
	}
	return s, nil
}

// on returns the same session used against another instance (sessions
// live in the shared database).
func (s *session) on(base string) *session {
	c := *s
	c.base = base
	return &c
}

// do sends a request with the session cookie (and CSRF token on writes)
// and decodes a JSON answer into out when out is not nil. It returns the
// answer's size in bytes.
func (s *session) do(ctx context.Context, method, path string, in, out any, headers map[string]string) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Cookie", s.cookie)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", s.csrf)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := s.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	if res.StatusCode >= 300 {
		return len(b), fmt.Errorf("%s %s: %s %s", method, path, res.Status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return len(b), fmt.Errorf("%s %s: decode answer: %w", method, path, err)
		}
	}
	return len(b), nil
}

// article is what the generator needs to know about an article.
type article struct {
	id          string
	versionID   string
	text        string
	seq         int64
	annotations int
	bytes       int
}

func (s *session) createArticle(ctx context.Context, title, text string) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	_, err := s.do(ctx, http.MethodPost, "/api/workspaces/demo/articles", map[string]string{"title": title, "text": text}, &out, nil)
	return out.ID, err
}

func (s *session) article(ctx context.Context, id string) (article, error) {
	var out struct {
		Content struct {
			VersionID string `json:"versionId"`
			Text      string `json:"text"`
		} `json:"content"`
		Annotations []json.RawMessage `json:"annotations"`
		Seq         int64             `json:"seq"`
	}
	n, err := s.do(ctx, http.MethodGet, "/api/articles/"+id, nil, &out, nil)
	if err != nil {
		return article{}, err
	}
	return article{id: id, versionID: out.Content.VersionID, text: out.Content.Text, seq: out.Seq,
		annotations: len(out.Annotations), bytes: n}, nil
}

// newArticle creates an article of sentences and reads it back.
func (s *session) newArticle(ctx context.Context, title string) (article, error) {
	id, err := s.createArticle(ctx, title, articleText(200))
	if err != nil {
		return article{}, err
	}
	return s.article(ctx, id)
}

// annotate posts one highlight of sentence n of the article, with body.
// The body carries the marker that viewers recognize.
func (s *session) annotate(ctx context.Context, a article, n int, body string) error {
	sel, err := sentenceSelectors(a.text, n)
	if err != nil {
		return err
	}
	in := map[string]any{"articleVersionId": a.versionID, "selectors": sel, "body": body}
	_, err = s.do(ctx, http.MethodPost, "/api/articles/"+a.id+"/annotations", in, nil,
		map[string]string{"Idempotency-Key": a.id + "-" + body})
	return err
}

// articleText returns n ASCII sentences, one paragraph.
func articleText(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "The council said in %d that it spent %d dollars on road number %d.", 1900+i%120, 1000+37*i, i)
	}
	return b.String()
}

type quoteSelector struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

type positionSelector struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

type selectors struct {
	Quote    quoteSelector    `json:"quote"`
	Position positionSelector `json:"position"`
}

// contextChars is how much text the quote selector carries on each side.
const contextChars = 32

// sentenceSelectors anchors sentence n (modulo their number) of an ASCII
// text: positions are code points, which for ASCII are bytes.
func sentenceSelectors(text string, n int) (selectors, error) {
	var starts []int
	for i := 0; i < len(text); {
		starts = append(starts, i)
		end := strings.IndexByte(text[i:], '.')
		if end < 0 {
			break
		}
		i += end + 2
	}
	if len(starts) == 0 {
		return selectors{}, fmt.Errorf("the article has no sentence")
	}
	start := starts[n%len(starts)]
	end := start + strings.IndexByte(text[start:], '.') + 1
	if end <= start {
		return selectors{}, fmt.Errorf("sentence %d has no end", n)
	}
	return selectors{
		Quote: quoteSelector{Exact: text[start:end], Prefix: text[max(0, start-contextChars):start],
			Suffix: text[end:min(len(text), end+contextChars)]},
		Position: positionSelector{Start: start, End: end},
	}, nil
}

// marker is the body of annotation number n; viewers find n in it.
func marker(n int) string { return markerPrefix + strconv.Itoa(n) + "." }

const markerPrefix = "fdload-"
