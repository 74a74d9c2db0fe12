package escpos

import "fmt"

// Real-time status requests (DLE EOT n).
const (
	StatusPrinter = 1 // online or offline
	StatusOffline = 2 // why the printer is offline
	StatusError   = 3 // error causes
	StatusPaper   = 4 // roll paper sensor
)

// StatusQuery asks for real-time status n (DLE EOT n); the printer answers
// one byte, even while offline.
func StatusQuery(n byte) []byte { return []byte{DLE, EOT, n} }

// Status is what the printer reported through one or more DLE EOT replies.
type Status struct {
	Offline      bool // n=1 bit 3
	CoverOpen    bool // n=2 bit 2
	FeedButton   bool // n=2 bit 3: paper fed by the feed button
	PaperStop    bool // n=2 bit 5: printing stopped at the paper end
	Error        bool // n=2 bit 6
	PaperNearEnd bool // n=4 bits 2-3
	PaperEnd     bool // n=4 bits 5-6
}

// Decode adds the reply b to status request n. A reply whose fixed bits
// (bits 1 and 4 set, bits 0 and 7 clear) are wrong is not a status byte:
// Decode then returns an error and leaves s alone.
func (s *Status) Decode(n, b byte) error {
	if b&0x93 != 0x12 {
		return fmt.Errorf("escpos: %#02x is not a reply to DLE EOT %d", b, n)
	}
	switch n {
	case StatusPrinter:
		s.Offline = b&0x08 != 0
	case StatusOffline:
		s.CoverOpen = b&0x04 != 0
		s.FeedButton = b&0x08 != 0
		s.PaperStop = b&0x20 != 0
		s.Error = b&0x40 != 0
	case StatusError:
		s.Error = s.Error || b&0x6C != 0
	case StatusPaper:
		s.PaperNearEnd = b&0x0C == 0x0C
		s.PaperEnd = b&0x60 == 0x60
	default:
		return fmt.Errorf("escpos: no status request %d", n)
	}
	return nil
}
