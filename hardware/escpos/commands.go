package escpos

// Align is a justification for ESC a.
type Align byte

// Justifications.
const (
	Left   Align = 0
	Center Align = 1
	Right  Align = 2
)

// Init resets the printer to its power-on settings (ESC @).
func Init() []byte { return []byte{ESC, '@'} }

// SelectCodePage selects character code table n (ESC t n).
func SelectCodePage(n byte) []byte { return []byte{ESC, 't', n} }

// SetAlign sets the justification of the following lines (ESC a n).
func SetAlign(a Align) []byte { return []byte{ESC, 'a', byte(a)} }

// SetBold turns emphasized mode on or off (ESC E n).
func SetBold(on bool) []byte {
	if on {
		return []byte{ESC, 'E', 1}
	}
	return []byte{ESC, 'E', 0}
}

// SetSize sets the character size (GS ! n): width and height are
// magnifications from 1 to 8, clamped to that range.
func SetSize(width, height int) []byte {
	return []byte{GS, '!', byte(clamp(width, 1, 8)-1)<<4 | byte(clamp(height, 1, 8)-1)}
}

// FeedLines prints the buffer and feeds n lines (ESC d n).
func FeedLines(n byte) []byte { return []byte{ESC, 'd', n} }

// CutPartial feeds the paper to the cutter plus n motion units, then cuts
// leaving one point uncut (GS V 66 n).
func CutPartial(n byte) []byte { return []byte{GS, 'V', 66, n} }

func clamp(v, lo, hi int) int {
	return min(max(v, lo), hi)
}
