package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// FetchOptions bound what a URL import may do. Zero values take the
// defaults.
type FetchOptions struct {
	Timeout      time.Duration // the whole import: connect, redirects, body; default 10s
	MaxBytes     int64         // the page's size after decompression; default 5 MiB
	MaxRedirects int           // default 5
	// AllowPrivate lets imports reach loopback, private, link-local and
	// other non-public addresses (FACTDESK_IMPORT_ALLOW_PRIVATE), for a desk
	// that imports from its own intranet. Off, those addresses are refused
	// at every connection, redirects and DNS answers included.
	AllowPrivate bool
	UserAgent    string
}

const (
	defaultFetchTimeout = 10 * time.Second
	defaultMaxRedirects = 5
	defaultUserAgent    = "Factdesk/1 (article import for fact-checking; +https://github.com/factdesk/factdesk)"
)

// Fetcher imports articles by URL. Build one with NewFetcher and share it:
// it holds the HTTP client and its connections.
type Fetcher struct {
	opts   FetchOptions
	client *http.Client
	// exempt lets tests reach their own loopback server while the private
	// ranges stay refused; nil outside tests.
	exempt func(netip.AddrPort) bool
}

// NewFetcher returns a Fetcher with opts' bounds.
func NewFetcher(opts FetchOptions) *Fetcher {
	return newFetcher(opts, nil)
}

func newFetcher(opts FetchOptions, exempt func(netip.AddrPort) bool) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = defaultFetchTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = MaxPageBytes
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = defaultMaxRedirects
	}
	if opts.UserAgent == "" {
		opts.UserAgent = defaultUserAgent
	}
	f := &Fetcher{opts: opts, exempt: exempt}
	dialer := &net.Dialer{Timeout: opts.Timeout, KeepAlive: 30 * time.Second, Control: f.checkDial}
	transport := &http.Transport{
		// No proxy: a proxy would make the dialed address the proxy's and
		// hide the real destination from checkDial.
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    opts.Timeout,
		ResponseHeaderTimeout:  opts.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           16,
		IdleConnTimeout:        90 * time.Second,
	}
	f.client = &http.Client{Transport: transport, CheckRedirect: f.checkRedirect}
	return f
}

// Errors the client's hooks return, turned into messages by fetchError.
var errTooManyRedirects = errors.New("too many redirects")

type refusedAddressError struct {
	addr  netip.Addr
	kind  string
	field string
}

func (e *refusedAddressError) Error() string {
	return fmt.Sprintf("%s is a %s address", e.addr, e.kind)
}

type badRedirectError struct{ reason string }

func (e *badRedirectError) Error() string { return e.reason }

// checkDial runs for every address the client is about to connect to,
// after DNS and before the connection: the address that is checked is the
// one dialed, so a DNS answer that changes between check and use, or a
// redirect to an internal host, is caught too.
func (f *Fetcher) checkDial(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dialing %q: %w", address, err)
	}
	if f.opts.AllowPrivate || (f.exempt != nil && f.exempt(ap)) {
		return nil
	}
	if kind := refusedKind(ap.Addr()); kind != "" {
		return &refusedAddressError{addr: ap.Addr().Unmap(), kind: kind}
	}
	return nil
}

// refusedRanges are the addresses an import may not reach unless the
// operator allows private ones: everything that is not the public internet.
var refusedRanges = []struct {
	prefix netip.Prefix
	kind   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\""},
	{netip.MustParsePrefix("10.0.0.0/8"), "private network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT (shared)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private network"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved (IETF protocol)"},
	{netip.MustParsePrefix("192.0.2.0/24"), "reserved (documentation)"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private network"},
	{netip.MustParsePrefix("198.18.0.0/15"), "reserved (benchmarking)"},
	{netip.MustParsePrefix("198.51.100.0/24"), "reserved (documentation)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "reserved (documentation)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"}, // and 255.255.255.255
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("::/96"), "reserved (IPv4-compatible)"},
	{netip.MustParsePrefix("100::/64"), "reserved (discard)"},
	{netip.MustParsePrefix("2001:db8::/32"), "reserved (documentation)"},
	{netip.MustParsePrefix("fc00::/7"), "private network"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "private network (site-local)"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// refusedKind names the kind of a non-public address, or is "" for a
// public one. IPv4 inside IPv6 (::ffff:10.0.0.1, 64:ff9b::10.0.0.1) is
// judged as the IPv4 address it reaches.
func refusedKind(a netip.Addr) string {
	a = a.Unmap().WithZone("")
	if a.Is6() && nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte(b[12:]))
	}
	for _, r := range refusedRanges {
		if r.prefix.Contains(a) {
			return r.kind
		}
	}
	return ""
}

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return errTooManyRedirects
	}
	if err := checkURL(req.URL); err != nil {
		return &badRedirectError{reason: "it redirects to an address Factdesk cannot import: " + err.Error()}
	}
	return nil
}

// checkURL accepts the addresses an import may ask for: http or https,
// with a host and without a user name or password.
func checkURL(u *url.URL) error {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("only http and https addresses can be imported")
	case u.User != nil:
		return errors.New("the address must not contain a user name or password")
	case u.Host == "" || u.Hostname() == "":
		return errors.New("the address has no host name")
	}
	return nil
}

