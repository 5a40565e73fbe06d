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
)

// How handlers read a request: a JSON body, query integers, the version an
// edit is based on, the Idempotency-Key.

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

// basedOn is the version an edit names: the `version` field, or If-Match
// ("3", W/"3" or 3). Zero when neither is given.
func basedOn(c echo.Context, field *int) (int, error) {
	if field != nil {
		return *field, nil
	}
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil || v < 1 {
		return 0, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "If-Match", Message: `If-Match must be a version, like "3"`}
	}
	return v, nil
}

// etag sets the ETag of a versioned record.
func etag(c echo.Context, version int) {
	c.Response().Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
}

// nullable tells a missing field from null: set is true when the field was
// present, and Value is nil for null.
type nullable struct {
	set   bool
	Value *string
}

// orEmpty is the field for a partial update: nil when it was left out, ""
// when it was null (clear it), or its value.
func (n nullable) orEmpty() *string {
	if !n.set {
		return nil
	}
	if n.Value == nil {
		empty := ""
		return &empty
	}
	return n.Value
}

func (n *nullable) UnmarshalJSON(b []byte) error {
	n.set = true
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := jsonUnmarshal(b, &s); err != nil {
		return err
	}
	n.Value = &s
	return nil
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
