package httpapi

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// statusOf is the one table from domain error codes to HTTP statuses.
var statusOf = map[factcheck.Code]int{
	factcheck.CodeBadRequest:      http.StatusBadRequest,
	factcheck.CodeUnauthorized:    http.StatusUnauthorized,
	factcheck.CodeForbidden:       http.StatusForbidden,
	factcheck.CodeNotFound:        http.StatusNotFound,
	factcheck.CodeConflict:        http.StatusConflict,
	factcheck.CodeStaleVersion:    http.StatusPreconditionFailed,
	factcheck.CodeInvalid:         http.StatusUnprocessableEntity,
	factcheck.CodeTooLarge:        http.StatusRequestEntityTooLarge,
	factcheck.CodeTooManyRequests: http.StatusTooManyRequests,
	factcheck.CodeUnavailable:     http.StatusServiceUnavailable,
	factcheck.CodeInternal:        http.StatusInternalServerError,
}

// codeOfStatus classifies errors that Echo itself raises (unknown route,
// method not allowed, body too large).
func codeOfStatus(status int) factcheck.Code {
	switch status {
	case http.StatusNotFound:
		return factcheck.CodeNotFound
	case http.StatusUnauthorized:
		return factcheck.CodeUnauthorized
	case http.StatusForbidden:
		return factcheck.CodeForbidden
	case http.StatusRequestEntityTooLarge:
		return factcheck.CodeTooLarge
	case http.StatusTooManyRequests:
		return factcheck.CodeTooManyRequests
	case http.StatusServiceUnavailable:
		return factcheck.CodeUnavailable
	}
	if status >= 400 && status < 500 {
		return factcheck.CodeBadRequest
	}
	return factcheck.CodeInternal
}

type errorBody struct {
	Error errorDetail `json:"error"`
	// Current is the record as it is now, with a stale-version error.
	Current any `json:"current,omitempty"`
}

type errorDetail struct {
	Code    factcheck.Code `json:"code"`
	Message string         `json:"message"`
	Field   string         `json:"field,omitempty"`
}

// handleError is Echo's only error handler. Domain errors become their
// status and message; anything else is logged and shown as an internal
// error without details.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, body := s.describe(err, c)
	if c.Request().Method == http.MethodHead {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, body)
	}
	if err != nil {
		s.logger.Warn("write error response", "err", err)
	}
}

func (s *Server) describe(err error, c echo.Context) (int, errorBody) {
	if fe, ok := errors.AsType[*factcheck.Error](err); ok {
		status := statusOf[fe.Code]
		if fe.Code == factcheck.CodeInternal || fe.Code == factcheck.CodeUnavailable {
			s.logger.Error("request failed", "route", c.Path(), "code", fe.Code, "err", err)
		}
		if fe.Code == factcheck.CodeInternal {
			fe = &factcheck.Error{Code: fe.Code, Message: "something went wrong on our side; it has been logged"}
		}
		return status, errorBody{Error: errorDetail{Code: fe.Code, Message: fe.Message, Field: fe.Field}, Current: fe.Current}
	}
	if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return http.StatusRequestEntityTooLarge, errorBody{Error: errorDetail{Code: factcheck.CodeTooLarge,
			Message: "the request body is larger than " + humanBytes(mbe.Limit)}}
	}
	if he, ok := errors.AsType[*echo.HTTPError](err); ok {
		code := codeOfStatus(he.Code)
		msg := http.StatusText(he.Code)
		switch he.Code {
		case http.StatusNotFound:
			msg = "no such page or API route"
		case http.StatusMethodNotAllowed:
			msg = "this route does not accept " + c.Request().Method
		case http.StatusRequestEntityTooLarge:
			msg = "the request body is larger than " + humanBytes(s.maxBody)
		}
		if code == factcheck.CodeInternal {
			s.logger.Error("request failed", "route", c.Path(), "err", err)
			msg = "something went wrong on our side; it has been logged"
		}
		return he.Code, errorBody{Error: errorDetail{Code: code, Message: msg}}
	}
	s.logger.Error("request failed", "route", c.Path(), "err", err)
	return http.StatusInternalServerError, errorBody{Error: errorDetail{Code: factcheck.CodeInternal,
		Message: "something went wrong on our side; it has been logged"}}
}
