package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"sync/atomic"
	texttemplate "text/template"
	tparse "text/template/parse"
	"unsafe"
)

// Compiled templates (issue #14). After html/template has escaped a page
// template and fold has made its constant calls text, the template's
// tree is turned once into Go closures, which the pages then run instead
// of text/template's tree walker. The walker finds every field by name
// and calls every function, escapers included, through reflect.Call, on
// every one of the 10,000 pages: 40% of a build's CPU time. The closures
// resolve a field once per type of value, keep variables in numbered
// slots, and call the escapers and other func(...any) string functions
// directly.
//
// The closures do what text/template does for what the pipelines of a
// well-formed template do. Anything else gives up, the page is made again
// by text/template, so the bytes, and the
// error a broken template gives, are always text/template's (fallbacks
// counts them):
//   - at parse time, a tree with something the compiler does not know (a
//     function it cannot find, "call", "slice", a nil command) is not
//     compiled at all;
//   - at run time, any error (a function's, a nil pointer, a missing map
//     key, a wrong type, a panic) and any value it does not handle
//     (ranging over a map or a channel, an unusual comparison) gives up.
// TestCompiledKeepsPages builds the test site both ways and compares every
// file, and checks that no page fell back; TestCompiledLikeText runs
// templates of every construct both ways.

// noCompile, when set by a test, runs every page through text/template.
var noCompile bool

// fallbacks counts the pages, in all builds of the process, that a
// compiled template gave up on and text/template made, for the tests.
var fallbacks atomic.Int64

// errGiveUp stops a compiled template: the page is made by text/template.
var errGiveUp = errors.New("compiled template: give up")

// Sentinels for {{break}} and {{continue}}, caught by the range around.
var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

// program is a compiled page template: the entry template and every
// template it calls, by name.
type program struct {
	entry *proc
}

// proc is one compiled template: its body and how many variable slots
// an execution of it needs ($ is slot 0).
type proc struct {
	body  step
	nvars int
}

// runner is the state of one execution of a program.
type runner struct {
	w     *bytes.Buffer
	depth int
	// one holds the argument of an escaper's call, so that the call's
	// ...any slice is not made anew for each value.
	one [1]any
}

// step writes a node's output; eval gives a value, cmd a command's value
// given the previous command's (final, when the command has one).
type (
	step func(r *runner, vars []reflect.Value, dot reflect.Value) error
	eval func(r *runner, vars []reflect.Value, dot reflect.Value) (reflect.Value, error)
	cmd  func(r *runner, vars []reflect.Value, dot, final reflect.Value) (reflect.Value, error)
)

// execute runs the program on data into w. On any error the caller throws
// away what was written and runs text/template.
func (p *program) execute(w *bytes.Buffer, data any) (err error) {
	defer func() {
		if recover() != nil {
			err = errGiveUp
		}
	}()
	r := &runner{w: w}
	dot := reflect.ValueOf(data)
	vars := make([]reflect.Value, p.entry.nvars)
	vars[0] = dot
	return p.entry.body(r, vars, dot)
}

// compileTemplate compiles the escaped html/template t from its entry
// template; ok is false when t holds what the compiler does not handle.
func compileTemplate(t *template.Template, entry string) (*program, bool) {
	text, ok := textTemplate(t)
	if !ok {
		return nil, false
	}
	return compileText(text, entry)
}

// compileText compiles the text/template t from its entry template.
func compileText(text *texttemplate.Template, entry string) (*program, bool) {
	funcs, ok := textFuncs(text)
	if !ok {
		return nil, false
	}
	c := &compiler{text: text, funcs: funcs, procs: map[string]*proc{}}
	p, err := c.proc(entry)
	if err != nil {
		return nil, false
	}
	return &program{entry: p}, true
}

// textTemplate is the text/template under html/template's t. html/template
// keeps it in an unexported field: it is read through reflect, and when
// the field is not there as expected (a future Go), nothing is compiled.
func textTemplate(t *template.Template) (*texttemplate.Template, bool) {
	f := reflect.ValueOf(t).Elem().FieldByName("text")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*texttemplate.Template]() {
		return nil, false
	}
	tt := *(**texttemplate.Template)(unsafe.Pointer(f.UnsafeAddr()))
	return tt, tt != nil
}

// textFuncs are the functions text/template calls for t: the FuncMap and
// the escapers html/template added, read like textTemplate.
func textFuncs(t *texttemplate.Template) (map[string]reflect.Value, bool) {
	c := reflect.ValueOf(t).Elem().FieldByName("common")
	if !c.IsValid() || c.Kind() != reflect.Pointer || c.IsNil() {
		return nil, false
	}
	f := c.Elem().FieldByName("execFuncs")
	if !f.IsValid() || f.Type() != reflect.TypeFor[map[string]reflect.Value]() {
		return nil, false
	}
	return *(*map[string]reflect.Value)(unsafe.Pointer(f.UnsafeAddr())), true
}

// compiler turns trees into closures.
type compiler struct {
	text  *texttemplate.Template
	funcs map[string]reflect.Value
	procs map[string]*proc
	// The variables in scope, innermost last, and the slots of the
	// template being compiled.
	scope []scoped
	slots int
}

type scoped struct {
	name string
	slot int
}

