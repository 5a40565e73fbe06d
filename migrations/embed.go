// Package migrations holds the numbered SQL files that are the only source
// of the database schema. They are embedded in the binary and applied with
// goose.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
