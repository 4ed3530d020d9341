// The shape of one benchmark scenario. Each file in bench/scenarios/ default-exports one; its file
// name is the name `npm run bench -- NAME` takes.

/** One request in the sequence every connection loops over (autocannon's `requests`). */
export interface BenchRequest {
  /** Defaults to GET. */
  method?: string;
  /** Path and query, e.g. "/api/v1/timelines/public?limit=20". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface SetupResult {
  /** Replaces the scenario's request list, e.g. with ids or tokens created during setup. */
  requests?: BenchRequest[];
}

export interface Scenario {
  name: string;
  description: string;
  requests: BenchRequest[];
  /** Extra environment for the Atelier process (the harness sets PORT, HOST, DATA_DIR, RATE_LIMIT, LOG_LEVEL). */
  env?: Record<string, string>;
  /** Runs once against the started target before any load, e.g. to register accounts and seed posts. */
  setup?(baseUrl: string): Promise<SetupResult | undefined>;
}
