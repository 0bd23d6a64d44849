package render

import (
	"fmt"
	"html/template"
	"strconv"

	"errdex"
	"errdex/i18n"
)

// The interface language (#12). Every text errdex itself writes on a page
// is written in both languages, as sibling elements marked data-l, each
// with its own lang: <span lang="en" data-l>…</span><span lang="zh-CN"
// data-l>…</span>. style.css shows the one <html data-ui> names; the head
// script (static/lang.js) sets data-ui before the page is drawn. The
// texts come from package i18n (i18n/messages.toml); the sources' texts
// are never translated.

// biHTML is a piece of a page in both interface languages, as HTML.
type biHTML struct{ EN, ZH template.HTML }

// both writes en and zh as sibling spans, one per language; a text that
// is the same in both languages is written once, bare.
func both(en, zh template.HTML) template.HTML {
	if en == zh {
		return en
	}
	return template.HTML(`<span lang="en" data-l>` + string(en) + `</span><span lang="zh-CN" data-l>` + string(zh) + "</span>")
}

// textHTML escapes both languages of t.
func textHTML(t i18n.Text) biHTML {
	return biHTML{EN: template.HTML(template.HTMLEscapeString(t.EN)), ZH: template.HTML(template.HTMLEscapeString(t.ZH))}
}

// msg is the catalog's message key; a key the catalog lacks is an error,
// which fails the build (a template names a message that does not exist).
func msg(key string) (i18n.Text, error) {
	t, ok := i18n.Lookup(key)
	if !ok {
		return i18n.Text{}, fmt.Errorf("i18n: no message %q in i18n/messages.toml", key)
	}
	return t, nil
}

// argPair is one {name} of a message and its value in both languages.
type argPair struct {
	name string
	val  biHTML
}

// htmlArgs reads name, value pairs: a value is a string or a number (the
// same in both languages, escaped), template.HTML (the same, as it is),
// i18n.Text (escaped per language) or biHTML (per language, as it is).
func htmlArgs(args []any) ([]argPair, error) {
	if len(args)%2 != 0 {
		return nil, fmt.Errorf("i18n: arguments come in name, value pairs")
	}
	out := make([]argPair, 0, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok {
			return nil, fmt.Errorf("i18n: argument name %v is not a string", args[i])
		}
		var v biHTML
		switch x := args[i+1].(type) {
		case biHTML:
			v = x
		case i18n.Text:
			v = textHTML(x)
		case template.HTML:
			v = biHTML{x, x}
		default:
			s := template.HTML(template.HTMLEscapeString(plain(x)))
			v = biHTML{s, s}
		}
		out = append(out, argPair{name, v})
	}
	return out, nil
}

// plain is a value's text: strings, numbers and Stringers.
func plain(x any) string {
	switch v := x.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(x)
}

// fill replaces each {name} of the escaped message s with its value in
// one language (i18n.Fill).
func fill(s string, args []argPair, zh bool) template.HTML {
	if len(args) == 0 {
		return template.HTML(s)
	}
	return template.HTML(i18n.Fill(s, func(name string) (string, bool) {
		for _, a := range args {
			if a.name == name {
				if zh {
					return string(a.val.ZH), true
				}
				return string(a.val.EN), true
			}
		}
		return "", false
	}))
}

// formatHTML is message key with its {name}s filled, in both languages.
func formatHTML(key string, args ...any) (biHTML, error) {
	t, err := msg(key)
	if err != nil {
		return biHTML{}, err
	}
	as, err := htmlArgs(args)
	if err != nil {
		return biHTML{}, err
	}
	return biHTML{
		EN: fill(template.HTMLEscapeString(t.EN), as, false),
		ZH: fill(template.HTMLEscapeString(t.ZH), as, true),
	}, nil
}

// formatText is message key with its {name}s filled, as plain text in
// both languages: a value is a string, a number or an i18n.Text.
func formatText(key string, args ...any) (i18n.Text, error) {
	t, err := msg(key)
	if err != nil {
		return i18n.Text{}, err
	}
	if len(args)%2 != 0 {
		return i18n.Text{}, fmt.Errorf("i18n: arguments come in name, value pairs")
	}
	en, zh := map[string]string{}, map[string]string{}
	for i := 0; i < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok {
			return i18n.Text{}, fmt.Errorf("i18n: argument name %v is not a string", args[i])
		}
		if x, ok := args[i+1].(i18n.Text); ok {
			en[name], zh[name] = x.EN, x.ZH
		} else {
			en[name], zh[name] = plain(args[i+1]), plain(args[i+1])
		}
	}
	return i18n.Text{EN: t.Format(en).EN, ZH: t.Format(zh).ZH}, nil
}

