package ingest

import (
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantHTML string
		wantText string
	}{
		{"one paragraph", "Hello world", "<p>Hello world</p>", "Hello world"},
		{"paragraphs", "One.\n\nTwo\nlines.\r\n\r\n\r\nThree.", "<p>One.</p>\n<p>Two lines.</p>\n<p>Three.</p>", "One.\nTwo lines.\nThree."},
		{"markup is text", `<script>alert(1)</script> & "x"`, "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;</p>", `<script>alert(1)</script> & "x"`},
		{"unicode", "Café 🍰  30,000", "<p>Café 🍰 30,000</p>", "Café 🍰 30,000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := PlainText(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if c.HTML != tt.wantHTML {
				t.Errorf("HTML = %q, want %q", c.HTML, tt.wantHTML)
			}
			if c.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", c.Text, tt.wantText)
			}
			if len(c.Hash) != 64 {
				t.Errorf("Hash = %q, want 64 hex digits", c.Hash)
			}
		})
	}
}

func TestPlainTextRefusesEmptyAndInvalid(t *testing.T) {
	for _, in := range []string{"", "  \n\n \t", "bad \xff utf8", strings.Repeat("a", MaxTextBytes+1)} {
		if _, err := PlainText(in); err == nil {
			t.Errorf("PlainText(%.20q) accepted it", in)
		}
	}
}

func TestSameContentSameHash(t *testing.T) {
	a, _ := PlainText("Same text.\n\nTwice.")
	b, _ := PlainText("Same   text.\r\n\r\nTwice.\n")
	if a.Hash != b.Hash {
		t.Fatal("the same content after normalisation has two hashes")
	}
}
