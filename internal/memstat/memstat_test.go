package memstat

import (
	"os"
	"testing"
)

func TestSelf(t *testing.T) {
	heap, rss, err := Self()
	if err != nil {
		t.Fatal(err)
	}
	if heap <= 0 || rss < heap {
		t.Errorf("heap %d B, RSS %d B: RSS should hold the heap", heap, rss)
	}
	if _, err := RSS(os.Getpid() + 1<<22); err == nil {
		t.Error("RSS of a process that does not exist: want an error")
	}
}
