package render

import (
	"bytes"
	"encoding/json"
	"fmt"

	"errdex"
)

// The errdex.json schema. Fields may be added; none may be renamed or removed.
type (
	jsonCatalog struct {
		Sources []jsonSource    `json:"sources"`
		Codes   []jsonCode      `json:"codes"`
		Changes []errdex.Change `json:"changes"`
	}
	jsonSource struct {
		ID         string        `json:"id"`
		Platform   string        `json:"platform"`
		Title      string        `json:"title"`
		URL        string        `json:"url"`
		Retrieved  string        `json:"retrieved"`
		Format     string        `json:"format"`
		Path       string        `json:"path"`
		Supersedes string        `json:"supersedes"`
		Rows       int           `json:"rows"`
		Entries    int           `json:"entries"`
		Sections   int           `json:"sections"`
		Attached   int           `json:"attached"`
		Skipped    []errdex.Skip `json:"skipped"`
		Orphans    []errdex.Skip `json:"orphans"`
		Repairs    []errdex.Skip `json:"repairs"`
		Unattached []errdex.Skip `json:"unattached"`
		Observed   bool          `json:"observed"` // observed API responses, not a page snapshot
	}
	jsonCode struct {
		Platform  string           `json:"platform"`
		Code      string           `json:"code"`
		URL       string           `json:"url"`
		Title     string           `json:"title"`
		Meanings  []jsonMeaning    `json:"meanings"`
		Conflict  string           `json:"conflict"`
		Elsewhere []errdex.Sibling `json:"elsewhere"`
		// Flag is "reviewed", "detected" or "" (see errdex.Code.Flag).
		Flag string `json:"flag"`
		// Detected is the measure's conflict kinds before any review.
		Detected string             `json:"detected"`
		Review   *errdex.CodeReview `json:"review"`
		// Responses are the errmsgs the API was seen to return.
		Responses []errdex.Response `json:"responses"`
	}
	jsonMeaning struct {
		ID              string             `json:"id"`
		ZH              string             `json:"zh"`
		EN              string             `json:"en"`
		Fix             string             `json:"fix"`
		Troubleshooting string             `json:"troubleshooting"`
		Scope           string             `json:"scope"`
		ScopeLabels     []string           `json:"scope_labels"`
		Sources         []errdex.SourceRef `json:"sources"`
		Wordings        []errdex.Wording   `json:"wordings"`
		Scopes          []string           `json:"scopes"`
	}
)

