// Composition root for HTTP: builds the Hono app from the parts. No business logic lives here.
import { Hono } from "hono";
import { handleError, notFound } from "./api/errors.ts";
import { homePageRoutes } from "./api/home-page.ts";
import { instanceRoutes } from "./api/mastodon/instance.ts";
import { type Metrics, metricsRoutes } from "./api/metrics.ts";
import { compression } from "./api/middleware/compression.ts";
import { requestContext } from "./api/middleware/request-context.ts";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/client.ts";
import type { Logger } from "./log.ts";

export interface AppDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: DatabaseHandle;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(requestContext(deps.logger, deps.metrics));
  app.use(compression());
  app.onError(handleError(deps.logger));
  app.notFound(notFound);
  app.route("/", instanceRoutes(deps.config));
  app.route("/", metricsRoutes(deps.metrics));
  app.route("/", homePageRoutes("Atelier"));
  return app;
}
