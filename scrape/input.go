package scrape

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"errdex"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// errEncoding marks a snapshot whose encoding cannot be read.
var errEncoding = errors.New("not UTF-8, UTF-16 with a byte order mark, or GB18030")

// readSnapshot turns the bytes of a snapshot into clean UTF-8 for every
// adapter, and says what it changed, each at its line:
//
//   - a UTF-8 byte order mark is dropped;
//   - UTF-16 with a byte order mark is converted to UTF-8;
//   - a file that is mostly not UTF-8 but reads as GB18030 (GBK) without
//     error is converted to UTF-8;
//   - stray invalid UTF-8 bytes in a UTF-8 file become U+FFFD;
//   - NUL and other control characters are stripped (tab, newline and
//     carriage return structure the input and stay).
//
// A file that is neither is an error that names what to do. Conversions
// keep line breaks where they are, so lines still match the snapshot.
func readSnapshot(data []byte) ([]byte, []errdex.Skip, error) {
	var repairs []errdex.Skip
	note := func(line int, format string, args ...any) {
		repairs = append(repairs, errdex.Skip{Line: line, Reason: fmt.Sprintf(format, args...)})
	}
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
		note(1, "repair: dropped the UTF-8 byte order mark")
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
			return nil, nil, fmt.Errorf("starts with a UTF-16 byte order mark but is not valid UTF-16: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)")
		}
		data = out
		note(1, "repair: converted from UTF-16 to UTF-8")
	}
	if !utf8.Valid(data) {
		bad, good := utf8Counts(data)
		if bad > good {
			out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
			if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
				return nil, nil, fmt.Errorf("%w: convert it to UTF-8 (e.g. iconv -f GB18030 -t UTF-8) and commit the converted snapshot", errEncoding)
			}
			data = out
			note(1, "repair: converted from GB18030 (GBK) to UTF-8")
		} else {
			data = invalidToReplacement(data, note)
		}
	}
	return stripControls(data, note), repairs, nil
}

// utf8Counts counts the invalid bytes and the valid multi-byte runes of data.
func utf8Counts(data []byte) (bad, good int) {
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case n > 1:
			good++
		}
		data = data[n:]
	}
	return bad, good
}

// invalidToReplacement replaces each run of invalid UTF-8 with U+FFFD and
// notes the lines where it did.
func invalidToReplacement(data []byte, note func(int, string, ...any)) []byte {
	out := make([]byte, 0, len(data))
	line, noted := 1, 0
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n == 1 {
			run := 0
			for len(data) > 0 {
				r, n = utf8.DecodeRune(data)
				if r != utf8.RuneError || n != 1 {
					break
				}
				data = data[1:]
				run++
			}
			out = utf8.AppendRune(out, utf8.RuneError)
			if noted != line {
				note(line, "repair: replaced %d invalid UTF-8 byte(s) with U+FFFD", run)
				noted = line
			}
			continue
		}
		if r == '\n' {
			line++
		}
		out = append(out, data[:n]...)
		data = data[n:]
	}
	return out
}

// stripControls drops NUL and the other C0 and C1 control characters and
// DEL, except tab, newline and carriage return, and notes each line it
// changed. data is valid UTF-8.
func stripControls(data []byte, note func(int, string, ...any)) []byte {
	if !bytes.ContainsFunc(data, isStrippedControl) {
		return data
	}
	out := make([]byte, 0, len(data))
	line, count := 1, 0
	flush := func() {
		if count > 0 {
			note(line, "repair: stripped %d control character(s) (NUL or other)", count)
			count = 0
		}
	}
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		switch {
		case isStrippedControl(r):
			count++
		case r == '\n':
			flush()
			line++
			out = append(out, '\n')
		default:
			out = append(out, data[:n]...)
		}
		data = data[n:]
	}
	flush()
	return out
}

// isStrippedControl reports whether r is a control character that no
// snapshot needs: C0 except tab, newline and carriage return, DEL, and C1.
func isStrippedControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f
}

// checkEntries moves every entry whose code is not a code (errdex.ValidCode)
// to the skips, with the reason, and notes every text too long for a page
// (errdex.MaxCellBytes, errdex.MaxSectionBytes): pages and the search index
// show it cut, errdex.json keeps it whole.
func checkEntries(h *errdex.Harvest) {
	kept := h.Entries[:0:0]
	for _, e := range h.Entries {
		if why := errdex.ValidCode(e.Code); why != "" {
			h.Skipped = append(h.Skipped, errdex.Skip{Line: e.Line, Reason: why})
			continue
		}
		for _, c := range []struct {
			name, text string
			max        int
		}{{"Chinese message", e.ZH, errdex.MaxCellBytes}, {"English message", e.EN, errdex.MaxCellBytes},
			{"fix", e.Fix, errdex.MaxCellBytes}, {"troubleshooting section", e.Troubleshooting, errdex.MaxSectionBytes}} {
			if len(c.text) > c.max {
				h.Repairs = append(h.Repairs, errdex.Skip{Line: e.Line, Reason: fmt.Sprintf(
					"repair: code %s: %s of %d bytes is longer than %d: pages and search show it truncated, data/errdex.json keeps it whole",
					e.Code, c.name, len(c.text), c.max)})
			}
		}
		kept = append(kept, e)
	}
	h.Entries = kept
}