func toJSONCode(c *errdex.Code) jsonCode {
	j := jsonCode{
		Platform: string(c.Platform), Code: c.Code, URL: c.URL(), Title: c.Title(),
		Conflict: c.Conflict(), Elsewhere: nonNil(c.Elsewhere), Meanings: []jsonMeaning{},
		Flag: c.Flag(), Detected: errdex.JoinKinds(c.Detected), Review: c.Review,
		Responses: nonNil(c.Responses),
	}
	for _, m := range c.Meanings {
		j.Meanings = append(j.Meanings, jsonMeaning{
			ID: m.ID, ZH: m.ZH, EN: m.EN, Fix: m.Fix, Troubleshooting: m.Troubleshooting,
			Scope: m.Scope, ScopeLabels: nonNil(m.ScopeLabels), Sources: nonNil(m.Sources),
			Wordings: nonNil(m.Wordings), Scopes: nonNil(m.Scopes),
		})
	}
	return j
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// catalogJSON is data/errdex.json: the whole catalog, the bytes marshal
// makes of a jsonCatalog. It encodes one code at a time into chunks and
// copies them once into a slice of the final size: encoding the whole
// jsonCatalog at once held every code converted, and the encoder's
// buffer and the result grown by doubling, about four times the file at
// once (a quarter of the build's peak heap at 100,000 codes).
func catalogJSON(cat *errdex.Catalog) ([]byte, error) {
	sources := make([]jsonSource, 0, len(cat.Sources))
	for _, s := range cat.Sources {
		sources = append(sources, jsonSource{
			ID: s.ID, Platform: string(s.Platform), Title: s.Title, URL: s.URL,
			Retrieved: s.Retrieved, Format: s.Format, Path: s.Path, Supersedes: s.Supersedes,
			Rows: s.Rows, Entries: s.Entries, Sections: s.Sections, Attached: s.Attached,
			Skipped: nonNil(s.Skipped), Orphans: nonNil(s.Orphans), Repairs: nonNil(s.Repairs), Unattached: nonNil(s.Unattached), Observed: s.Observed,
		})
	}
	var w chunks
	enc := json.NewEncoder(&w)
	enc.SetEscapeHTML(false)
	// value encodes v, without the newline Encode ends it with.
	value := func(v any) error {
		if err := enc.Encode(v); err != nil {
			return err
		}
		w.unwrite(1)
		return nil
	}
	w.WriteString(`{"sources":`)
	if err := value(sources); err != nil {
		return nil, err
	}
	w.WriteString(`,"codes":[`)
	for i, c := range cat.Codes {
		if i > 0 {
			w.WriteString(",")
		}
		if err := value(toJSONCode(c)); err != nil {
			return nil, err
		}
	}
	w.WriteString(`],"changes":`)
	if err := value(nonNil(cat.Changes)); err != nil {
		return nil, err
	}
	w.WriteString("}")
	return w.bytes(), nil
}

// chunks is an io.Writer that keeps what it is given in chunks of at
// least chunkSize bytes, each written whole into one chunk, so that
// growing it copies nothing.
type chunks struct{ list [][]byte }

const chunkSize = 1 << 20

// Write appends p to the last chunk, or to a new one where it does not fit.
func (c *chunks) Write(p []byte) (int, error) {
	n := len(c.list)
	if n == 0 || cap(c.list[n-1])-len(c.list[n-1]) < len(p) {
		c.list = append(c.list, make([]byte, 0, max(chunkSize, len(p))))
		n++
	}
	c.list[n-1] = append(c.list[n-1], p...)
	return len(p), nil
}

// WriteString is Write for a string.
func (c *chunks) WriteString(s string) { c.Write([]byte(s)) }

// unwrite drops the last n bytes written, which the last Write put in
// the last chunk.
func (c *chunks) unwrite(n int) {
	last := len(c.list) - 1
	c.list[last] = c.list[last][:len(c.list[last])-n]
}

// bytes returns everything written, in one slice of its length.
func (c *chunks) bytes() []byte {
	n := 0
	for _, b := range c.list {
		n += len(b)
	}
	out := make([]byte, 0, n)
	for _, b := range c.list {
		out = append(out, b...)
	}
	c.list = nil
	return out
}

// codeJSON is <platform>/<code>/index.json: one code, with its sources.
func codeJSON(cat *errdex.Catalog, c *errdex.Code) ([]byte, error) {
	type sourceRef struct {
		ID        string `json:"id"`
		Title     string `json:"title"`
		URL       string `json:"url"`
		Retrieved string `json:"retrieved"`
		Path      string `json:"path"`
	}
	type withSources struct {
		jsonCode
		Sources []sourceRef `json:"sources"`
	}
	out := withSources{jsonCode: toJSONCode(c), Sources: []sourceRef{}}
	seen := map[string]bool{}
	for _, m := range c.Meanings {
		for _, r := range m.Sources {
			if seen[r.Source] {
				continue
			}
			seen[r.Source] = true
			if s, ok := cat.Source(r.Source); ok {
				out.Sources = append(out.Sources, sourceRef{ID: s.ID, Title: s.Title, URL: s.URL,
					Retrieved: s.Retrieved, Path: s.Path})
			}
		}
	}
	return marshal(out)
}

// marshal encodes v compactly, without HTML escaping (the JSON is data,
// not markup) and without a trailing newline: the bytes the minifier makes
// of the indented form (it only drops whitespace between tokens; numbers
// are kept as written), so the build need not indent and then minify.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// jsonOut is JSON encoded by marshal as the build writes it: as it is,
// or indented when the build does not minify (Options.NoMinify), as it
// was encoded before.
func (b *builder) jsonOut(data []byte) ([]byte, error) { return jsonOut(data, b.opt.NoMinify) }

// jsonOut is JSON encoded by marshal as it is, or indented when noMinify.
func jsonOut(data []byte, noMinify bool) ([]byte, error) {
	if !noMinify {
		return data, nil
	}
	var out bytes.Buffer
	if err := json.Indent(&out, data, "", " "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// codeJSONFile queues c's <platform>/<code>/index.json: a worker encodes
// it, unless its digest (the code as merged, and the environment, which
// holds the sources) is the previous build's.
func (b *builder) codeJSONFile(c *errdex.Code) error {
	full := b.full.Lookup(c.Platform, c.Code)
	if full == nil {
		return fmt.Errorf("render: code %s %s is not in the catalog", c.Platform, c.Code)
	}
	if err := b.flush(); err != nil {
		return err
	}
	return b.emit(job{name: c.URL() + "index.json", minimal: true, digest: b.jsonDigest(full),
		make: func(*bytes.Buffer) ([]byte, error) {
			data, err := codeJSON(b.full, full)
			if err != nil {
				return nil, err
			}
			return b.jsonOut(data)
		}})
}

// catalogJSONFile queues data/errdex.json, for a worker to encode, or
// leaves it to the build's Deferred (FilesDeferred).
func (b *builder) catalogJSONFile() error {
	const name = "data/errdex.json"
	if err := b.flush(); err != nil {
		return err
	}
	if b.deferred != nil {
		// The group holds the catalog, not the builder.
		full, noMinify := b.full, b.opt.NoMinify
		return b.deferGroup([]string{name}, "", true, func() (map[string][]byte, error) {
			data, err := catalogJSON(full)
			if err == nil {
				data, err = jsonOut(data, noMinify)
			}
			return map[string][]byte{name: data}, err
		})
	}
	return b.emit(job{name: name, minimal: true, make: func(*bytes.Buffer) ([]byte, error) {
		data, err := catalogJSON(b.full)
		if err != nil {
			return nil, err
		}
		return b.jsonOut(data)
	}})
}
