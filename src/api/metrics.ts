// Prometheus metrics: HTTP traffic measured by the request middleware, job queue depth read at
// scrape time, and Node's default process metrics.
import { Hono } from "hono";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
  /** Registers a gauge whose value is read when Prometheus scrapes. */
  gauge(name: string, help: string, labels: string[], collect: () => Promise<Record<string, number>>): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "atelier_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "atelier_http_requests_total",
      help: "HTTP requests served, by matched route and status",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "atelier_http_request_duration_seconds",
      help: "HTTP request latency by matched route",
      labelNames: ["method", "route"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    gauge(name, help, labels, collect) {
      new Gauge({
        name,
        help,
        labelNames: labels,
        registers: [registry],
        async collect() {
          this.reset();
          const values = await collect();
          const label = labels[0];
          for (const [key, value] of Object.entries(values)) {
            if (label) this.set({ [label]: key }, value);
            else this.set(value);
          }
        },
      });
    },
  };
}

export function metricsRoutes(metrics: Metrics) {
  return new Hono().get("/metrics", async (c) => {
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { "Content-Type": metrics.registry.contentType });
  });
}
