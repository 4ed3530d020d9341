// Composition root for HTTP: builds the Hono app from the parts. No business logic lives here.
import { Hono } from "hono";
import type { AppsService } from "./ai/apps/service.ts";
import type { AssistantService } from "./ai/assistant/service.ts";
import { adminAiAppsRoutes } from "./api/ai/admin-apps.ts";
import { aiAppsRoutes } from "./api/ai/apps.ts";
import { aiComposeRoutes } from "./api/ai/compose.ts";
import { aiConversationsRoutes } from "./api/ai/conversations.ts";
import { aiImagesRoutes } from "./api/ai/images.ts";
import { aiMediaDescriptionRoutes } from "./api/ai/media-descriptions.ts";
import { aiModelsRoutes } from "./api/ai/models.ts";
import { defaultImageRoutes } from "./api/default-images.ts";
import type { ApiDeps } from "./api/deps.ts";
import { handleError, notFound } from "./api/errors.ts";
import { accountRelationshipsRoutes } from "./api/mastodon/account-relationships.ts";
import { accountsRoutes } from "./api/mastodon/accounts.ts";
import { adminRoutes } from "./api/mastodon/admin.ts";
import { appsRoutes } from "./api/mastodon/apps.ts";
import { instanceRoutes } from "./api/mastodon/instance.ts";
import { markersRoutes } from "./api/mastodon/markers.ts";
import { mediaRoutes } from "./api/mastodon/media.ts";
import { notificationsRoutes } from "./api/mastodon/notifications.ts";
import { reportsRoutes } from "./api/mastodon/reports.ts";
import { searchRoutes } from "./api/mastodon/search.ts";
import { statusesRoutes } from "./api/mastodon/statuses.ts";
import { timelinesRoutes } from "./api/mastodon/timelines.ts";
import { mcpRoutes } from "./api/mcp.ts";
import { mediaFilesRoutes } from "./api/media-files.ts";
import { type Metrics, metricsRoutes } from "./api/metrics.ts";
import { authenticate } from "./api/middleware/auth.ts";
import { compression } from "./api/middleware/compression.ts";
import {
  mastodonRules,
  memoryRateLimitStore,
  type RateLimitStore,
  rateLimit,
} from "./api/middleware/rate-limit.ts";
import { requestContext } from "./api/middleware/request-context.ts";
import { oauthRoutes } from "./api/oauth/routes.ts";
import { rejectNulInUrl } from "./api/params.ts";
import { streamingRoutes } from "./api/streaming.ts";
import { webAppRoutes } from "./api/web-app.ts";
import type { Logger } from "./log.ts";
import type { Realtime } from "./realtime/realtime.ts";

export interface AppDeps extends ApiDeps {
  logger: Logger;
  metrics: Metrics;
  realtime: Realtime;
  /** Shared counters when several processes serve (Redis); in-process ones otherwise. */
  rateLimitStore?: RateLimitStore | undefined;
  apps: AppsService;
  /** The assistant; its routes are left out when absent (a composition built only to list routes). */
  assistant?: AssistantService;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(requestContext(deps.logger, deps.metrics));
  app.use(compression());
  app.use(async (c, next) => {
    c.set("publicUrl", deps.config.publicUrl);
    await next();
  });
  app.use(rejectNulInUrl);
  app.onError(handleError(deps.logger));
  app.notFound(notFound);
  app.route("/", instanceRoutes(deps.config, { db: deps.social.db, serialize: deps.serialize }));
  app.route("/", metricsRoutes(deps.metrics));
  app.route("/", webAppRoutes());
  app.route("/", defaultImageRoutes());
  app.route("/", mediaFilesRoutes(deps.storage));
  if (deps.config.rateLimit) {
    const limiter = rateLimit({
      rules: mastodonRules(deps.config.rateLimitRequests),
      store: deps.rateLimitStore ?? memoryRateLimitStore(),
      trustProxy: deps.config.trustProxy,
    });
    app.use("/api/*", limiter);
    app.use("/oauth/*", limiter);
    app.use("/mcp", limiter);
  }
  app.route("/", oauthRoutes(deps));
  app.route("/", mcpRoutes(deps));
  app.use("/api/*", authenticate(deps.social.db));
  app.route("/", appsRoutes(deps));
  app.route("/", accountsRoutes(deps));
  app.route("/", statusesRoutes(deps));
  app.route("/", mediaRoutes(deps));
  app.route("/", timelinesRoutes(deps));
  app.route("/", notificationsRoutes(deps));
  app.route("/", markersRoutes(deps));
  app.route("/", streamingRoutes(deps));
  app.route("/", accountRelationshipsRoutes(deps));
  app.route("/", searchRoutes(deps));
  app.route("/", reportsRoutes(deps));
  app.route("/", adminRoutes(deps));
  app.route("/", aiAppsRoutes(deps));
  app.route("/", adminAiAppsRoutes(deps));
  app.route("/", aiModelsRoutes(deps));
  app.route("/", aiComposeRoutes(deps));
  app.route("/", aiImagesRoutes(deps));
  app.route("/", aiMediaDescriptionRoutes(deps));
  if (deps.assistant) app.route("/", aiConversationsRoutes(deps.assistant));
  return app;
}
