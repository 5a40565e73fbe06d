package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

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

type createVersionRequest struct {
	sourceRequest
	Refetch bool `json:"refetch"`
}

func (s *Server) createArticleVersion(c echo.Context) error {
	var req createVersionRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	src, err := req.source()
	if err != nil {
		return err
	}
	res, err := s.svc.CreateArticleVersion(c.Request().Context(), session(c).User, c.Param("article"), src, req.Refetch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"article": wire.FromArticle(res.Article), "changed": res.Changed, "reanchored": res.Reanchored})
}
