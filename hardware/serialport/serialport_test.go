package serialport

import (
	"testing"

	"go.bug.st/serial"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		spec    string
		want    Config
		wantErr bool
	}{
		{"/dev/ttyUSB0", Config{Path: "/dev/ttyUSB0", Baud: 9600, DataBits: 8}, false},
		{"/dev/ttyUSB0?baud=19200", Config{Path: "/dev/ttyUSB0", Baud: 19200, DataBits: 8}, false},
		{"/dev/ttyS1?baud=38400&databits=7&parity=even&stopbits=2",
			Config{Path: "/dev/ttyS1", Baud: 38400, DataBits: 7, Parity: serial.EvenParity, StopBits: serial.TwoStopBits}, false},
		{"", Config{}, true},
		{"?baud=9600", Config{}, true},
		{"/dev/ttyUSB0?baud=fast", Config{}, true},
		{"/dev/ttyUSB0?baud=-1", Config{}, true},
		{"/dev/ttyUSB0?databits=9", Config{}, true},
		{"/dev/ttyUSB0?parity=maybe", Config{}, true},
		{"/dev/ttyUSB0?stopbits=3", Config{}, true},
		{"/dev/ttyUSB0?speed=9600", Config{}, true},
		{"/dev/ttyUSB0?baud=%zz", Config{}, true},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			got, err := Parse(tc.spec)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Parse(%q) error = %v, want error %v", tc.spec, err, tc.wantErr)
			}
			if err == nil && got != tc.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tc.spec, got, tc.want)
			}
		})
	}
}

func TestOpenMissing(t *testing.T) {
	if _, err := Open(Config{Path: t.TempDir() + "/ttyNone", Baud: 9600, DataBits: 8}); err == nil {
		t.Error("Open(missing device): want an error")
	}
}
