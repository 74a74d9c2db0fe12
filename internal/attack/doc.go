// Package attack holds no code: its tests replay, against a running hub
// over the real broker (embedded and Mosquitto), what an attacker on the
// shop's network tries with nothing but an MQTT client, and show each
// refused with nothing applied.
package attack
