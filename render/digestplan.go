package render

import (
	"encoding/binary"
	"math"
	"reflect"
	"unsafe"

	"errdex"
)

// A plan encodes a value of one type exactly as digester.walk does (the
// same bytes), but from the value's address and the offsets of its
// fields, worked out once per type, instead of through a reflect.Value
// for every field and element: the digests of a build walk every code and
// every page. Maps, and kinds walk cannot digest, go through walk itself.
type plan func(d *digester, buf []byte, p unsafe.Pointer, depth int) ([]byte, error)

// planFor returns the plan of type t, making it (and the plans of the
// types it holds) the first time.
func (d *digester) planFor(t reflect.Type) plan {
	if pl, ok := d.plans[t]; ok {
		return *pl
	}
	if d.plans == nil {
		d.plans = map[reflect.Type]*plan{}
	}
	// A recursive type finds its own plan through the cell, filled below.
	cell := new(plan)
	d.plans[t] = cell
	*cell = d.makePlan(t)
	return *cell
}

// later returns a plan that runs t's plan, looked up when first run: the
// plan of a type that holds itself is not made yet while it is made.
func (d *digester) later(t reflect.Type) plan {
	if pl, ok := d.plans[t]; ok && *pl != nil {
		return *pl
	}
	var resolved plan
	return func(d *digester, buf []byte, p unsafe.Pointer, depth int) ([]byte, error) {
		if resolved == nil {
			resolved = d.planFor(t)
		}
		return resolved(d, buf, p, depth)
	}
}

func (d *digester) makePlan(t reflect.Type) plan {
	switch t {
	case codeType:
		return func(d *digester, buf []byte, p unsafe.Pointer, _ int) ([]byte, error) {
			c := *(**errdex.Code)(p)
			if c == nil {
				return append(buf, 0), nil
			}
			sum, err := d.code(c)
			return append(append(buf, 1), sum[:]...), err
		}
	case sourceType:
		if off, ok := sourceIDOffset(); ok {
			return func(_ *digester, buf []byte, p unsafe.Pointer, _ int) ([]byte, error) {
				return appendString(append(buf, 's'), *(*string)(unsafe.Add(p, off))), nil
			}
		}
		return reflectPlan(t)
	case pageBType:
		return func(_ *digester, buf []byte, _ unsafe.Pointer, _ int) ([]byte, error) { return buf, nil }
	}
	// What walkKind does, kind by kind, after the depth check.
	var kind plan
	switch t.Kind() {
	case reflect.Bool:
		kind = func(_ *digester, buf []byte, p unsafe.Pointer, _ int) ([]byte, error) {
			if *(*bool)(p) {
				return append(buf, 1), nil
			}
			return append(buf, 0), nil
		}
	case reflect.Int:
		kind = intPlan(func(p unsafe.Pointer) int64 { return int64(*(*int)(p)) })
	case reflect.Int8:
		kind = intPlan(func(p unsafe.Pointer) int64 { return int64(*(*int8)(p)) })
	case reflect.Int16:
		kind = intPlan(func(p unsafe.Pointer) int64 { return int64(*(*int16)(p)) })
	case reflect.Int32:
		kind = intPlan(func(p unsafe.Pointer) int64 { return int64(*(*int32)(p)) })
	case reflect.Int64:
		kind = intPlan(func(p unsafe.Pointer) int64 { return *(*int64)(p) })
	case reflect.Uint:
		kind = uintPlan(func(p unsafe.Pointer) uint64 { return uint64(*(*uint)(p)) })
	case reflect.Uint8:
		kind = uintPlan(func(p unsafe.Pointer) uint64 { return uint64(*(*uint8)(p)) })
	case reflect.Uint16:
		kind = uintPlan(func(p unsafe.Pointer) uint64 { return uint64(*(*uint16)(p)) })
	case reflect.Uint32:
		kind = uintPlan(func(p unsafe.Pointer) uint64 { return uint64(*(*uint32)(p)) })
	case reflect.Uint64:
		kind = uintPlan(func(p unsafe.Pointer) uint64 { return *(*uint64)(p) })
	case reflect.Uintptr:
		kind = uintPlan(func(p unsafe.Pointer) uint64 { return uint64(*(*uintptr)(p)) })
	case reflect.Float32:
		kind = func(_ *digester, buf []byte, p unsafe.Pointer, _ int) ([]byte, error) {
			return binary.LittleEndian.AppendUint64(buf, math.Float64bits(float64(*(*float32)(p)))), nil
		}
	case reflect.Float64:
		kind = func(_ *digester, buf []byte, p unsafe.Pointer, _ int) ([]byte, error) {
			return binary.LittleEndian.AppendUint64(buf, math.Float64bits(*(*float64)(p))), nil
		}
	case reflect.String:
		kind = func(_ *digester, buf []byte, p unsafe.Pointer, _ int) ([]byte, error) {
			return appendString(buf, *(*string)(p)), nil
		}
	case reflect.Pointer:
		elem := d.later(t.Elem())
		kind = func(d *digester, buf []byte, p unsafe.Pointer, depth int) ([]byte, error) {
			q := *(*unsafe.Pointer)(p)
			if q == nil {
				return append(buf, 0), nil
			}
			return elem(d, append(buf, 1), q, depth+1)
		}
	case reflect.Interface:
		kind = func(d *digester, buf []byte, p unsafe.Pointer, depth int) ([]byte, error) {
			v := reflect.NewAt(t, p).Elem()
			if v.IsNil() {
				return append(buf, 0), nil
			}
			e := v.Elem()
			buf = appendString(buf, e.Type().String())
			// The dynamic value is not addressable: a copy is.
			c := reflect.New(e.Type())
			c.Elem().Set(e)
			return d.planFor(e.Type())(d, append(buf, 1), c.UnsafePointer(), depth+1)
		}
	case reflect.Struct:
		type field struct {
			off uintptr
			pl  plan
		}
		fields := make([]field, t.NumField())
		for i := range fields {
			f := t.Field(i)
			fields[i] = field{f.Offset, d.later(f.Type)}
		}
		kind = func(d *digester, buf []byte, p unsafe.Pointer, depth int) ([]byte, error) {
			var err error
			for _, f := range fields {
				if buf, err = f.pl(d, buf, unsafe.Add(p, f.off), depth+1); err != nil {
					return nil, err
				}
			}
			return buf, nil
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			kind = func(_ *digester, buf []byte, p unsafe.Pointer, _ int) ([]byte, error) {
				b := *(*[]byte)(p)
				if b == nil {
					return append(buf, 0), nil
				}
				return append(binary.AppendUvarint(append(buf, 1), uint64(len(b))), b...), nil
			}
			break
		}
		elem, size := d.later(t.Elem()), t.Elem().Size()
		kind = func(d *digester, buf []byte, p unsafe.Pointer, depth int) ([]byte, error) {
			h := (*sliceHeader)(p)
			if h.data == nil {
				return append(buf, 0), nil
			}
			buf = binary.AppendUvarint(append(buf, 1), uint64(h.len))
			var err error
			for i := range h.len {
				if buf, err = elem(d, buf, unsafe.Add(h.data, uintptr(i)*size), depth+1); err != nil {
					return nil, err
				}
			}
			return buf, nil
		}
	case reflect.Array:
		elem, size, n := d.later(t.Elem()), t.Elem().Size(), t.Len()
		kind = func(d *digester, buf []byte, p unsafe.Pointer, depth int) ([]byte, error) {
			buf = binary.AppendUvarint(append(buf, 1), uint64(n))
			var err error
			for i := range n {
				if buf, err = elem(d, buf, unsafe.Add(p, uintptr(i)*size), depth+1); err != nil {
					return nil, err
				}
			}
			return buf, nil
		}
	default:
		// Maps, and what cannot be digested: as walk does.
		return reflectPlan(t)
	}
	return func(d *digester, buf []byte, p unsafe.Pointer, depth int) ([]byte, error) {
		if depth > 64 {
			return nil, errNoDigest
		}
		return kind(d, buf, p, depth)
	}
}