// errUnsupported stops compiling: the template runs on text/template.
var errUnsupported = errors.New("compiled template: unsupported")

// proc compiles the template name, once.
func (c *compiler) proc(name string) (*proc, error) {
	if p, ok := c.procs[name]; ok {
		return p, nil
	}
	t := c.text.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return nil, errUnsupported
	}
	p := &proc{}
	c.procs[name] = p
	scope, slots := c.scope, c.slots
	c.scope, c.slots = []scoped{{"$", 0}}, 1
	body, err := c.list(t.Tree.Root)
	p.body, p.nvars = body, c.slots
	c.scope, c.slots = scope, slots
	return p, err
}

// declare gives variable name a new slot, in scope from now on.
func (c *compiler) declare(name string) int {
	s := c.slots
	c.slots++
	c.scope = append(c.scope, scoped{name, s})
	return s
}

// lookup is the slot of the innermost variable name in scope.
func (c *compiler) lookup(name string) (int, error) {
	for i := len(c.scope) - 1; i >= 0; i-- {
		if c.scope[i].name == name {
			return c.scope[i].slot, nil
		}
	}
	return 0, errUnsupported
}

func (c *compiler) list(l *tparse.ListNode) (step, error) {
	if l == nil {
		return func(*runner, []reflect.Value, reflect.Value) error { return nil }, nil
	}
	steps := make([]step, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		s, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if s != nil {
			steps = append(steps, s)
		}
	}
	if len(steps) == 1 {
		return steps[0], nil
	}
	return func(r *runner, vars []reflect.Value, dot reflect.Value) error {
		for _, s := range steps {
			if err := s(r, vars, dot); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (c *compiler) node(n tparse.Node) (step, error) {
	switch n := n.(type) {
	case *tparse.TextNode:
		text := n.Text
		return func(r *runner, _ []reflect.Value, _ reflect.Value) error {
			r.w.Write(text)
			return nil
		}, nil
	case *tparse.CommentNode:
		return nil, nil
	case *tparse.ActionNode:
		return c.action(n)
	case *tparse.IfNode:
		return c.ifWith(n.Pipe, n.List, n.ElseList, false)
	case *tparse.WithNode:
		return c.ifWith(n.Pipe, n.List, n.ElseList, true)
	case *tparse.RangeNode:
		return c.rangeNode(n)
	case *tparse.TemplateNode:
		return c.templateNode(n)
	case *tparse.ListNode:
		return c.list(n)
	case *tparse.BreakNode:
		return func(*runner, []reflect.Value, reflect.Value) error { return errBreak }, nil
	case *tparse.ContinueNode:
		return func(*runner, []reflect.Value, reflect.Value) error { return errContinue }, nil
	}
	return nil, errUnsupported
}

// action prints a pipeline's value, or only declares its variables. The
// common action, a pipeline ending in an escaper, writes the escaper's
// string as it is made.
func (c *compiler) action(a *tparse.ActionNode) (step, error) {
	p := a.Pipe
	if len(p.Decl) == 0 && len(p.Cmds) > 0 {
		last := p.Cmds[len(p.Cmds)-1]
		if id, ok := last.Args[0].(*tparse.IdentifierNode); ok {
			if f, ok := c.funcs[id.Ident]; ok {
				if fn, ok := f.Interface().(func(...any) string); ok {
					return c.stringAction(p, last, fn, strings.HasPrefix(id.Ident, "_html_template_"))
				}
			}
		}
	}
	e, err := c.pipeline(p)
	if err != nil {
		return nil, err
	}
	if len(p.Decl) != 0 {
		return func(r *runner, vars []reflect.Value, dot reflect.Value) error {
			_, err := e(r, vars, dot)
			return err
		}, nil
	}
	return func(r *runner, vars []reflect.Value, dot reflect.Value) error {
		v, err := e(r, vars, dot)
		if err != nil {
			return err
		}
		return printValue(r.w, v)
	}, nil
}

// stringAction is an action whose last command calls fn, a func(...any)
// string: the commands before it, then fn on its arguments and the value
// so far, written out. An escaper of html/template's, which keeps nothing
// of its arguments, gets the value in the runner's slice.
func (c *compiler) stringAction(p *tparse.PipeNode, last *tparse.CommandNode, fn func(...any) string, escaper bool) (step, error) {
	var prev eval
	if len(p.Cmds) > 1 {
		var err error
		if prev, err = c.commands(p.Cmds[:len(p.Cmds)-1]); err != nil {
			return nil, err
		}
	}
	args := make([]eval, 0, len(last.Args)-1)
	for _, a := range last.Args[1:] {
		e, err := c.arg(a, anyType)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	n := len(args)
	if prev != nil {
		n++
	}
	if escaper && prev != nil && len(args) == 0 {
		return func(r *runner, vars []reflect.Value, dot reflect.Value) error {
			v, err := prev(r, vars, dot)
			if err != nil {
				return err
			}
			r.one[0] = anyOf(v)
			r.w.WriteString(fn(r.one[:]...))
			r.one[0] = nil
			return nil
		}, nil
	}
	return func(r *runner, vars []reflect.Value, dot reflect.Value) error {
		var buf [4]any
		in := buf[:0]
		if n > len(buf) {
			in = make([]any, 0, n)
		}
		for _, a := range args {
			v, err := a(r, vars, dot)
			if err != nil {
				return err
			}
			in = append(in, anyOf(v))
		}
		if prev != nil {
			v, err := prev(r, vars, dot)
			if err != nil {
				return err
			}
			in = append(in, anyOf(v))
		}
		r.w.WriteString(fn(in...))
		return nil
	}, nil
}

// anyOf is v as a variadic ...any argument receives it.
func anyOf(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

// printValue writes v as text/template prints an action's value.
func printValue(w *bytes.Buffer, v reflect.Value) error {
	if v.Kind() == reflect.String && v.Type() == stringType {
		w.WriteString(v.String())
		return nil
	}
	if v.Kind() == reflect.Pointer {
		v, _ = indirect(v)
	}
	if !v.IsValid() {
		w.WriteString("<no value>")
		return nil
	}
	if !v.Type().Implements(errorType) && !v.Type().Implements(stringerType) {
		if v.CanAddr() && (reflect.PointerTo(v.Type()).Implements(errorType) || reflect.PointerTo(v.Type()).Implements(stringerType)) {
			v = v.Addr()
		} else if k := v.Kind(); k == reflect.Chan || k == reflect.Func {
			return errGiveUp
		}
	}
	fmt.Fprint(w, v.Interface())
	return nil
}

var (
	stringType   = reflect.TypeFor[string]()
	anyType      = reflect.TypeFor[any]()
	errorType    = reflect.TypeFor[error]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
	valueType    = reflect.TypeFor[reflect.Value]()
)

// pipeline evaluates p's commands and declares or assigns its variables.
func (c *compiler) pipeline(p *tparse.PipeNode) (eval, error) {
	if p == nil {
		return func(*runner, []reflect.Value, reflect.Value) (reflect.Value, error) { return reflect.Value{}, nil }, nil
	}
	e, err := c.commands(p.Cmds)
	if err != nil {
		return nil, err
	}
	if len(p.Decl) == 0 {
		return e, nil
	}
	slots, err := c.declSlots(p)
	if err != nil {
		return nil, err
	}
	return func(r *runner, vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
		v, err := e(r, vars, dot)
		if err != nil {
			return v, err
		}
		for _, s := range slots {
			vars[s] = v
		}
		return v, nil
	}, nil
}

// declSlots are the slots p's variables go to: new ones for :=, those in
// scope for =.
func (c *compiler) declSlots(p *tparse.PipeNode) ([]int, error) {
	slots := make([]int, len(p.Decl))
	for i, d := range p.Decl {
		if len(d.Ident) != 1 {
			return nil, errUnsupported
		}
		if p.IsAssign {
			s, err := c.lookup(d.Ident[0])
			if err != nil {
				return nil, err
			}
			slots[i] = s
		} else {
			slots[i] = c.declare(d.Ident[0])
		}
	}
	return slots, nil
}

// commands chains cmds, each one's value the next one's final argument;
// a value of type interface{} is taken out of its interface.
func (c *compiler) commands(cmds []*tparse.CommandNode) (eval, error) {
	if len(cmds) == 0 {
		return nil, errUnsupported
	}
	cs := make([]cmd, len(cmds))
	for i, x := range cmds {
		var err error
		if cs[i], err = c.command(x, i > 0); err != nil {
			return nil, err
		}
	}
	return func(r *runner, vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
		var v reflect.Value
		for _, x := range cs {
			var err error
			if v, err = x(r, vars, dot, v); err != nil {
				return v, err
			}
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = v.Elem()
			}
		}
		return v, nil
	}, nil
}

// command compiles one command; hasFinal says it gets the value of the
// command before it as its last argument.
func (c *compiler) command(x *tparse.CommandNode, hasFinal bool) (cmd, error) {
	args := x.Args
	switch n := args[0].(type) {
	case *tparse.FieldNode:
		return c.fieldChain(nil, n.Ident, args, hasFinal)
	case *tparse.ChainNode:
		if n.Node.Type() == tparse.NodeNil {
			return nil, errUnsupported
		}
		head, err := c.arg(n.Node, nil)
		if err != nil {
			return nil, err
		}
		return c.fieldChain(head, n.Field, args, hasFinal)
	case *tparse.IdentifierNode:
		return c.function(n.Ident, args, hasFinal)
	case *tparse.VariableNode:
		slot, err := c.lookup(n.Ident[0])
		if err != nil {
			return nil, err
		}
		if len(n.Ident) == 1 {
			if len(args) > 1 || hasFinal {
				return nil, errUnsupported
			}
			return func(_ *runner, vars []reflect.Value, _, _ reflect.Value) (reflect.Value, error) {
				return vars[slot], nil
			}, nil
		}
		head := func(_ *runner, vars []reflect.Value, _ reflect.Value) (reflect.Value, error) { return vars[slot], nil }
		return c.fieldChain(head, n.Ident[1:], args, hasFinal)
	}
	if len(args) > 1 || hasFinal {
		return nil, errUnsupported
	}
	switch n := args[0].(type) {
	case *tparse.PipeNode:
		e, err := c.pipeline(n)
		if err != nil {
			return nil, err
		}
		return func(r *runner, vars []reflect.Value, dot, _ reflect.Value) (reflect.Value, error) {
			return e(r, vars, dot)
		}, nil
	case *tparse.DotNode:
		return func(_ *runner, _ []reflect.Value, dot, _ reflect.Value) (reflect.Value, error) { return dot, nil }, nil
	}
	v, err := constant(args[0])
	if err != nil {
		return nil, err
	}
	return func(*runner, []reflect.Value, reflect.Value, reflect.Value) (reflect.Value, error) { return v, nil }, nil
}

// constant is the value of a constant command or argument of type
// interface{}: a bool, string or number as text/template types them.
func constant(n tparse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *tparse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *tparse.StringNode:
		return reflect.ValueOf(n.Text), nil
	case *tparse.NumberNode:
		switch {
		case n.IsComplex:
			return reflect.ValueOf(n.Complex128), nil
		case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
			return reflect.ValueOf(n.Float64), nil
		case n.IsInt && int64(int(n.Int64)) == n.Int64:
			return reflect.ValueOf(int(n.Int64)), nil
		}
	}
	return reflect.Value{}, errUnsupported
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

// arg compiles an argument for a parameter of type typ (nil: any value,
// as a chain's head).
func (c *compiler) arg(n tparse.Node, typ reflect.Type) (eval, error) {
	var e eval
	switch n := n.(type) {
	case *tparse.DotNode:
		e = func(_ *runner, _ []reflect.Value, dot reflect.Value) (reflect.Value, error) { return dot, nil }
	case *tparse.FieldNode, *tparse.VariableNode, *tparse.ChainNode, *tparse.IdentifierNode:
		x, err := c.command(&tparse.CommandNode{Args: []tparse.Node{n}}, false)
		if err != nil {
			return nil, err
		}
		e = func(r *runner, vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
			return x(r, vars, dot, reflect.Value{})
		}
	case *tparse.PipeNode:
		var err error
		if e, err = c.pipeline(n); err != nil {
			return nil, err
		}
	case *tparse.NilNode:
		if typ == nil || !canBeNil(typ) {
			return nil, errUnsupported
		}
		z := reflect.Zero(typ)
		return func(*runner, []reflect.Value, reflect.Value) (reflect.Value, error) { return z, nil }, nil
	default:
		v, err := typedConstant(n, typ)
		if err != nil {
			return nil, err
		}
		return func(*runner, []reflect.Value, reflect.Value) (reflect.Value, error) { return v, nil }, nil
	}
	if typ == nil {
		return e, nil
	}
	return validated(e, typ), nil
}

// validated is e's value passed to a parameter of type typ.
func validated(e eval, typ reflect.Type) eval {
	return func(r *runner, vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
		v, err := e(r, vars, dot)
		if err != nil {
			return v, err
		}
		return validateType(v, typ)
	}
}

// typedConstant is a constant argument for a parameter of type typ.
func typedConstant(n tparse.Node, typ reflect.Type) (reflect.Value, error) {
	if typ == nil {
		return reflect.Value{}, errUnsupported
	}
	if typ == valueType || (typ.Kind() == reflect.Interface && typ.NumMethod() == 0) {
		return constant(n)
	}
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.Bool:
		if b, ok := n.(*tparse.BoolNode); ok {
			v.SetBool(b.True)
			return v, nil
		}
	case reflect.String:
		if s, ok := n.(*tparse.StringNode); ok {
			v.SetString(s.Text)
			return v, nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if x, ok := n.(*tparse.NumberNode); ok && x.IsInt {
			v.SetInt(x.Int64)
			return v, nil
		}
	}
	return reflect.Value{}, errUnsupported
}

// validateType is v passed to a parameter of type typ, as text/template
// passes it: nil for a nillable type, one interface taken off or pointer
// followed or taken when that makes it fit.
func validateType(v reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if !v.IsValid() {
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return v, errGiveUp
	}
	if typ == valueType && v.Type() != typ {
		return reflect.ValueOf(v), nil
	}
	if v.Type().AssignableTo(typ) {
		return v, nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
		if v.Type().AssignableTo(typ) {
			return v, nil
		}
	}
	switch {
	case v.Kind() == reflect.Pointer && v.Type().Elem().AssignableTo(typ):
		v = v.Elem()
		if !v.IsValid() {
			return v, errGiveUp
		}
		return v, nil
	case reflect.PointerTo(v.Type()).AssignableTo(typ) && v.CanAddr():
		return v.Addr(), nil
	}
	return v, errGiveUp
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == valueType
	}
	return false
}

// function compiles a call of the function name, with the command's
// other arguments and, with hasFinal, the value before it.
func (c *compiler) function(name string, args []tparse.Node, hasFinal bool) (cmd, error) {
	if f, ok := c.funcs[name]; ok {
		return c.call(f, args[1:], hasFinal)
	}
	switch name {
	case "and", "or":
		return c.andOr(name == "or", args[1:], hasFinal)
	case "not", "len", "index", "eq", "ne", "lt", "le", "gt", "ge":
		return c.builtin(name, args[1:], hasFinal)
	case "print":
		return c.call(reflect.ValueOf(fmt.Sprint), args[1:], hasFinal)
	case "printf":
		return c.call(reflect.ValueOf(fmt.Sprintf), args[1:], hasFinal)
	case "println":
		return c.call(reflect.ValueOf(fmt.Sprintln), args[1:], hasFinal)
	case "html":
		return c.call(reflect.ValueOf(texttemplate.HTMLEscaper), args[1:], hasFinal)
	case "js":
		return c.call(reflect.ValueOf(texttemplate.JSEscaper), args[1:], hasFinal)
	case "urlquery":
		return c.call(reflect.ValueOf(texttemplate.URLQueryEscaper), args[1:], hasFinal)
	}
	return nil, errUnsupported
}

// call compiles a call of the function f.
func (c *compiler) call(f reflect.Value, args []tparse.Node, hasFinal bool) (cmd, error) {
	srcs, err := c.argSrcs(args)
	if err != nil {
		return nil, err
	}
	pl, err := newPlan(f.Type(), srcs, hasFinal)
	if err != nil {
		return nil, err
	}
	if fn, ok := f.Interface().(func(...any) string); ok {
		return func(r *runner, vars []reflect.Value, dot, final reflect.Value) (reflect.Value, error) {
			in := make([]any, 0, len(pl.args)+1)
			for _, a := range pl.args {
				v, err := a(r, vars, dot)
				if err != nil {
					return v, err
				}
				in = append(in, anyOf(v))
			}
			if hasFinal {
				in = append(in, anyOf(final))
			}
			return reflect.ValueOf(fn(in...)), nil
		}, nil
	}
	pl.direct = fastCall(f.Interface())
	return func(r *runner, vars []reflect.Value, dot, final reflect.Value) (reflect.Value, error) {
		return pl.call(r, vars, dot, final, f)
	}, nil
}

// argSrc is an argument of a call as compiled before the parameter's type
// is known (a method's is known only when the value is): a constant node,
// or a compiled value.
type argSrc struct {
	node tparse.Node
	e    eval
}

// argSrcs compiles a call's arguments.
func (c *compiler) argSrcs(args []tparse.Node) ([]argSrc, error) {
	out := make([]argSrc, len(args))
	for i, a := range args {
		switch a.(type) {
		case *tparse.BoolNode, *tparse.StringNode, *tparse.NumberNode, *tparse.NilNode:
			out[i] = argSrc{node: a}
		default:
			e, err := c.arg(a, nil)
			if err != nil {
				return nil, err
			}
			out[i] = argSrc{node: a, e: e}
		}
	}
	return out, nil
}

// typed is the argument for a parameter of type typ.
func (a argSrc) typed(typ reflect.Type) (eval, error) {
	if a.e != nil {
		return validated(a.e, typ), nil
	}
	var v reflect.Value
	if _, ok := a.node.(*tparse.NilNode); ok {
		if !canBeNil(typ) {
			return nil, errUnsupported
		}
		v = reflect.Zero(typ)
	} else {
		var err error
		if v, err = typedConstant(a.node, typ); err != nil {
			return nil, err
		}
	}
	return func(*runner, []reflect.Value, reflect.Value) (reflect.Value, error) { return v, nil }, nil
}

// callPlan is how to call a function of one type with a command's
// arguments.
type callPlan struct {
	args     []eval
	final    reflect.Type // the final argument's parameter type, when there is one
	hasFinal bool
	// direct, when set, calls the function (compilecall.go); recv says
	// it takes the receiver of a method first.
	direct direct
	recv   bool
}

// newPlan checks a call of a function of type typ and types its
// arguments, as text/template's evalCall does.
func newPlan(typ reflect.Type, args []argSrc, hasFinal bool) (*callPlan, error) {
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			return nil, errUnsupported
		}
	} else if numIn != typ.NumIn() {
		return nil, errUnsupported
	}
	switch {
	case typ.NumOut() == 1:
	case typ.NumOut() == 2 && typ.Out(1) == errorType:
	default:
		return nil, errUnsupported
	}
	pl := &callPlan{hasFinal: hasFinal}
	for i, a := range args {
		var t reflect.Type
		if i < numFixed {
			t = typ.In(i)
		} else {
			t = typ.In(typ.NumIn() - 1).Elem()
		}
		e, err := a.typed(t)
		if err != nil {
			return nil, err
		}
		pl.args = append(pl.args, e)
	}
	if hasFinal {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		pl.final = t
	}
	return pl, nil
}

// call calls f (a method's receiver, for a direct method call) with the
// plan's arguments; an error of f's gives up.
func (pl *callPlan) call(r *runner, vars []reflect.Value, dot, final, f reflect.Value) (reflect.Value, error) {
	var buf [5]reflect.Value
	in := buf[:0]
	if pl.recv {
		in = append(in, f)
	}
	for _, a := range pl.args {
		v, err := a(r, vars, dot)
		if err != nil {
			return v, err
		}
		in = append(in, v)
	}
	if pl.hasFinal {
		v, err := validateType(final, pl.final)
		if err != nil {
			return v, err
		}
		in = append(in, v)
	}
	if pl.direct != nil {
		return pl.direct(in)
	}
	out := f.Call(in)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, errGiveUp
	}
	v := out[0]
	if v.Type() == valueType {
		v = v.Interface().(reflect.Value)
	}
	return v, nil
}

