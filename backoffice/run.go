package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"accueil/assets"
	"accueil/internal/enrol"
	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/store"
)

// Run runs the hub until ctx ends: store, broker, hub and web server.
func Run(ctx context.Context, cfg Config) error {
	return serve(ctx, cfg, nil)
}

// firstConfig returns, for a new store, its first configuration with a
// random PIN for each staff member who has none yet, printed once so the
// manager can hand them out (and change them: backoffice pin); nil for a
// store already at work.
func firstConfig(ctx context.Context, db *store.DB) (*queue.Config, error) {
	if seq, err := db.LastSeq(ctx); err != nil || seq > 0 {
		return nil, err
	}
	cfg := queue.DefaultConfig()
	for i, s := range cfg.Staff {
		if _, found, err := db.PIN(ctx, s.ID); err != nil || found {
			if err != nil {
				return nil, err
			}
			continue
		}
		cfg.Staff[i].PIN = enrol.NewPIN()
		fmt.Printf("new store: PIN of %s (%s): %s\n", s.ID, s.Role, cfg.Staff[i].PIN)
	}
	return &cfg, nil
}

// RunReady is Run, calling ready with the web server's address once
// everything serves (tests use it to learn the ports).
func RunReady(ctx context.Context, cfg Config, ready func(httpAddr, brokerURL string)) error {
	return serve(ctx, cfg, func(s served) { ready(s.HTTPAddr, s.Broker) })
}

// served is a hub serving: its web pages' address, its broker, the hub and
// its database.
type served struct {
	HTTPAddr, Broker string
	Hub              *mqttsync.Hub
	DB               *store.DB
}

// serve runs the hub until ctx ends, calling started (when not nil) once
// everything serves.
func serve(ctx context.Context, cfg Config, started func(served)) error {
	log := slog.Default()
	if err := assets.LoadTranslations(); err != nil {
		return err
	}
	if err := assets.SetLanguage(cfg.Lang); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(cfg.DB), 0o755); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	// The full check reads the whole file, which grows with the years: it
	// runs beside the hub, and /healthz tells what it found.
	integrity := &integrity{}
	integrity.set("checking")
	go func() {
		if err := db.IntegrityCheck(ctx); err != nil {
			if ctx.Err() == nil {
				log.Error("the store's database is damaged: restore a backup or run --rebuild", "err", err)
				integrity.set(err.Error())
			}
			return
		}
		integrity.set("ok")
	}()
	if cfg.Rebuild {
		st, err := db.Rebuild(ctx)
		if err != nil {
			return err
		}
		log.Info("read models written again from the log", "events", st.Seq, "tickets", len(st.Tickets))
	}
	keys := enrol.NewKeyring(db, nil)
	secret, err := enrol.HubSecret(ctx, keys, cfg.DB)
	if err != nil {
		return err
	}
	metricsToken, err := enrol.LocalSecret(cfg.DB + ".metrics-token")
	if err != nil {
		return err
	}
	var serverTLS, hubTLS *tls.Config
	if cfg.TLS || strings.HasPrefix(cfg.Broker, "tls://") { // an external broker with the hub's certificate (backoffice mosquitto)
		cert, pin, err := enrol.HubCertificate(cfg.DB)
		if err != nil {
			return err
		}
		hubTLS = enrol.PinnedTLS(pin)
		if cfg.TLS {
			serverTLS = enrol.ServerTLS(cert)
			log.Info("TLS on: devices pin the hub's certificate when they pair", "fingerprint", pin)
		}
	}
	brokerURL := cfg.Broker
	if brokerURL == "" {
		b, err := mqttsync.StartBroker(cfg.MQTTAddr, cfg.Store, keys, serverTLS, log)
		if err != nil {
			return err
		}
		defer b.Close()
		brokerURL = b.URL()
	}
	first, err := firstConfig(ctx, db)
	if err != nil {
		return err
	}
	hub, err := mqttsync.NewHub(ctx, mqttsync.HubConfig{Store: cfg.Store, Broker: brokerURL, Secret: secret, TLS: hubTLS, DB: db, Config: first, Revoked: keys.IsRevoked, Log: log})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("web pages on %s: %w", cfg.HTTPAddr, err)
	}
	if serverTLS != nil {
		ln = tls.NewListener(ln, serverTLS)
	}
	// Requests end with ctx, so the display's event streams let the
	// server shut down.
	srv := &http.Server{Handler: guard(newWeb(hub, db, integrity, keys, metricsToken)), ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: readTimeout, WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: maxHeader,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go srv.Serve(ln)
	defer func() {
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	log.Info("hub serving", "store", cfg.Store, "broker", brokerURL, "http", ln.Addr().String(), "db", cfg.DB)
	hubDone := make(chan error, 1)
	go func() { hubDone <- hub.Run(ctx) }()
	if started != nil {
		started(served{HTTPAddr: ln.Addr().String(), Broker: brokerURL, Hub: hub, DB: db})
	}
	select {
	case err := <-hubDone:
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	case <-ctx.Done():
		<-hubDone
	}
	return nil
}
