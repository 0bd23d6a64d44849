package render

import (
	"html/template"
	"reflect"

	"errdex"
)

// Direct calls for compiled templates (compile.go). A call through
// reflect.Value.Call costs more than most of the functions the templates
// call: building the argument frame, a slice, a result slice. fastCall
// turns a function of one of the types the shipped templates call most
// into a plain Go call on the arguments the compiled call has already
// checked (callPlan); other types keep reflect.Value.Call. A method is
// called through its method expression, receiver first.

// direct calls a function on arguments already of its parameter types.
type direct func(in []reflect.Value) (reflect.Value, error)

// fastCall is f as a direct call, or nil when f's type is not one of
// those listed.
func fastCall(f any) direct {
	switch fn := f.(type) {
	case func(string) string:
		return func(in []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(fn(in[0].String())), nil }
	case func(string) template.HTMLAttr:
		return func(in []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(fn(in[0].String())), nil }
	case func(string) (template.HTML, error):
		return func(in []reflect.Value) (reflect.Value, error) { return result(fn(in[0].String())) }
	case func(string, ...any) (template.HTML, error):
		return func(in []reflect.Value) (reflect.Value, error) { return result(fn(in[0].String(), anys(in[1:])...)) }
	case func(string, ...any) string:
		return func(in []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(fn(in[0].String(), anys(in[1:])...)), nil
		}
	case func(errdex.Platform) string:
		return func(in []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(fn(errdex.Platform(in[0].String()))), nil
		}
	case func(string, *page) (template.HTML, error):
		return func(in []reflect.Value) (reflect.Value, error) {
			return result(fn(in[0].String(), in[1].Interface().(*page)))
		}
	case func(*page) string:
		return func(in []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(fn(in[0].Interface().(*page))), nil
		}
	case func(*page, string) string:
		return func(in []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(fn(in[0].Interface().(*page), in[1].String())), nil
		}
	case func(*page, errdex.Platform, string, string) template.HTML:
		return func(in []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(fn(in[0].Interface().(*page), errdex.Platform(in[1].String()), in[2].String(), in[3].String())), nil
		}
	case func(*page, errdex.Platform, string, string) (template.HTML, error):
		return func(in []reflect.Value) (reflect.Value, error) {
			return result(fn(in[0].Interface().(*page), errdex.Platform(in[1].String()), in[2].String(), in[3].String()))
		}
	case func(*errdex.Code) string:
		return func(in []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(fn(in[0].Interface().(*errdex.Code))), nil
		}
	}
	return nil
}

// result is a call's value, giving up on its error.
func result[T any](v T, err error) (reflect.Value, error) {
	if err != nil {
		return reflect.Value{}, errGiveUp
	}
	return reflect.ValueOf(v), nil
}

// anys are variadic ...any arguments.
func anys(in []reflect.Value) []any {
	out := make([]any, len(in))
	for i, v := range in {
		out[i] = anyOf(v)
	}
	return out
}
