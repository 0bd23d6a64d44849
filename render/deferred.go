package render

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Deferred are the files of a site built into memory that the build left
// to be made when first asked for (FilesDeferred): the files made from
// the whole catalog, data/errdex.json and the search index, which no page
// needs in order to be shown. Each group of them is made once, on the
// first ask, with the bytes the build would have made; it is safe for
// concurrent use.
type Deferred struct {
	groups []*deferredGroup
}

// deferredGroup is files made together: the names it is known to make,
// and any other file under its prefix ("" for none), which it may make
// (the search index's shards, whose names are known only once it is
// made).
type deferredGroup struct {
	names  []string
	prefix string
	make   func() (map[string][]byte, error)

	once  sync.Once
	files map[string][]byte
	err   error
}

// claims reports whether the group makes, or may make, the file name.
func (g *deferredGroup) claims(name string) bool {
	return slices.Contains(g.names, name) || (g.prefix != "" && strings.HasPrefix(name, g.prefix))
}

// get makes the group's files once and returns them.
func (g *deferredGroup) get() (map[string][]byte, error) {
	g.once.Do(func() { g.files, g.err = g.make() })
	return g.files, g.err
}

// File returns the deferred file name, making its group if it is not made
// yet: ok is false when no deferred file has that name. A nil Deferred
// has none.
func (d *Deferred) File(name string) (data []byte, ok bool, err error) {
	if d == nil {
		return nil, false, nil
	}
	for _, g := range d.groups {
		if !g.claims(name) {
			continue
		}
		files, err := g.get()
		if err != nil {
			return nil, false, err
		}
		if data, ok := files[name]; ok {
			return data, true, nil
		}
	}
	return nil, false, nil
}

// Names are the names of the deferred files known before they are made,
// sorted: every group's, but not the shards of the search index.
func (d *Deferred) Names() []string {
	if d == nil {
		return nil
	}
	var out []string
	for _, g := range d.groups {
		out = append(out, g.names...)
	}
	slices.Sort(out)
	return out
}

// Files makes every deferred file, and returns them.
func (d *Deferred) Files() (map[string][]byte, error) {
	out := map[string][]byte{}
	if d == nil {
		return out, nil
	}
	for _, g := range d.groups {
		files, err := g.get()
		if err != nil {
			return nil, err
		}
		maps.Copy(out, files)
	}
	return out, nil
}

// deferGroup registers a group of deferred files: the names it will make
// (the build's has and hasDir see them) and, when prefix is not "", any
// file under it. make returns the files as a step would put them in
// b.files; they are finished (minified unless minimal, separators
// escaped) as the pool would finish them.
func (b *builder) deferGroup(names []string, prefix string, minimal bool, makeFiles func() (map[string][]byte, error)) error {
	for _, n := range names {
		if b.names[n] {
			return fmt.Errorf("render: two files of the site at %s", n)
		}
		b.names[n] = true
	}
	noMinify := b.opt.NoMinify || minimal
	b.deferred.groups = append(b.deferred.groups, &deferredGroup{names: names, prefix: prefix, make: func() (map[string][]byte, error) {
		files, err := makeFiles()
		if err != nil {
			return nil, err
		}
		w := &worker{m: newMinifier()}
		out := make(map[string][]byte, len(files))
		for name, data := range files {
			if data, err = w.finish(name, data, noMinify); err != nil {
				return nil, err
			}
			out[name] = bytes.Clone(data)
		}
		return out, nil
	}})
	return nil
}

// deferredHas reports whether a deferred group makes the file name,
// making the group when the name is under its prefix but not among its
// known names (a redirect that names a shard of the search index).
func (b *builder) deferredHas(name string) bool {
	if b.deferred == nil {
		return false
	}
	_, ok, err := b.deferred.File(name)
	return ok && err == nil
}