// sliceHeader is the layout of a slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func intPlan(get func(unsafe.Pointer) int64) plan {
	return func(_ *digester, buf []byte, p unsafe.Pointer, _ int) ([]byte, error) {
		return binary.AppendVarint(buf, get(p)), nil
	}
}

func uintPlan(get func(unsafe.Pointer) uint64) plan {
	return func(_ *digester, buf []byte, p unsafe.Pointer, _ int) ([]byte, error) {
		return binary.AppendUvarint(buf, get(p)), nil
	}
}

// reflectPlan encodes a value of type t with walk.
func reflectPlan(t reflect.Type) plan {
	return func(d *digester, buf []byte, p unsafe.Pointer, depth int) ([]byte, error) {
		return d.walk(buf, reflect.NewAt(t, p).Elem(), depth)
	}
}

// sourceIDOffset is the offset of the ID that walk encodes a source by
// (the ID of its first field) in an errdex.SourceInfo; false when it is
// not a string reached without a pointer.
func sourceIDOffset() (uintptr, bool) {
	f0 := sourceType.Field(0)
	if f0.Type.Kind() != reflect.Struct {
		return 0, false
	}
	id, ok := f0.Type.FieldByName("ID")
	if !ok || id.Type.Kind() != reflect.String {
		return 0, false
	}
	off, t := f0.Offset, f0.Type
	for _, i := range id.Index {
		f := t.Field(i)
		off += f.Offset
		t = f.Type
		if t.Kind() == reflect.Pointer {
			return 0, false
		}
	}
	return off, true
}

// encode appends the encoding of *p, of type t, that walk gives of it.
func (d *digester) encode(buf []byte, t reflect.Type, p unsafe.Pointer) ([]byte, error) {
	if walkOnly {
		return d.walk(buf, reflect.NewAt(t, p).Elem(), 0)
	}
	return d.planFor(t)(d, buf, p, 0)
}

// walkOnly, set by a test, makes encode walk every value, so that the
// test can compare the digests the plans give with walk's.
var walkOnly bool
