package render

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	tparse "text/template/parse"
)

// Folding constant template calls (issue #14). Most of what a page says
// in the interface language is a call with constant arguments, {{t
// "code.disagree"}} or {{attr "aria-label" (msg "layout.platforms")}}:
// the same bytes on every page, yet each call costs a reflective call to
// the function and another to html/template's escaper on each of the
// 10,000 pages. fold evaluates such calls once, when the templates are
// parsed, and puts their output in the tree as text.
//
// It runs after html/template has escaped the tree, and folds only where
// the escaper would pass the value through unchanged: template.HTML in
// text (the escaper html/template added is its HTML escaper) and
// template.HTMLAttr where an attribute goes (its name filter). Anywhere
// else, in an attribute's value for one, the call is left as it is, so
// a folded page is byte for byte the page the call would make
// (TestFoldKeepsPages).

// noFold, when set by a test, leaves the templates as parsed.
var noFold bool

// pureFuncs are the template functions whose result depends only on
// their arguments: a call to one with constant arguments can be folded.
var pureFuncs = map[string]bool{
	"t": true, "tf": true, "msg": true, "msgf": true, "link": true, "attr": true,
	"code": true, "kbd": true, "strong": true,
}

// passThrough is, for each escaper html/template appends to an action,
// the one type of value it writes unchanged.
var passThrough = map[string]reflect.Type{
	"_html_template_htmlescaper":    reflect.TypeFor[template.HTML](),
	"_html_template_htmlnamefilter": reflect.TypeFor[template.HTMLAttr](),
}

// escape has html/template escape t's templates, by executing each entry
// (the layout when none is named) on no data, which stops at the first
// field it reads; an escaping error is returned.
func escape(t *template.Template, entries ...string) error {
	if len(entries) == 0 {
		entries = []string{"layout.html"}
	}
	for _, e := range entries {
		err := t.ExecuteTemplate(io.Discard, e, nil)
		var escErr *template.Error
		if errors.As(err, &escErr) {
			return err
		}
	}
	return nil
}

// fold replaces each action of t's escaped templates that is a pure call
// with constant arguments by its output. It returns how many actions it
// folded.
func fold(t *template.Template, fm template.FuncMap) (int, error) {
	n := 0
	for _, x := range t.Templates() {
		if x.Tree == nil || x.Tree.Root == nil {
			continue
		}
		k, err := foldList(x.Tree.Root, fm)
		if err != nil {
			return n, fmt.Errorf("render: templates: %s: %w", x.Name(), err)
		}
		n += k
	}
	return n, nil
}

// foldList folds the actions of l and of the lists below it.
func foldList(l *tparse.ListNode, fm template.FuncMap) (int, error) {
	if l == nil {
		return 0, nil
	}
	n := 0
	for i, node := range l.Nodes {
		var lists []*tparse.ListNode
		switch x := node.(type) {
		case *tparse.ActionNode:
			text, ok, err := foldAction(x, fm)
			if err != nil {
				return n, err
			}
			if ok {
				l.Nodes[i] = &tparse.TextNode{NodeType: tparse.NodeText, Pos: x.Pos, Text: []byte(text)}
				n++
			}
		case *tparse.IfNode:
			lists = []*tparse.ListNode{x.List, x.ElseList}
		case *tparse.RangeNode:
			lists = []*tparse.ListNode{x.List, x.ElseList}
		case *tparse.WithNode:
			lists = []*tparse.ListNode{x.List, x.ElseList}
		case *tparse.ListNode:
			lists = []*tparse.ListNode{x}
		}
		for _, sub := range lists {
			k, err := foldList(sub, fm)
			n += k
			if err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// foldAction is the output of a, when a is a pure call with constant
// arguments followed by one escaper that passes its value through.
func foldAction(a *tparse.ActionNode, fm template.FuncMap) (string, bool, error) {
	p := a.Pipe
	if len(p.Decl) != 0 || len(p.Cmds) != 2 || len(p.Cmds[1].Args) != 1 {
		return "", false, nil
	}
	esc, ok := p.Cmds[1].Args[0].(*tparse.IdentifierNode)
	if !ok {
		return "", false, nil
	}
	want, ok := passThrough[esc.Ident]
	if !ok {
		return "", false, nil
	}
	v, ok, err := constCall(p.Cmds[0], fm)
	if !ok || err != nil {
		return "", false, err
	}
	if v.Type() != want {
		return "", false, nil
	}
	return v.String(), true, nil
}

// constCall evaluates cmd when it is a pure function applied to constant
// arguments: strings and other such calls.
func constCall(cmd *tparse.CommandNode, fm template.FuncMap) (reflect.Value, bool, error) {
	id, ok := cmd.Args[0].(*tparse.IdentifierNode)
	if !ok || !pureFuncs[id.Ident] || fm[id.Ident] == nil {
		return reflect.Value{}, false, nil
	}
	args := make([]reflect.Value, 0, len(cmd.Args)-1)
	for _, a := range cmd.Args[1:] {
		switch x := a.(type) {
		case *tparse.StringNode:
			args = append(args, reflect.ValueOf(x.Text))
		case *tparse.PipeNode:
			if len(x.Decl) != 0 || len(x.Cmds) != 1 {
				return reflect.Value{}, false, nil
			}
			v, ok, err := constCall(x.Cmds[0], fm)
			if !ok || err != nil {
				return reflect.Value{}, false, err
			}
			args = append(args, v)
		default:
			return reflect.Value{}, false, nil
		}
	}
	f := reflect.ValueOf(fm[id.Ident])
	ft := f.Type()
	if !callable(ft, args) {
		return reflect.Value{}, false, nil
	}
	out := f.Call(args)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, false, out[1].Interface().(error)
	}
	return out[0], true, nil
}

// callable reports whether a function of type ft takes args as they are
// (the template would convert nothing either).
func callable(ft reflect.Type, args []reflect.Value) bool {
	in := ft.NumIn()
	if ft.IsVariadic() {
		if len(args) < in-1 {
			return false
		}
	} else if len(args) != in {
		return false
	}
	for i, a := range args {
		var pt reflect.Type
		if ft.IsVariadic() && i >= in-1 {
			pt = ft.In(in - 1).Elem()
		} else {
			pt = ft.In(i)
		}
		if !a.Type().AssignableTo(pt) {
			return false
		}
	}
	return true
}