// values compiles the arguments of a builtin that takes reflect.Values:
// what text/template hands such a builtin is the value itself (invalid
// for nil), constants typed as for an interface{}.
func (c *compiler) values(args []tparse.Node) ([]eval, error) {
	out := make([]eval, len(args))
	for i, a := range args {
		switch a.(type) {
		case *tparse.NilNode:
			out[i] = func(*runner, []reflect.Value, reflect.Value) (reflect.Value, error) { return reflect.Value{}, nil }
		case *tparse.BoolNode, *tparse.StringNode, *tparse.NumberNode:
			v, err := constant(a)
			if err != nil {
				return nil, err
			}
			out[i] = func(*runner, []reflect.Value, reflect.Value) (reflect.Value, error) { return v, nil }
		default:
			e, err := c.arg(a, nil)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
	}
	return out, nil
}

// andOr compiles and and or, which stop at the first argument that
// decides and return it.
func (c *compiler) andOr(or bool, args []tparse.Node, hasFinal bool) (cmd, error) {
	if len(args) == 0 && !hasFinal {
		return nil, errUnsupported
	}
	es, err := c.values(args)
	if err != nil {
		return nil, err
	}
	return func(r *runner, vars []reflect.Value, dot, final reflect.Value) (reflect.Value, error) {
		var v reflect.Value
		for _, e := range es {
			var err error
			if v, err = e(r, vars, dot); err != nil {
				return v, err
			}
			if truth(v) == or {
				return v, nil
			}
		}
		if hasFinal {
			v = final
		}
		return v, nil
	}, nil
}

// builtin compiles not, len, index and the comparisons.
func (c *compiler) builtin(name string, args []tparse.Node, hasFinal bool) (cmd, error) {
	es, err := c.values(args)
	if err != nil {
		return nil, err
	}
	n := len(es)
	if hasFinal {
		n++
	}
	var fn func(in []reflect.Value) (reflect.Value, error)
	switch name {
	case "not":
		if n != 1 {
			return nil, errUnsupported
		}
		fn = func(in []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(!truth(in[0])), nil }
	case "len":
		if n != 1 {
			return nil, errUnsupported
		}
		fn = length
	case "index":
		if n < 1 {
			return nil, errUnsupported
		}
		fn = index
	case "eq":
		if n < 2 {
			return nil, errUnsupported
		}
		fn = func(in []reflect.Value) (reflect.Value, error) {
			for _, b := range in[1:] {
				if c, ok := compare(in[0], b); !ok {
					return reflect.Value{}, errGiveUp
				} else if c == 0 {
					return reflect.ValueOf(true), nil
				}
			}
			return reflect.ValueOf(false), nil
		}
	default: // ne, lt, le, gt, ge
		if n != 2 {
			return nil, errUnsupported
		}
		test := map[string]func(int) bool{
			"ne": func(c int) bool { return c != 0 },
			"lt": func(c int) bool { return c < 0 },
			"le": func(c int) bool { return c <= 0 },
			"gt": func(c int) bool { return c > 0 },
			"ge": func(c int) bool { return c >= 0 },
		}[name]
		ordered := name != "ne"
		fn = func(in []reflect.Value) (reflect.Value, error) {
			c, ok := compare(in[0], in[1])
			if !ok || (ordered && c == unordered) {
				return reflect.Value{}, errGiveUp
			}
			return reflect.ValueOf(test(c)), nil
		}
	}
	return func(r *runner, vars []reflect.Value, dot, final reflect.Value) (reflect.Value, error) {
		var buf [4]reflect.Value
		in := buf[:0]
		for _, e := range es {
			v, err := e(r, vars, dot)
			if err != nil {
				return v, err
			}
			in = append(in, v)
		}
		if hasFinal {
			in = append(in, final)
		}
		return fn(in)
	}, nil
}

// unordered is what compare gives for two unequal bools: eq and ne can
// use it, the ordered comparisons cannot.
const unordered = 2

// compare compares two values of basic kinds as text/template's eq and lt
// do: -1, 0, 1 (or unordered); ok is false where text/template would fail
// or does something this does not (complex numbers, other kinds).
func compare(a, b reflect.Value) (int, bool) {
	a, b = indirectInterface(a), indirectInterface(b)
	if !a.IsValid() || !b.IsValid() {
		return 0, false
	}
	ka, kb := basicKind(a), basicKind(b)
	switch {
	case ka == intKind && kb == uintKind:
		if a.Int() < 0 {
			return -1, true
		}
		return cmp3(uint64(a.Int()), b.Uint()), true
	case ka == uintKind && kb == intKind:
		if b.Int() < 0 {
			return 1, true
		}
		return cmp3(a.Uint(), uint64(b.Int())), true
	case ka != kb:
		return 0, false
	}
	switch ka {
	case boolKind:
		if a.Bool() == b.Bool() {
			return 0, true
		}
		return unordered, true
	case intKind:
		return cmp3(a.Int(), b.Int()), true
	case uintKind:
		return cmp3(a.Uint(), b.Uint()), true
	case floatKind:
		if a.Float() != a.Float() || b.Float() != b.Float() {
			return 0, false // NaN
		}
		return cmp3(a.Float(), b.Float()), true
	case stringKind:
		return strings.Compare(a.String(), b.String()), true
	}
	return 0, false
}

func cmp3[T int64 | uint64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

const (
	otherKind = iota
	boolKind
	intKind
	uintKind
	floatKind
	stringKind
)

func basicKind(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.Float32, reflect.Float64:
		return floatKind
	case reflect.String:
		return stringKind
	}
	return otherKind
}

// length is the builtin len.
func length(in []reflect.Value) (reflect.Value, error) {
	v, isNil := indirect(in[0])
	if isNil {
		return reflect.Value{}, errGiveUp
	}
	switch v.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return reflect.ValueOf(v.Len()), nil
	}
	return reflect.Value{}, errGiveUp
}

