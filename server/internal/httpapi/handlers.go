package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// bind decodes a JSON body into dst. Unknown fields are refused, not
// ignored, so that nobody believes they set something they did not.
func bind(c echo.Context, dst any) error {
	r := c.Request()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return factcheck.Errorf(factcheck.CodeBadRequest, "the body must be JSON (Content-Type: application/json)")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return mbe
		}
		return factcheck.Errorf(factcheck.CodeBadRequest, "could not read the request body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return factcheck.Errorf(factcheck.CodeBadRequest, "the body must be one JSON object")
	}
	return nil
}

// jsonError names what is wrong with a JSON body.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return factcheck.Errorf(factcheck.CodeBadRequest, "the body is empty; a JSON object is expected")
	case errors.As(err, &syn):
		return factcheck.Errorf(factcheck.CodeBadRequest, "malformed JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return factcheck.Errorf(factcheck.CodeBadRequest, "malformed JSON: the body ends too early")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return factcheck.Errorf(factcheck.CodeBadRequest, "the body must be a JSON object")
		}
		return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: field,
			Message: fmt.Sprintf("field %s must be %s, not %s", field, jsonKind(typ.Type.Kind().String()), typ.Value)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: field, Message: fmt.Sprintf("unknown field %q", field)}
	}
	return factcheck.Errorf(factcheck.CodeBadRequest, "malformed JSON: %s", err.Error())
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "int", "int64", "int32":
		return "an integer"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return goKind
}

func required(field string, present bool) error {
	if !present {
		return &factcheck.Error{Code: factcheck.CodeInvalid, Field: field, Message: field + " is required"}
	}
	return nil
}

// --- session ---

type loginRequest struct {
	Email    *string `json:"email"`
	Password *string `json:"password"`
}

func (s *Server) sessionView(c echo.Context, sess service.Session) error {
	ms, err := s.svc.Memberships(c.Request().Context(), sess.User)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, wire.Session{User: wire.FromUser(sess.User), Workspaces: wire.FromMemberships(ms), CSRFToken: sess.CSRFToken})
}

func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("email", req.Email != nil); err != nil {
		return err
	}
	if err := required("password", req.Password != nil); err != nil {
		return err
	}
	// A new token at every login, and the old session (if any) revoked.
	if old, err := c.Cookie(sessionCookie); err == nil && old.Value != "" {
		_ = s.svc.Logout(c.Request().Context(), old.Value)
	}
	ns, err := s.svc.Login(c.Request().Context(), *req.Email, *req.Password)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, ns.Token, ns.ExpiresAt)
	return s.sessionView(c, ns.Session)
}

func (s *Server) getSession(c echo.Context) error { return s.sessionView(c, session(c)) }

func (s *Server) logout(c echo.Context) error {
	token := sessionToken(c)
	if err := s.svc.Logout(c.Request().Context(), token); err != nil {
		return err
	}
	s.hub.DropSession(service.SessionKey(token)) // at once here; other instances by NOTIFY
	s.clearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}

// --- articles ---

type sourceRequest struct {
	Text     *string      `json:"text"`
	Markdown *string      `json:"markdown"`
	HTML     *string      `json:"html"`
	File     *fileRequest `json:"file"`
	URL      *string      `json:"url"`
}

type fileRequest struct {
	Name    *string `json:"name"`
	Content *string `json:"content"`
}

func (r sourceRequest) source() (service.Source, error) {
	src := service.Source{Text: r.Text, Markdown: r.Markdown, HTML: r.HTML, URL: r.URL}
	if r.File != nil {
		if err := required("file.name", r.File.Name != nil); err != nil {
			return src, err
		}
		if err := required("file.content", r.File.Content != nil); err != nil {
			return src, err
		}
		src.File = &service.File{Name: *r.File.Name, Content: *r.File.Content}
	}
	return src, nil
}

type createArticleRequest struct {
	sourceRequest
	Title     *string `json:"title"`
	SourceURL *string `json:"sourceUrl"`
}

func (s *Server) listArticles(c echo.Context) error {
	as, err := s.svc.ListArticles(c.Request().Context(), session(c).User, c.Param("workspace"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"articles": wire.FromArticles(as)})
}

func (s *Server) createArticle(c echo.Context) error {
	var req createArticleRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	src, err := req.source()
	if err != nil {
		return err
	}
	in := service.CreateArticleInput{Source: src, SourceURL: req.SourceURL}
	if req.Title != nil {
		in.Title = *req.Title
	}
	a, err := s.svc.CreateArticle(c.Request().Context(), session(c).User, c.Param("workspace"), in, idempotencyKey(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/articles/"+a.ID)
	return c.JSON(http.StatusCreated, wire.FromArticle(a))
}

func (s *Server) getArticle(c echo.Context) error {
	d, err := s.svc.GetArticle(c.Request().Context(), session(c).User, c.Param("article"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, wire.ArticleDetail{
		Article:     wire.FromArticle(d.Article),
		Content:     wire.ArticleContent{VersionID: d.Content.ID, HTML: d.Content.HTML, Text: d.Content.Text},
		Annotations: wire.FromAnnotations(d.Annotations),
		Seq:         d.Seq,
		Role:        d.Role,
	})
}

// --- annotations ---

type createAnnotationRequest struct {
	ArticleVersionID *string         `json:"articleVersionId"`
	Kind             string          `json:"kind"`
	Selectors        *wire.Selectors `json:"selectors"`
	Body             string          `json:"body"`
	Tags             []string        `json:"tags"`
	ClaimID          string          `json:"claimId"`
}

func (s *Server) listAnnotations(c echo.Context) error {
	as, err := s.svc.ListAnnotations(c.Request().Context(), session(c).User, c.Param("article"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"annotations": wire.FromAnnotations(as)})
}

func (s *Server) createAnnotation(c echo.Context) error {
	var req createAnnotationRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("articleVersionId", req.ArticleVersionID != nil); err != nil {
		return err
	}
	if err := required("selectors", req.Selectors != nil); err != nil {
		return err
	}
	sel := req.Selectors
	in := service.CreateAnnotationInput{
		ArticleVersionID: *req.ArticleVersionID, Kind: req.Kind, Body: req.Body, Tags: req.Tags, ClaimID: req.ClaimID,
		Quote:    factcheck.TextQuote{Exact: sel.Quote.Exact, Prefix: sel.Quote.Prefix, Suffix: sel.Quote.Suffix},
		Position: factcheck.TextPosition{Start: sel.Position.Start, End: sel.Position.End},
	}
	a, err := s.svc.CreateAnnotation(c.Request().Context(), session(c).User, c.Param("article"), in, idempotencyKey(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, wire.FromAnnotation(a))
}

// --- events ---

func (s *Server) listEvents(c echo.Context) error {
	after, err := queryInt(c, "after", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit", 100)
	if err != nil {
		return err
	}
	if after < 0 {
		return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "after", Message: "after must be 0 or more"}
	}
	if limit < 1 || limit > service.MaxEventPage {
		return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "limit", Message: fmt.Sprintf("limit must be between 1 and %d", service.MaxEventPage)}
	}
	evs, err := s.svc.ListEvents(c.Request().Context(), session(c).User, c.Param("workspace"), after, int(limit))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"events": wire.FromEvents(evs)})
}

func queryInt(c echo.Context, name string, def int64) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: name, Message: name + " must be an integer"}
	}
	return n, nil
}

func idempotencyKey(c echo.Context) string { return c.Request().Header.Get("Idempotency-Key") }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
