package render

// MetaContentSecurityPolicy is the Content-Security-Policy the site's pages
// are written for, in the form a <meta http-equiv> element can carry: every
// script, style sheet, image and fetch comes from the site itself, nothing
// is inline, and forms only submit to the site. The pages carry it in
// layout.html's <head>, so it holds on any host and from disk.
const MetaContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'"

// ContentSecurityPolicy is MetaContentSecurityPolicy plus the directives
// only a response header can carry (a meta element's frame-ancestors is
// ignored): the one for servers and hosts to send (docs/hosting.md).
const ContentSecurityPolicy = MetaContentSecurityPolicy + "; frame-ancestors 'none'"