// index is the builtin index, for slices, arrays, strings and maps.
func index(in []reflect.Value) (reflect.Value, error) {
	item := indirectInterface(in[0])
	if !item.IsValid() {
		return reflect.Value{}, errGiveUp
	}
	for _, x := range in[1:] {
		x = indirectInterface(x)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			return reflect.Value{}, errGiveUp
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			i, ok := intIndex(x, item.Len())
			if !ok {
				return reflect.Value{}, errGiveUp
			}
			item = item.Index(i)
		case reflect.Map:
			if !x.IsValid() {
				return reflect.Value{}, errGiveUp
			}
			kt := item.Type().Key()
			switch {
			case x.Type().AssignableTo(kt):
			case intLike(x.Kind()) && intLike(kt.Kind()) && x.Type().ConvertibleTo(kt):
				x = x.Convert(kt)
			default:
				return reflect.Value{}, errGiveUp
			}
			if v := item.MapIndex(x); v.IsValid() {
				item = v
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		default:
			return reflect.Value{}, errGiveUp
		}
	}
	return item, nil
}

func intLike(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

func intIndex(x reflect.Value, n int) (int, bool) {
	var i int64
	switch basicKind(x) {
	case intKind:
		i = x.Int()
	case uintKind:
		if x.Uint() > uint64(n) {
			return 0, false
		}
		i = int64(x.Uint())
	default:
		return 0, false
	}
	if i < 0 || i >= int64(n) {
		return 0, false
	}
	return int(i), true
}

// truth is the builtins' truth of v (not, and, or).
func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// isTrue is text/template's truth of a value, and whether it has one.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

// indirect follows pointers and interfaces to a value, stopping at a nil.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface is the value inside an interface value.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// fieldChain compiles .A.B.C on dot (head nil) or on head's value: the
// last name gets the command's arguments, when it is a method.
func (c *compiler) fieldChain(head eval, names []string, args []tparse.Node, hasFinal bool) (cmd, error) {
	srcs, err := c.argSrcs(args[1:])
	if err != nil {
		return nil, err
	}
	fs := make([]*field, len(names))
	for i, n := range names {
		fs[i] = &field{name: n}
	}
	last := fs[len(fs)-1]
	last.args, last.hasFinal = srcs, hasFinal
	return func(r *runner, vars []reflect.Value, dot, final reflect.Value) (reflect.Value, error) {
		v := dot
		if head != nil {
			var err error
			if v, err = head(r, vars, dot); err != nil {
				return v, err
			}
		}
		for _, f := range fs {
			var err error
			if v, err = f.get(r, vars, dot, final, v); err != nil {
				return v, err
			}
		}
		return v, nil
	}, nil
}

// field is one name of a chain: a method or a struct field, resolved for
// the type of the value it is read from, once per type.
type field struct {
	name     string
	args     []argSrc // the command's arguments, for the last name
	hasFinal bool
	last     atomic.Pointer[resolved]
}

// resolved is what a name is on values of one type.
type resolved struct {
	typ    reflect.Type
	addr   bool  // the value was addressable: the methods of *T
	method int   // index of the method, -1 for a field
	index  []int // the struct field, for a field
	plan   *callPlan
}

func (f *field) get(r *runner, vars []reflect.Value, dot, final, v reflect.Value) (reflect.Value, error) {
	v, isNil := indirect(v)
	if isNil || !v.IsValid() {
		return reflect.Value{}, errGiveUp
	}
	addr := v.CanAddr()
	res := f.last.Load()
	if res == nil || res.typ != v.Type() || res.addr != addr {
		var err error
		if res, err = f.resolve(v.Type(), addr); err != nil {
			return reflect.Value{}, err
		}
		f.last.Store(res)
	}
	if res.method >= 0 {
		recv := v
		if res.addr {
			recv = v.Addr()
		}
		if res.plan.recv {
			return res.plan.call(r, vars, dot, final, recv)
		}
		return res.plan.call(r, vars, dot, final, recv.Method(res.method))
	}
	if len(res.index) == 1 {
		return v.Field(res.index[0]), nil
	}
	out, err := v.FieldByIndexErr(res.index)
	if err != nil {
		return reflect.Value{}, errGiveUp
	}
	return out, nil
}

// resolve finds what f's name is on a value of type typ, as text/template
// does: a method of *T (when addr) or T first, then an exported field.
// Map keys are not resolved: text/template does those.
func (f *field) resolve(typ reflect.Type, addr bool) (*resolved, error) {
	mt := typ
	if addr {
		mt = reflect.PointerTo(typ)
	}
	if m, ok := mt.MethodByName(f.name); ok {
		// The bound method's type: the method's without the receiver.
		in := make([]reflect.Type, m.Type.NumIn()-1)
		for i := range in {
			in[i] = m.Type.In(i + 1)
		}
		out := make([]reflect.Type, m.Type.NumOut())
		for i := range out {
			out[i] = m.Type.Out(i)
		}
		bound := reflect.FuncOf(in, out, m.Type.IsVariadic())
		pl, err := newPlan(bound, f.args, f.hasFinal)
		if err != nil {
			return nil, errGiveUp
		}
		if d := fastCall(m.Func.Interface()); d != nil {
			pl.direct, pl.recv = d, true
		}
		return &resolved{typ: typ, addr: addr, method: m.Index, plan: pl}, nil
	}
	if typ.Kind() != reflect.Struct || len(f.args) > 0 || f.hasFinal {
		return nil, errGiveUp
	}
	sf, ok := typ.FieldByName(f.name)
	if !ok || !sf.IsExported() {
		return nil, errGiveUp
	}
	return &resolved{typ: typ, addr: addr, method: -1, index: sf.Index}, nil
}

// branches compiles a control's list and else list: a variable the list
// declares is not in scope in the else list.
func (c *compiler) branches(list, elseList *tparse.ListNode) (yes, no step, err error) {
	inner := len(c.scope)
	if yes, err = c.list(list); err != nil {
		return nil, nil, err
	}
	c.scope = c.scope[:inner]
	no, err = c.list(elseList)
	return yes, no, err
}

// ifWith compiles if and with: with sets dot to the pipeline's value.
func (c *compiler) ifWith(p *tparse.PipeNode, list, elseList *tparse.ListNode, with bool) (step, error) {
	scope := len(c.scope)
	defer func() { c.scope = c.scope[:scope] }()
	e, err := c.pipeline(p)
	if err != nil {
		return nil, err
	}
	yes, no, err := c.branches(list, elseList)
	if err != nil {
		return nil, err
	}
	return func(r *runner, vars []reflect.Value, dot reflect.Value) error {
		v, err := e(r, vars, dot)
		if err != nil {
			return err
		}
		t, ok := isTrue(indirectInterface(v))
		if !ok {
			return errGiveUp
		}
		switch {
		case t && with:
			return yes(r, vars, v)
		case t:
			return yes(r, vars, dot)
		case elseList != nil:
			return no(r, vars, dot)
		}
		return nil
	}, nil
}

// rangeNode compiles range over a slice or an array; ranging over
// anything else but nothing gives up at run time.
func (c *compiler) rangeNode(n *tparse.RangeNode) (step, error) {
	scope := len(c.scope)
	defer func() { c.scope = c.scope[:scope] }()
	p := n.Pipe
	e, err := c.pipeline(&tparse.PipeNode{Cmds: p.Cmds})
	if err != nil {
		return nil, err
	}
	slots, err := c.declSlots(p)
	if err != nil {
		return nil, err
	}
	body, elseBody, err := c.branches(n.List, n.ElseList)
	if err != nil {
		return nil, err
	}
	// With one variable it gets the element; with two, the index and
	// the element.
	elemSlot, indexSlot := -1, -1
	switch len(slots) {
	case 1:
		elemSlot = slots[0]
	case 2:
		indexSlot, elemSlot = slots[0], slots[1]
	}
	return func(r *runner, vars []reflect.Value, dot reflect.Value) error {
		v, err := e(r, vars, dot)
		if err != nil {
			return err
		}
		for _, s := range slots {
			vars[s] = v
		}
		v, _ = indirect(v)
		switch v.Kind() {
		case reflect.Array, reflect.Slice:
			if v.Len() == 0 {
				break
			}
			for i := 0; i < v.Len(); i++ {
				elem := v.Index(i)
				if indexSlot >= 0 {
					vars[indexSlot] = reflect.ValueOf(i)
				}
				if elemSlot >= 0 {
					vars[elemSlot] = elem
				}
				err := body(r, vars, elem)
				if err == errBreak {
					break
				}
				if err != nil && err != errContinue {
					return err
				}
			}
			return nil
		case reflect.Invalid:
		default:
			return errGiveUp
		}
		if n.ElseList != nil {
			return elseBody(r, vars, dot)
		}
		return nil
	}, nil
}

// maxDepth is how deep compiled templates call each other before giving
// up (text/template then reports its own limit).
const maxDepth = 1000

// templateNode compiles {{template "name" pipeline}}: the template runs
// with the pipeline's value as dot and as $, and no other variables.
func (c *compiler) templateNode(n *tparse.TemplateNode) (step, error) {
	e, err := c.pipeline(n.Pipe)
	if err != nil {
		return nil, err
	}
	p, err := c.proc(n.Name)
	if err != nil {
		return nil, err
	}
	return func(r *runner, vars []reflect.Value, dot reflect.Value) error {
		v, err := e(r, vars, dot)
		if err != nil {
			return err
		}
		if r.depth >= maxDepth {
			return errGiveUp
		}
		r.depth++
		inner := make([]reflect.Value, p.nvars)
		inner[0] = v
		err = p.body(r, inner, v)
		r.depth--
		if err == errBreak || err == errContinue {
			return errGiveUp
		}
		return err
	}, nil
}