// mustText is formatText for messages the Go code names: a missing key
// is a programming error that every build test finds.
func mustText(key string, args ...any) i18n.Text {
	t, err := formatText(key, args...)
	if err != nil {
		panic(err)
	}
	return t
}

// same is a text that reads the same in both languages (a title, a code).
func same(s string) i18n.Text { return i18n.Text{EN: s, ZH: s} }

// attrNames are the attributes a page gives in both languages: the head
// script (static/lang.js) sets each from its data-zh- copy.
var attrNames = map[string]bool{"aria-label": true, "placeholder": true, "title": true}

// langAttr writes attribute name in English, with its Chinese copy in
// data-zh-<name> when it differs.
func langAttr(name string, t i18n.Text) (template.HTMLAttr, error) {
	if !attrNames[name] {
		return "", fmt.Errorf("i18n: attribute %q is not one the head script translates", name)
	}
	a := name + `="` + template.HTMLEscapeString(t.EN) + `"`
	if t.ZH != t.EN {
		a += ` data-zh-` + name + `="` + template.HTMLEscapeString(t.ZH) + `"`
	}
	return template.HTMLAttr(a), nil
}

// linkHTML is an <a> to href whose text is t, in both languages.
func linkHTML(href string, t any) biHTML {
	var text biHTML
	switch x := t.(type) {
	case biHTML:
		text = x
	case i18n.Text:
		text = textHTML(x)
	default:
		s := template.HTML(template.HTMLEscapeString(plain(x)))
		text = biHTML{s, s}
	}
	open := `<a href="` + template.HTMLEscapeString(href) + `">`
	return biHTML{EN: template.HTML(open + string(text.EN) + "</a>"), ZH: template.HTML(open + string(text.ZH) + "</a>")}
}

// srcLang is the lang attribute of a source's text: Chinese when it has
// Han characters, else English. The page's own language is the reader's
// choice, so a source text always says which it is.
func srcLang(s string) template.HTMLAttr {
	if errdex.HasHan(s) {
		return `lang="zh-CN"`
	}
	return `lang="en"`
}

// i18nFuncs are the template functions of the interface language:
//
//	{{t "key"}}                   the message, both languages
//	{{tf "key" "name" value …}}   the message with {name}s filled
//	{{bi .Text}}                  an i18n.Text made in Go
//	{{msg "key"}}, {{msgf …}}     the message as an i18n.Text (for arguments)
//	{{link href text}}            a link whose text is in both languages
//	{{attr "aria-label" text}}    an attribute in both languages
//	{{pname .Platform}}           the platform's name (English, Chinese)
//	{{srcLang text}}              lang="…" for a source's text
//	{{srcTitle text}}             a source's title in a span with its lang (an argument)
//	{{dated .Retrieved}}          "(date)", or "(undated)" in both languages (an argument)
//	{{changeKind .Kind}}          a change kind's name (i18n change.<kind>)
//	{{code x}}, {{kbd x}}, {{strong x}}  x escaped in that element (an argument)
func i18nFuncs(b *builder) template.FuncMap {
	return template.FuncMap{
		"t": func(key string) (template.HTML, error) {
			h, err := formatHTML(key)
			return both(h.EN, h.ZH), err
		},
		"tf": func(key string, args ...any) (template.HTML, error) {
			h, err := formatHTML(key, args...)
			return both(h.EN, h.ZH), err
		},
		"bi": func(t i18n.Text) template.HTML {
			h := textHTML(t)
			return both(h.EN, h.ZH)
		},
		"msg":     msg,
		"msgf":    formatText,
		"link":    linkHTML,
		"attr":    langAttr,
		"pname":   b.pname,
		"srcLang": srcLang,
		"srcTitle": func(s string) template.HTML {
			return template.HTML("<span " + string(srcLang(s)) + ">" + template.HTMLEscapeString(s) + "</span>")
		},
		"dated": func(date string) biHTML {
			t := same(date)
			if date == "" {
				t = mustText("changes.undated")
			}
			h := textHTML(t)
			return biHTML{EN: `<span class="meta">(` + h.EN + `)</span>`, ZH: `<span class="meta">(` + h.ZH + `)</span>`}
		},
		"changeKind": func(k errdex.ChangeKind) i18n.Text {
			if t, ok := i18n.Lookup("change." + string(k)); ok {
				return t
			}
			return same(string(k))
		},
		"code":   wrapHTML("code"),
		"kbd":    wrapHTML("kbd"),
		"strong": wrapHTML("strong"),
	}
}

// wrapHTML returns a function that writes its argument, escaped, inside
// element tag: an argument of a message that holds markup.
func wrapHTML(tag string) func(any) template.HTML {
	return func(x any) template.HTML {
		return template.HTML("<" + tag + ">" + template.HTMLEscapeString(plain(x)) + "</" + tag + ">")
	}
}
