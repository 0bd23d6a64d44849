package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"reflect"
	"sort"
	"strings"
	"unsafe"

	"errdex"
)

// A page's digest identifies everything its template can read: the
// build's environment (envDigest: Options.Salt, the templates, the
// options, the Markdown pages, the assets' names, and what template
// functions and page methods look up in the catalog: its sources, scope
// names, platforms, site settings and the set of codes) and the page
// itself with its data, walked by reflection (pageDigest). A page whose
// digest is the previous build's is that build's file, byte for byte:
// the build takes it from the old site and does not render it
// (Options.Previous).
//
// A template that reaches the catalog as a whole (globalNames) makes
// pages whose digest covers every code. A template function added to the
// FuncMap that reads the builder's state beyond the environment must be
// named in globalNames too.

// globalNames are the names by which a template reads the whole catalog:
// a page template whose source (or the layout's) holds one of them gets
// the digest of every code in its pages' digests.
var globalNames = []string{"Cat", "lookup"}

// errNoDigest is what the walk returns for data it cannot digest (a
// function, a channel, a cycle): the page is always rendered.
var errNoDigest = errors.New("render: no digest")

// digester computes page digests; it is used by the goroutine that runs
// the build's steps.
type digester struct {
	env    []byte                    // envDigest, nil until the first page
	all    []byte                    // the digest of every code, for global templates
	global map[string]bool           // page templates that read the whole catalog
	codes  map[*errdex.Code][32]byte // the digest of each code, once
	// fullOf maps each code of the capped catalog (builder.cat) to the
	// code it was made from (builder.full): a function of it alone
	// (errdex.Catalog.Capped), so its digest is made from the full
	// code's rather than by walking it again.
	fullOf map[*errdex.Code]*errdex.Code
	// pageBuf and codeBuf are the buffers the encodings of a page and of a
	// code are written into, reused from one to the next, unless one grew
	// past keptBuf (a platform's list at 100,000 codes encodes to some
	// 50 MB, which the rest of the build would otherwise hold).
	pageBuf, codeBuf []byte
	plans            map[reflect.Type]*plan // digestplan.go
}

// keptBuf is the largest digest buffer kept for the next page.
const keptBuf = 1 << 20

var (
	codeType   = reflect.TypeFor[*errdex.Code]()
	sourceType = reflect.TypeFor[errdex.SourceInfo]()
	pageBType  = reflect.TypeFor[*builder]()

	pagePType      = reflect.TypeFor[*page]()
	codeStructType = reflect.TypeFor[errdex.Code]()
)

// pageDigest is the digest of page p rendered with template name, ""
// when the build keeps no digests (no Options.Salt) or p holds what
// cannot be digested.
func (b *builder) pageDigest(name string, p *page) string {
	if !b.ensureEnv() {
		return ""
	}
	d := &b.dig
	buf := append(append(d.pageBuf[:0], "page\x00"...), d.env...)
	buf = appendString(buf, name)
	if d.global[name] {
		if d.all == nil {
			all := []byte("all\x00")
			for _, c := range b.cat.Codes {
				sum, err := d.code(c)
				if err != nil {
					return ""
				}
				all = append(all, sum[:]...)
			}
			sum := sha256.Sum256(all)
			d.all = sum[:]
		}
		buf = append(buf, d.all...)
	}
	buf, err := d.encode(buf, pagePType, unsafe.Pointer(&p))
	if err != nil {
		return ""
	}
	if cap(buf) <= keptBuf {
		d.pageBuf = buf
	} else {
		d.pageBuf = nil
	}
	sum := sha256.Sum256(buf)
	return "p" + hex.EncodeToString(sum[:16])
}

// jsonDigest is the digest of the code JSON of c (a code of the catalog
// as merged), "" without digests.
func (b *builder) jsonDigest(c *errdex.Code) string {
	if !b.ensureEnv() {
		return ""
	}
	sum, err := b.dig.code(c)
	if err != nil {
		return ""
	}
	buf := append(append([]byte("json\x00"), b.dig.env...), sum[:]...)
	h := sha256.Sum256(buf)
	return "j" + hex.EncodeToString(h[:16])
}

// ensureEnv computes the environment's digest once, and reports whether
// the build keeps digests.
func (b *builder) ensureEnv() bool {
	if b.opt.Salt == "" {
		return false
	}
	if b.dig.env == nil {
		env, err := b.envDigest()
		if err != nil {
			b.opt.Salt = "" // cannot tell: render every page, keep no digests
			return false
		}
		b.dig.env = env
	}
	return true
}

