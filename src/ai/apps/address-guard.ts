// The SSRF guard for app URLs: a remote MCP server may only be reached at a public address, so an
// app URL can't be used to probe this machine or the private network behind it — unless the admin
// allow-lists a host name or address range (AI_APPS_ALLOWED_HOSTS). The check runs when the admin
// registers a URL (for a clear error) and again inside every connection the app client opens, on
// the address actually connected to, so DNS answers that change later (rebinding) and redirects
// are caught too.
import dns from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";

/** Loopback, private, link-local, carrier-grade NAT, documentation, multicast and reserved ranges. */
const NON_PUBLIC_V4: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

/**
 * The IPv6 counterparts, plus prefixes that embed an IPv4 address a gateway would reach (NAT64,
 * 6to4, Teredo). IPv4-mapped addresses (::ffff:a.b.c.d) are checked as the IPv4 address they carry.
 */
const NON_PUBLIC_V6: [string, number][] = [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 32],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
];

const nonPublic = new BlockList();
for (const [net, prefix] of NON_PUBLIC_V4) nonPublic.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of NON_PUBLIC_V6) nonPublic.addSubnet(net, prefix, "ipv6");

const familyOf = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** Whether an IP address is outside the public internet (IPv4-mapped IPv6 included). */
export function isNonPublicAddress(address: string): boolean {
  // BlockList matches an IPv4-mapped IPv6 address (::ffff:127.0.0.1, ::ffff:7f00:1) against IPv4 rules.
  return nonPublic.check(address, familyOf(address));
}

export class AddressRefusedError extends Error {
  override name = "AddressRefusedError";
}

export interface AddressPolicy {
  /** Host names (lowercase) reachable whatever they resolve to. */
  hosts: Set<string>;
  /** Address ranges reachable even though they are not public. */
  ranges: BlockList;
  /** The allow-list as configured, for messages. */
  entries: string[];
}

/** A bare IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`), else null. */
function parseRange(entry: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address = "", prefixText] = entry.replace(/^\[|\]$/g, "").split("/");
  const version = isIP(address);
  if (!version) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  )
    return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** Why an allow-list entry is unusable, or null when it is a host name, an address or a CIDR range. */
export function invalidAllowEntry(entry: string): string | null {
  if (parseRange(entry) || /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/i.test(entry)) return null;
  return `"${entry}" is not a host name, IP address or CIDR range`;
}

export function createAddressPolicy(entries: string[]): AddressPolicy {
  const policy: AddressPolicy = { hosts: new Set(), ranges: new BlockList(), entries };
  for (const entry of entries) {
    const range = parseRange(entry);
    if (range) policy.ranges.addSubnet(range.address, range.prefix, range.family);
    else policy.hosts.add(entry.toLowerCase());
  }
  return policy;
}

const hostKey = (hostname: string) => hostname.replace(/^\[|\]$/g, "").toLowerCase();

/** Throws AddressRefusedError when `host`, resolved to `address`, may not be reached. */
export function checkAddress(policy: AddressPolicy, host: string, address: string): void {
  if (policy.hosts.has(hostKey(host)) || !isNonPublicAddress(address)) return;
  if (policy.ranges.check(address, familyOf(address))) return;
  const via = hostKey(host) === address ? "" : ` (${host} resolves to it)`;
  throw new AddressRefusedError(
    `${address}${via} is a loopback, private or otherwise non-public address; an admin can allow it with AI_APPS_ALLOWED_HOSTS`,
  );
}

type Resolve = (host: string) => Promise<string[]>;

const systemResolve: Resolve = async (host) =>
  (await dns.promises.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** Checks a URL before it is saved: scheme, then every address its host resolves to. */
export async function checkUrl(
  policy: AddressPolicy,
  url: string,
  resolve: Resolve = systemResolve,
): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new AddressRefusedError("App URLs must start with http:// or https://");
  const host = hostKey(parsed.hostname);
  if (policy.hosts.has(host)) return;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    throw new AddressRefusedError(`${host} could not be resolved`);
  }
  for (const address of addresses) checkAddress(policy, host, address);
}

/** A DNS lookup for sockets that refuses the connection when any answer is not allowed. */
function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      try {
        for (const entry of addresses) checkAddress(policy, hostname, entry.address);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, "", 0);
      }
      if (options.all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`) as NodeJS.ErrnoException, "", 0);
      callback(null, first.address, first.family);
    });
  };
}

export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** A guarded fetch, and `close` for the connections it keeps alive (when the server stops). */
export type GuardedFetch = FetchLike & { close(): Promise<void> };

/**
 * fetch for app servers: every connection passes the guard at connect time (sockets skip DNS
 * for an IP-literal host, so those are checked up front), and redirects are never followed here
 * — the MCP client follows same-origin ones itself, back through this function.
 */
export function guardedFetch(policy: AddressPolicy): GuardedFetch {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(policy) } });
  const guarded: FetchLike = async (url, init) => {
    const target = new URL(url);
    const host = hostKey(target.hostname);
    if (isIP(host)) checkAddress(policy, host, host);
    try {
      const response = await undiciFetch(target, {
        ...(init as Parameters<typeof undiciFetch>[1]),
        redirect: "manual",
        dispatcher,
      });
      return response as unknown as Response;
    } catch (err) {
      // fetch reports every network failure as "fetch failed"; the refusal itself says why.
      const cause = (err as { cause?: unknown }).cause;
      throw cause instanceof AddressRefusedError ? cause : err;
    }
  };
  // destroy, not close: a request still hanging at shutdown is aborted rather than waited for.
  return Object.assign(guarded, { close: () => dispatcher.destroy() });
}
