// Package frontend holds Factdesk's browser client, built by Vite into dist/.
//
// The files are embedded into the Go binary so that one executable serves
// both the API and the app. The server serves Dist under its "dist/" prefix
// and falls back to dist/index.html for client-side routes. Build the
// client first (npm ci && npm run build in this folder, or make build):
// without dist/ the Go build fails, which is the point.
package frontend

import "embed"

// Dist is the built client: dist/index.html and dist/assets/*.
//
//go:embed all:dist
var Dist embed.FS