// Fetch imports the article at rawURL: it fetches the page within the
// Fetcher's bounds, keeps its main content and metadata, and records
// rawURL as the original URL. Anything that goes wrong with the address or
// the page is an Invalid error on the field "url" that says what happened;
// nothing is imported then.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (Document, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || !u.IsAbs() {
		return Document{}, factcheck.Invalid("url", "%q is not a web address (it should start with https://)", rawURL)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if err := checkURL(u); err != nil {
		return Document{}, factcheck.Invalid("url", "%s", err)
	}
	u.Fragment, u.RawFragment = "", ""
	original := u.String()
	if ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil {
		// An address written as an IP is judged before anything is dialed;
		// names are judged at the dial, by the address they resolve to.
		if err := f.checkDial("tcp", netip.AddrPortFrom(ip, port(u)).String(), nil); err != nil {
			return Document{}, f.fetchError(ctx, ctx, u, err)
		}
	}

	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, original, nil)
	if err != nil {
		return Document{}, factcheck.Invalid("url", "%q is not a web address Factdesk can fetch", rawURL)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5")

	resp, err := f.client.Do(req)
	if err != nil {
		return Document{}, f.fetchError(parent, ctx, u, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Document{}, factcheck.Invalid("url", "the page at %s answered %s", original, resp.Status)
	}
	mediaType, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil && resp.Header.Get("Content-Type") != "" {
		return Document{}, factcheck.Invalid("url", "the page at %s has an unreadable content type %q", original, resp.Header.Get("Content-Type"))
	}
	if mediaType != "" && !importable(mediaType) {
		return Document{}, factcheck.Invalid("url", "the page at %s is %s, not HTML", original, mediaType)
	}
	if resp.ContentLength > f.opts.MaxBytes {
		return Document{}, f.tooLarge(original)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBytes+1))
	if err != nil {
		return Document{}, f.fetchError(parent, ctx, u, err)
	}
	if int64(len(body)) > f.opts.MaxBytes {
		return Document{}, f.tooLarge(original)
	}
	if mediaType == "" { // no Content-Type: look at the bytes, as a browser would
		mediaType, _, _ = mime.ParseMediaType(http.DetectContentType(body))
		if !importable(mediaType) {
			return Document{}, factcheck.Invalid("url", "the page at %s is %s, not HTML", original, mediaType)
		}
	}

	page, err := decodeHTML(body, resp.Header.Get("Content-Type"))
	if err != nil {
		return Document{}, relabel(err, "url")
	}
	var d Document
	if mediaType == "text/plain" {
		d.Content, err = PlainText(page)
	} else {
		d, err = fromHTML(page, resp.Request.URL, "url")
	}
	if err != nil {
		return Document{}, relabel(err, "url")
	}
	d.OriginalURL = original
	if d.CanonicalURL == "" {
		d.CanonicalURL = resp.Request.URL.String() // where the redirects ended
	}
	return d, nil
}

// port is the port u names or implies.
func port(u *url.URL) uint16 {
	if p, err := strconv.ParseUint(u.Port(), 10, 16); err == nil {
		return uint16(p)
	}
	if u.Scheme == "https" {
		return 443
	}
	return 80
}

// importable media types: HTML, and plain text made into paragraphs.
func importable(mediaType string) bool {
	switch mediaType {
	case "text/html", "application/xhtml+xml", "text/plain":
		return true
	}
	return false
}

func (f *Fetcher) tooLarge(u string) error {
	return factcheck.Invalid("url", "the page at %s is larger than %s", u, sizeText(f.opts.MaxBytes))
}

// fetchError says in a newsroom's words why a fetch failed. The cause
// stays in Err for the log.
func (f *Fetcher) fetchError(parent, ctx context.Context, u *url.URL, err error) error {
	var e *factcheck.Error
	var refused *refusedAddressError
	var badRedirect *badRedirectError
	var dnsErr *net.DNSError
	host := u.Hostname()
	switch {
	case errors.As(err, &refused):
		e = factcheck.Invalid("url", "the address %s leads to %s, which is in a %s range; Factdesk does not import from such addresses unless the operator allows it with FACTDESK_IMPORT_ALLOW_PRIVATE", host, refused.addr, refused.kind)
	case errors.Is(err, errTooManyRedirects):
		e = factcheck.Invalid("url", "the page at %s makes too many redirects (more than %d)", u, f.opts.MaxRedirects)
	case errors.As(err, &badRedirect):
		e = factcheck.Invalid("url", "the page at %s cannot be imported: %s", u, badRedirect.reason)
	case parent.Err() != nil:
		return fmt.Errorf("fetching %s: %w", u, context.Cause(parent)) // the caller gave up: not the user's input
	case ctx.Err() != nil || isTimeout(err):
		e = factcheck.Invalid("url", "the server at %s took longer than %s to send the page", host, f.opts.Timeout)
	case errors.As(err, &dnsErr):
		e = factcheck.Invalid("url", "the address %s could not be found (no such host)", host)
	default:
		e = factcheck.Invalid("url", "the server at %s could not be reached", host)
	}
	e.Err = err
	return e
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// relabel names the field of an Invalid error.
func relabel(err error, field string) error {
	var e *factcheck.Error
	if errors.As(err, &e) && e.Code == factcheck.CodeInvalid {
		e.Field = field
	}
	return err
}
