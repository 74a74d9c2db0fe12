# Accueil: `make run` starts a whole store on this machine, `make test` checks it.

GO      ?= go
BIN     := bin
VAR     := var
STORE   ?= store1
DISPLAY_FOR_RUN ?= $(DISPLAY)

APT_PACKAGES := gcc libc6-dev pkg-config libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev \
	xvfb xauth zbar-tools mosquitto mosquitto-clients imagemagick xdotool espeak-ng

.PHONY: deps build test bench run vet clean-var

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
	$(GO) build -o $(BIN)/ ./backoffice $(wildcard ./kiosk) $(wildcard ./counter)

vet:
	$(GO) vet ./...

# test: vet, then every test with the race detector: SQLite on disk, MQTT
# through the embedded broker and Mosquitto, UI on Fyne's headless driver.
test: deps vet
	$(GO) test -race -count=1 -timeout 30m ./...

# bench prints the figures: sync latency and hub throughput, kiosk tap to
# print.
bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 2000x ./internal/mqttsync/ $(if $(wildcard kiosk/*_test.go),./kiosk/)

# run starts a store: the hub (embedded broker), the kiosk and the counter
# windows with the simulated printer. Ctrl-C stops them all.
run: deps build
	@mkdir -p $(VAR)/tickets
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/backoffice --store $(STORE) --db $(VAR)/hub.db & \
	sleep 1; \
	if [ -x $(BIN)/kiosk ]; then $(BIN)/kiosk --store $(STORE) --windowed --db $(VAR)/kiosk-1.db --printer sim:$(VAR)/tickets & fi; \
	if [ -x $(BIN)/counter ]; then $(BIN)/counter --store $(STORE) --windowed --db $(VAR)/counter-1.db & fi; \
	wait

clean-var:
	rm -rf $(VAR)
