package errdex

import (
	"fmt"
	"strings"
)

// Platform names one of the API platforms errdex documents.
type Platform string

// The platforms errdex documents.
const (
	WeCom    Platform = "wecom"
	DingTalk Platform = "dingtalk"
	WeChat   Platform = "wechat"
)

// Platforms lists every platform in the order codes are sorted and shown.
var Platforms = []Platform{DingTalk, WeChat, WeCom}

// Valid reports whether p is one of the known platforms.
func (p Platform) Valid() bool {
	for _, q := range Platforms {
		if p == q {
			return true
		}
	}
	return false
}

// Name is the platform's English display name.
func (p Platform) Name() string {
	switch p {
	case WeCom:
		return "WeCom"
	case DingTalk:
		return "DingTalk"
	case WeChat:
		return "WeChat"
	}
	return string(p)
}

// NameZH is the platform's Chinese display name.
func (p Platform) NameZH() string {
	switch p {
	case WeCom:
		return "企业微信"
	case DingTalk:
		return "钉钉"
	case WeChat:
		return "微信"
	}
	return string(p)
}

// ParsePlatform turns a manifest value into a Platform, or explains what is allowed.
func ParsePlatform(s string) (Platform, error) {
	p := Platform(strings.ToLower(strings.TrimSpace(s)))
	if !p.Valid() {
		return "", fmt.Errorf("unknown platform %q: use one of wecom, dingtalk, wechat", s)
	}
	return p, nil
}

// Source describes one snapshot of an error-code page, as listed in the manifest.
type Source struct {
	ID        string   // stable identifier, e.g. "wecom-global-2023"
	Platform  Platform // the platform the page belongs to
	Title     string   // human title of the page
	URL       string   // origin URL of the live page
	Retrieved string   // retrieval date, YYYY-MM-DD, or "" when unknown
	Format    string   // adapter name: markdown, tsv, dingtalk, pipe, html
	Path      string   // snapshot path relative to the content directory
	// Supersedes is the ID of an older snapshot of the same page, "" when none.
	Supersedes string
	Rows       int // independent count of candidate rows, 0 when not known
	Sections   int // independent count of troubleshooting sections, 0 when none

	// Scopes maps a section or scope label found in the snapshot to the
	// platform and scope its rows belong to. The label "" is the default.
	Scopes map[string]ScopeTarget
}

// ScopeTarget is where rows carrying one label belong.
type ScopeTarget struct {
	Platform Platform // platform of the rows; the source's when empty
	Scope    string   // canonical scope id within that platform, "" for general
}

// Resolve maps a raw scope label to a platform and scope. Unknown labels
// fall back to the default mapping (label ""), then to the source's platform
// with the general scope; ok is false in that last case.
func (s Source) Resolve(label string) (p Platform, scope string, ok bool) {
	t, ok := s.Scopes[label]
	if !ok {
		t = s.Scopes[""]
	}
	p = t.Platform
	if p == "" {
		p = s.Platform
	}
	return p, t.Scope, ok || label == ""
}
