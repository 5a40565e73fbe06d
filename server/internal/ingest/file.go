package ingest

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// FromFile imports an uploaded file by its extension: .html, .htm or
// .xhtml as HTML (in the encoding the page declares), .md or .markdown as
// Markdown, .txt as plain text; the last two must be UTF-8. Other files are
// refused. A document without a title of its own is titled by the file's
// name.
func FromFile(name string, data []byte) (Document, error) {
	if len(data) > MaxPageBytes {
		return Document{}, factcheck.Invalid("file", "the file is larger than %s", sizeText(MaxPageBytes))
	}
	ext := strings.ToLower(filepath.Ext(name))
	var d Document
	var err error
	switch ext {
	case ".html", ".htm", ".xhtml":
		var page string
		if page, err = decodeHTML(data, ""); err == nil {
			d, err = fromHTML(page, nil, "file")
		}
	case ".md", ".markdown":
		d, err = Markdown(string(bytes.TrimPrefix(data, utf8BOM)))
	case ".txt":
		var c Content
		c, err = PlainText(string(bytes.TrimPrefix(data, utf8BOM)))
		d = Document{Content: c}
	case "":
		return Document{}, factcheck.Invalid("file", "the file %q has no extension; Factdesk imports .html, .htm, .md, .markdown and .txt files", name)
	default:
		return Document{}, factcheck.Invalid("file", "Factdesk cannot import %s files; it imports .html, .htm, .md, .markdown and .txt files", ext)
	}
	if err != nil {
		return Document{}, relabel(err, "file") // the user gave a file: name it, whatever was wrong inside
	}
	if d.Title == "" {
		d.Title = oneLine(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	}
	return d, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeHTML turns a page's bytes into UTF-8, in the encoding named by a
// byte order mark, the Content-Type (when fetched) or the page's own <meta>,
// as a browser would; bytes that are not valid in it become U+FFFD. A page
// that names no encoding is read as UTF-8 when all of it is valid UTF-8
// (the browser's windows-1252 guess looks at the first 1024 bytes only).
func decodeHTML(data []byte, contentType string) (string, error) {
	enc, name, certain := charset.DetermineEncoding(data, contentType)
	if !certain && name == "windows-1252" && utf8.Valid(data) {
		return strings.TrimPrefix(string(data), "\uFEFF"), nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", factcheck.Invalid("html", "the page's characters could not be decoded")
	}
	return strings.ToValidUTF8(string(bytes.TrimPrefix(out, utf8BOM)), "\uFFFD"), nil
}

// sizeText writes a byte count the way people read it: "5 MiB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