// envDigest hashes what every page may read besides its own data.
func (b *builder) envDigest() ([]byte, error) {
	d := &b.dig
	d.codes = map[*errdex.Code][32]byte{}
	d.global = map[string]bool{}
	d.fullOf = map[*errdex.Code]*errdex.Code{}
	if b.full != nil && b.full != b.cat && len(b.full.Codes) == len(b.cat.Codes) {
		for i, c := range b.cat.Codes {
			if f := b.full.Codes[i]; f != c && f.Key() == c.Key() {
				d.fullOf[c] = f
			}
		}
	}
	buf := appendString([]byte("env\x00"), b.opt.Salt)
	layout, err := fs.ReadFile(b.opt.Templates, "layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(b.opt.Templates, "*")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		src, err := fs.ReadFile(b.opt.Templates, n)
		if err != nil {
			return nil, err
		}
		buf = appendString(appendString(buf, n), string(src))
		for _, g := range globalNames {
			if bytes.Contains(src, []byte(g)) || bytes.Contains(layout, []byte(g)) {
				d.global[strings.TrimSuffix(n, ".html")] = true
			}
		}
	}
	o := b.opt
	// Not the bytes: where the files go and which old ones may be taken.
	o.Templates, o.Static, o.Pages, o.Workers, o.Previous = nil, nil, nil, 0, nil
	o.Out, o.Spare, o.SpareRecords = "", false, nil
	for _, v := range []any{o, b.docs, b.assetN, b.cat.Sources, b.cat.ScopeNames, b.cat.PlatformTable(), b.cat.Site} {
		if buf, err = d.walkFull(buf, reflect.ValueOf(v), 0); err != nil {
			return nil, err
		}
	}
	// Which codes exist: LinkCodes and Markdown link the ones a text
	// mentions.
	for _, c := range b.cat.Codes {
		buf = appendString(appendString(buf, string(c.Platform)), c.Code)
	}
	sum := sha256.Sum256(buf)
	return sum[:], nil
}

// code is the digest of one code, computed once per build.
func (d *digester) code(c *errdex.Code) ([32]byte, error) {
	if sum, ok := d.codes[c]; ok {
		return sum, nil
	}
	if f, ok := d.fullOf[c]; ok {
		fs, err := d.code(f)
		if err != nil {
			return [32]byte{}, err
		}
		sum := sha256.Sum256(append([]byte("capped\x00"), fs[:]...))
		d.codes[c] = sum
		return sum, nil
	}
	// A page's walk asks for its codes' digests as it goes: the code
	// buffer is taken while the code is walked.
	buf := append(d.codeBuf[:0], "code\x00"...)
	d.codeBuf = nil
	buf, err := d.encode(buf, codeStructType, unsafe.Pointer(c))
	if err != nil {
		return [32]byte{}, err
	}
	d.codeBuf = buf
	sum := sha256.Sum256(buf)
	d.codes[c] = sum
	return sum, nil
}

// walk appends an encoding of v to buf that differs whenever anything v
// holds differs, following pointers. A source (errdex.SourceInfo) is
// encoded by its ID, and the builder not at all: the environment holds
// them. A code is encoded by its digest.
func (d *digester) walk(buf []byte, v reflect.Value, depth int) ([]byte, error) {
	switch v.Type() {
	case codeType:
		if v.IsNil() {
			return append(buf, 0), nil
		}
		sum, err := d.code((*errdex.Code)(v.UnsafePointer()))
		return append(append(buf, 1), sum[:]...), err
	case sourceType:
		return appendString(append(buf, 's'), v.Field(0).FieldByName("ID").String()), nil
	case pageBType:
		return buf, nil
	}
	return d.walkKind(buf, v, depth, d.walk)
}

// walkFull is walk without the shortcuts, for the environment itself.
func (d *digester) walkFull(buf []byte, v reflect.Value, depth int) ([]byte, error) {
	return d.walkKind(buf, v, depth, d.walkFull)
}

func (d *digester) walkKind(buf []byte, v reflect.Value, depth int, next func([]byte, reflect.Value, int) ([]byte, error)) ([]byte, error) {
	if depth > 64 {
		return nil, errNoDigest
	}
	var err error
	switch v.Kind() {
	case reflect.Invalid:
		return append(buf, 0), nil
	case reflect.Bool:
		if v.Bool() {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(buf, v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.AppendUvarint(buf, v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return binary.LittleEndian.AppendUint64(buf, math.Float64bits(v.Float())), nil
	case reflect.String:
		return appendString(buf, v.String()), nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(buf, 0), nil
		}
		if v.Kind() == reflect.Interface {
			buf = appendString(buf, v.Elem().Type().String())
		}
		return next(append(buf, 1), v.Elem(), depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			if buf, err = next(buf, v.Field(i), depth+1); err != nil {
				return nil, err
			}
		}
		return buf, nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return append(buf, 0), nil
		}
		buf = binary.AppendUvarint(append(buf, 1), uint64(v.Len()))
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			return append(buf, v.Bytes()...), nil
		}
		for i := range v.Len() {
			if buf, err = next(buf, v.Index(i), depth+1); err != nil {
				return nil, err
			}
		}
		return buf, nil
	case reflect.Map:
		if v.IsNil() {
			return append(buf, 0), nil
		}
		type kv struct{ k, v []byte }
		var pairs []kv
		for it := v.MapRange(); it.Next(); {
			k, err := next(nil, it.Key(), depth+1)
			if err != nil {
				return nil, err
			}
			e, err := next(nil, it.Value(), depth+1)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, kv{k, e})
		}
		sort.Slice(pairs, func(i, j int) bool { return bytes.Compare(pairs[i].k, pairs[j].k) < 0 })
		buf = binary.AppendUvarint(append(buf, 1), uint64(len(pairs)))
		for _, p := range pairs {
			buf = append(append(buf, p.k...), p.v...)
		}
		return buf, nil
	}
	return nil, fmt.Errorf("%w: %s", errNoDigest, v.Type())
}

func appendString(buf []byte, s string) []byte {
	return append(binary.AppendUvarint(buf, uint64(len(s))), s...)
}
