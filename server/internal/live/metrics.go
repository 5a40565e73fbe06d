package live

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the live stream's Prometheus collectors.
type Metrics struct {
	connections     prometheus.Gauge
	rooms           prometheus.Gauge
	events          prometheus.Counter
	delivered       prometheus.Counter
	slowDisconnects prometheus.Counter
	fanout          prometheus.Histogram
	listener        prometheus.Gauge
}

// NewMetrics creates the collectors and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		connections: prometheus.NewGauge(prometheus.GaugeOpts{Name: "factdesk_websocket_connections", Help: "Open websocket connections."}),
		rooms:       prometheus.NewGauge(prometheus.GaugeOpts{Name: "factdesk_live_rooms", Help: "Rooms with at least one subscriber."}),
		events:      prometheus.NewCounter(prometheus.CounterOpts{Name: "factdesk_live_events_total", Help: "Events fanned out by this instance."}),
		delivered: prometheus.NewCounter(prometheus.CounterOpts{Name: "factdesk_live_events_delivered_total",
			Help: "Event messages queued to websocket clients."}),
		slowDisconnects: prometheus.NewCounter(prometheus.CounterOpts{Name: "factdesk_live_slow_disconnects_total",
			Help: "Clients disconnected because their send queue was full."}),
		fanout: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "factdesk_live_fanout_seconds",
			Help:    "Time from an event being written to its fan-out by this instance.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5}}),
		listener: prometheus.NewGauge(prometheus.GaugeOpts{Name: "factdesk_live_listener_connected",
			Help: "1 while the LISTEN connection to PostgreSQL is up."}),
	}
	reg.MustRegister(m.connections, m.rooms, m.events, m.delivered, m.slowDisconnects, m.fanout, m.listener)
	return m
}
