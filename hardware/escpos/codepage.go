package escpos

import "golang.org/x/text/encoding/charmap"

// CodePage is a character code table: the number ESC t selects on Epson
// printers, and the matching 8-bit encoding.
type CodePage struct {
	Name    string
	Number  byte
	Charmap *charmap.Charmap
}

// Code pages with the French letters. PC858 is PC850 with the euro sign;
// it is what tickets use.
var (
	PC437   = CodePage{"PC437", 0, charmap.CodePage437}
	PC850   = CodePage{"PC850", 2, charmap.CodePage850}
	WPC1252 = CodePage{"WPC1252", 16, charmap.Windows1252}
	PC858   = CodePage{"PC858", 19, charmap.CodePage858}
)

var codePages = []CodePage{PC437, PC850, WPC1252, PC858}

// CodePageNumber returns the code page ESC t n selects, and false when n is
// not one this package knows.
func CodePageNumber(n byte) (CodePage, bool) {
	for _, cp := range codePages {
		if cp.Number == n {
			return cp, true
		}
	}
	return CodePage{}, false
}

// Encode converts s to the code page. Control characters become spaces, so
// text can never smuggle a command in; letters the code page lacks become '?'.
func (cp CodePage) Encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch b, ok := cp.Charmap.EncodeRune(r); {
		case r < 0x20 || r == 0x7F:
			out = append(out, ' ')
		case ok:
			out = append(out, b)
		default:
			out = append(out, '?')
		}
	}
	return out
}

// Decode converts one byte of the code page to its character.
func (cp CodePage) Decode(b byte) rune { return cp.Charmap.DecodeByte(b) }
