package simprinter

import (
	"fmt"

	"accueil/hardware/escpos"
	qrcode "github.com/skip2/go-qrcode"
)

// qrState is the QR symbol settings and data stored by GS ( k.
type qrState struct {
	size  int
	level escpos.QRLevel
	data  []byte
}

var qrLevels = map[escpos.QRLevel]qrcode.RecoveryLevel{
	escpos.QRLevelL: qrcode.Low,
	escpos.QRLevelM: qrcode.Medium,
	escpos.QRLevelQ: qrcode.High,
	escpos.QRLevelH: qrcode.Highest,
}

// symbol interprets the body of GS ( k: cn fn parameters. Only the QR
// code (cn 49) is drawn; settings out of range are ignored, as a printer
// does.
func (r *renderer) symbol(p []byte) error {
	if len(p) < 3 || p[0] != 49 {
		return nil
	}
	fn, arg := p[1], p[2]
	switch fn {
	case escpos.QRFnSize:
		if arg >= 1 && arg <= 16 {
			r.qr.size = int(arg)
		}
	case escpos.QRFnLevel:
		if _, ok := qrLevels[escpos.QRLevel(arg)]; ok {
			r.qr.level = escpos.QRLevel(arg)
		}
	case escpos.QRFnStore:
		r.qr.data = append(r.qr.data[:0], p[3:]...)
	case escpos.QRFnPrint:
		return r.printQR()
	}
	return nil
}

func (r *renderer) printQR() error {
	if len(r.qr.data) == 0 {
		return nil
	}
	code, err := qrcode.New(string(r.qr.data), qrLevels[r.qr.level])
	if err != nil {
		return fmt.Errorf("simprinter: QR code of %d bytes: %w", len(r.qr.data), err)
	}
	r.out.QR = append(r.out.QR, string(r.qr.data))
	bits := code.Bitmap() // with its quiet zone
	n, s := len(bits), r.qr.size
	return r.picture(n*s, n*s, func(x, y int) bool { return bits[y/s][x/s] })
}
