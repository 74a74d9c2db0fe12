package escpos

import "fmt"

// QRLevel is a QR code error correction level as GS ( k function 169 takes it.
type QRLevel byte

// QR error correction levels: L 7 %, M 15 %, Q 25 %, H 30 %.
const (
	QRLevelL QRLevel = 48
	QRLevelM QRLevel = 49
	QRLevelQ QRLevel = 50
	QRLevelH QRLevel = 51
)

// QRMaxData is the most bytes one QR symbol stores (version 40, level L).
const QRMaxData = 2953

// Functions of GS ( k for the QR symbol (cn = 49).
const (
	QRFnModel = 65 // function 165: select the model
	QRFnSize  = 67 // function 167: module size in dots
	QRFnLevel = 69 // function 169: error correction level
	QRFnStore = 80 // function 180: store the data
	QRFnPrint = 81 // function 181: print the stored symbol
)

// qrCmd frames one GS ( k function for the QR symbol: the length pL pH
// counts cn, fn and the parameters.
func qrCmd(fn byte, params ...byte) []byte {
	n := len(params) + 2
	return append([]byte{GS, '(', 'k', byte(n), byte(n >> 8), 49, fn}, params...)
}

// QRModel selects QR model 2 (GS ( k fn 165).
func QRModel() []byte { return qrCmd(QRFnModel, 50, 0) }

// QRModuleSize sets the size of a QR module to n dots, 1 to 16 (GS ( k fn 167).
func QRModuleSize(n int) []byte { return qrCmd(QRFnSize, byte(clamp(n, 1, 16))) }

// QRErrorLevel sets the error correction level (GS ( k fn 169).
func QRErrorLevel(l QRLevel) []byte { return qrCmd(QRFnLevel, byte(l)) }

// QRStore stores data in the symbol storage area (GS ( k fn 180).
func QRStore(data []byte) ([]byte, error) {
	if len(data) == 0 || len(data) > QRMaxData {
		return nil, fmt.Errorf("escpos: QR data of %d bytes, want 1 to %d", len(data), QRMaxData)
	}
	return qrCmd(QRFnStore, append([]byte{48}, data...)...), nil
}

// QRPrint prints the stored symbol (GS ( k fn 181).
func QRPrint() []byte { return qrCmd(QRFnPrint, 48) }
