# Accueil: `make run` starts a whole store on this machine, `make test` checks it.

GO      ?= go
BIN     := bin
VAR     := var
STORE   ?= store1
DISPLAY_FOR_RUN ?= $(DISPLAY)

APT_PACKAGES := gcc libc6-dev pkg-config libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev \
	xvfb xauth zbar-tools mosquitto mosquitto-clients imagemagick xdotool espeak-ng curl chromium

.PHONY: deps build test bench chaos fuzz run vet clean-var

# deps installs the C libraries Fyne needs and the test tools, when missing.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "missing packages: $$missing"; \
		echo "run: sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; \
	fi; \
	echo "installing: $$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null

build: deps
	$(GO) build -o $(BIN)/ ./backoffice ./kiosk ./counter

vet:
	$(GO) vet ./...

# test: vet, then every test with the race detector: SQLite on disk, MQTT
# through the embedded broker and Mosquitto, UI on Fyne's headless driver.
test: deps vet
	$(GO) test -race -count=1 -timeout 30m ./...

# bench prints the figures: the wait estimates scored on simulated days and
# their cost (and redraws docs/eta/busy-day.png), sync latency and hub
# throughput, kiosk tap to print, how the hub scales with 1 day, 90 days and 2 years of history
# (generated once a day into the temp dir; 2 years take minutes), and the
# kiosk's memory through a day of visits (RSS and Go heap after GC, warmed
# up and at the end), on the test driver then in a real GLFW window under
# Xvfb, and a tablet's through a day of tickets.
bench: deps
	$(GO) test -run '^$$' -bench Scaling -benchtime 1x -timeout 60m ./backoffice/
	$(GO) test -run '^$$' -bench Report -benchtime 5x ./internal/report/
	$(GO) test -run '^$$' -bench ManagerReport -benchtime 3x ./backoffice/
	$(GO) test -run '^$$' -bench Estimators -benchtime 20x -timeout 30m ./internal/sim/
	$(GO) test -run '^$$' -bench EstimateCost -benchmem ./internal/sim/
	$(GO) test -run '^TestChart$$' -count=1 ./internal/sim/ -args -chart=$(CURDIR)/docs/eta/busy-day.png
	$(GO) test -run '^$$' -bench . -benchtime 2000x ./internal/mqttsync/
	$(GO) test -run '^$$' -bench TapToPrint -benchtime 200x ./kiosk/
	$(GO) test -run '^$$' -bench Soak -benchtime 2000x ./kiosk/
	$(GO) test -run '^$$' -bench Soak -benchtime 2000x ./counter/
	XDG_CONFIG_HOME=$$(mktemp -d) LANG=en_US.UTF-8 FYNE_SCALE=1 xvfb-run -a -s '-screen 0 1080x1920x24' \
		$(GO) test -tags glfw -run '^$$' -bench Soak -benchtime 300x -timeout 30m ./kiosk/

# chaos runs the store's sync through faults at scale, on the embedded
# broker and on Mosquitto (TestChaos; make test runs it small): kiosks and
# counters behind a TCP proxy that delays and cuts their connections, while
# the hub is killed, the broker restarted, the hub hangs and devices are
# killed. It prints what it checked. Scale it with the variables below.
CHAOS_TICKETS     ?= 2000
CHAOS_HUBKILLS    ?= 40
CHAOS_BROKERS     ?= 10
CHAOS_PAUSES      ?= 3
CHAOS_PAUSE       ?= 7s
CHAOS_DEVICEKILLS ?= 10
CHAOS_NET         ?= 12
chaos: deps
	$(GO) test -count=1 -timeout 3h -run '^TestChaos$$' -v ./internal/mqttsync/ -args \
		-chaos.tickets=$(CHAOS_TICKETS) -chaos.hubkills=$(CHAOS_HUBKILLS) -chaos.brokers=$(CHAOS_BROKERS) \
		-chaos.pauses=$(CHAOS_PAUSES) -chaos.pause=$(CHAOS_PAUSE) -chaos.devicekills=$(CHAOS_DEVICEKILLS) -chaos.net=$(CHAOS_NET)

# fuzz runs every fuzz target of the code (func Fuzz... in a _test.go),
# one after the other, FUZZ_SECONDS in all; what a target finds lands in
# its package's testdata/fuzz and then runs with make test.
FUZZ_SECONDS ?= 600
fuzz: deps
	@targets=$$(grep -rHo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' . | sed 's|^\./\(.*\)/[^/]*:func |\1 |'); \
	n=$$(echo "$$targets" | wc -l); each=$$(( $(FUZZ_SECONDS) / n )); \
	echo "$$n fuzz targets, $${each}s each"; \
	echo "$$targets" | while read dir name; do \
		echo "== $$dir $$name"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $${each}s ./$$dir/ 2>&1); rc=$$?; \
		echo "$$out" | grep -E 'fuzz: elapsed' | tail -1; \
		[ $$rc = 0 ] || { echo "$$out" | tail -40; exit 1; }; \
	done

# run starts a store: the hub (embedded broker, web pages on :8080) with
# the manager's window, the kiosk, a counter tablet and the calling display
# windows, with the
# simulated printer (tickets as PNG in var/tickets). Each device is
# enrolled and paired at its first start (its secret then waits in
# var/<device>.db.secret); a new store's hub prints its staff's PINs once
# (backoffice pin sets another). Ctrl-C stops them all.
run: deps build
	@mkdir -p $(VAR)/tickets
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/backoffice --store $(STORE) --db $(VAR)/hub.db & \
	until curl -sf http://127.0.0.1:8080/healthz >/dev/null 2>&1; do sleep 0.2; done; \
	pair() { [ -f $(VAR)/$$1.db.secret ] || echo "--pair $$($(BIN)/backoffice enrol --db $(VAR)/hub.db $$1 $$2 | head -1)"; }; \
	$(BIN)/kiosk --store $(STORE) --windowed --db $(VAR)/kiosk-1.db --printer sim:$(VAR)/tickets $$(pair kiosk-1 kiosk) & \
	$(BIN)/counter --store $(STORE) --windowed --db $(VAR)/counter-1.db $$(pair counter-1 counter) & \
	$(BIN)/backoffice --display --windowed --store $(STORE) --display-db $(VAR)/display-1.db $$(pair display-1 display) & \
	echo "Accueil runs: calling display at http://127.0.0.1:8080/display, manager's window and pages at http://127.0.0.1:8080/manager/ (staff manager, with the PIN the hub printed at its first start)"; \
	wait

clean-var:
	rm -rf $(VAR)
