// Composition root for HTTP: builds the Hono app from the parts. No business logic lives here.
import { Hono } from "hono";
import { defaultImageRoutes } from "./api/default-images.ts";
import type { ApiDeps } from "./api/deps.ts";
import { handleError, notFound } from "./api/errors.ts";
import { homePageRoutes } from "./api/home-page.ts";
import { accountsRoutes } from "./api/mastodon/accounts.ts";
import { appsRoutes } from "./api/mastodon/apps.ts";
import { instanceRoutes } from "./api/mastodon/instance.ts";
import { mediaRoutes } from "./api/mastodon/media.ts";
import { statusesRoutes } from "./api/mastodon/statuses.ts";
import { mediaFilesRoutes } from "./api/media-files.ts";
import { type Metrics, metricsRoutes } from "./api/metrics.ts";
import { authenticate } from "./api/middleware/auth.ts";
import { compression } from "./api/middleware/compression.ts";
import { mastodonRules, memoryRateLimitStore, rateLimit } from "./api/middleware/rate-limit.ts";
import { requestContext } from "./api/middleware/request-context.ts";
import { oauthRoutes } from "./api/oauth/routes.ts";
import type { Logger } from "./log.ts";

export interface AppDeps extends ApiDeps {
  logger: Logger;
  metrics: Metrics;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(requestContext(deps.logger, deps.metrics));
  app.use(compression());
  app.use(async (c, next) => {
    c.set("publicUrl", deps.config.publicUrl);
    await next();
  });
  app.onError(handleError(deps.logger));
  app.notFound(notFound);
  app.route("/", instanceRoutes(deps.config));
  app.route("/", metricsRoutes(deps.metrics));
  app.route("/", homePageRoutes("Atelier"));
  app.route("/", defaultImageRoutes());
  app.route("/", mediaFilesRoutes(deps.storage));
  if (deps.config.rateLimit) {
    const limiter = rateLimit({
      rules: mastodonRules(deps.config.rateLimitRequests),
      store: memoryRateLimitStore(),
      trustProxy: deps.config.trustProxy,
    });
    app.use("/api/*", limiter);
    app.use("/oauth/*", limiter);
  }
  app.route("/", oauthRoutes(deps));
  app.use("/api/*", authenticate(deps.social.db));
  app.route("/", appsRoutes(deps));
  app.route("/", accountsRoutes(deps));
  app.route("/", statusesRoutes(deps));
  app.route("/", mediaRoutes(deps));
  return app;
}
