// Package factcheck holds Factdesk's domain: the words fact-checkers use
// (workspace, article, annotation, event), the roles and what each may do,
// and the errors every layer shares. It depends on the standard library only.
package factcheck

import (
	"errors"
	"fmt"
)

// Code classifies an error for the people and programs that receive it. The
// HTTP layer maps each code to one status through a single table.
type Code string

const (
	CodeBadRequest      Code = "bad_request"       // the request itself is malformed
	CodeUnauthorized    Code = "unauthorized"      // no valid session, or wrong credentials
	CodeForbidden       Code = "forbidden"         // the role may not do this
	CodeNotFound        Code = "not_found"         // missing, or in a workspace the user cannot see
	CodeConflict        Code = "conflict"          // the thing exists already, or its state forbids this
	CodeStaleVersion    Code = "stale_version"     // an update was based on an old version
	CodeInvalid         Code = "invalid"           // well-formed, but a field's value is not acceptable
	CodeTooLarge        Code = "too_large"         // the body is over the limit
	CodeTooManyRequests Code = "too_many_requests" // over a rate or connection limit; Retry-After says when to retry
	CodeUnavailable     Code = "unavailable"       // the database cannot be reached right now
	CodeInternal        Code = "internal"          // a bug or an unexpected failure
)

// Error is a domain error: a code, a message fit to show a user, and the
// field at fault when there is one. Internal details travel in Err and are
// logged, never shown.
type Error struct {
	Code    Code
	Message string
	Field   string
	// Current is the record as it is now, for a stale-version error.
	Current any
	Err     error
}

func (e *Error) Error() string {
	msg := string(e.Code) + ": " + e.Message
	if e.Field != "" {
		msg += " (field " + e.Field + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with a formatted, user-facing message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports a field whose value is not acceptable.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound reports that a kind of thing does not exist, or is not visible to
// the user, which callers must not be able to tell apart.
func NotFound(kind string) *Error {
	return &Error{Code: CodeNotFound, Message: kind + " not found"}
}

// Forbidden reports that the user's role does not allow an action.
func Forbidden(action Action) *Error {
	return &Error{Code: CodeForbidden, Message: "your role does not allow you to " + action.Describe()}
}

// ErrorCode returns the code of err, or CodeInternal for errors that are not
// domain errors.
func ErrorCode(err error) Code {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return CodeInternal
}

// IsCode reports whether err is a domain error with the given code.
func IsCode(err error, code Code) bool {
	return err != nil && ErrorCode(err) == code
}

// Stale reports that an update was based on an old version; current is the
// record as it is now, for the client to show beside its own.
func Stale(kind string, current any) *Error {
	return &Error{Code: CodeStaleVersion, Message: "this " + kind + " was changed by someone else since you loaded it", Current: current}
}
