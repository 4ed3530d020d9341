import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddressRefusedError,
  checkUrl,
  createAddressPolicy,
  guardedFetch,
  invalidAllowEntry,
  isNonPublicAddress,
} from "./address-guard.ts";

const none = createAddressPolicy([]);

describe("the SSRF guard for app URLs", () => {
  it("knows loopback, private, link-local and ULA addresses, IPv4 and IPv6", () => {
    for (const address of [
      "127.0.0.1",
      "127.8.9.10",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "::ffff:169.254.169.254",
      "64:ff9b::a00:1",
      "2002:7f00:1::",
    ]) {
      expect([address, isNonPublicAddress(address)]).toEqual([address, true]);
    }
    for (const address of ["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect([address, isNonPublicAddress(address)]).toEqual([address, false]);
    }
  });

  it("refuses URLs at non-public addresses, literal or resolved", async () => {
    for (const url of [
      "http://127.0.0.1:8080/mcp",
      "http://10.0.0.5/mcp",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/mcp",
      "http://[fc00::1]/mcp",
      "http://[fd00:ab::2]:9000/mcp",
      "http://[::ffff:127.0.0.1]/mcp",
      "http://localhost:3000/mcp",
    ]) {
      await expect(checkUrl(none, url), url).rejects.toThrow(AddressRefusedError);
    }
    await expect(checkUrl(none, "http://localhost/mcp")).rejects.toThrow(
      /localhost resolves to it.*AI_APPS_ALLOWED_HOSTS/,
    );
  });

  it("refuses a name whose DNS answers include a private address, and allows public ones", async () => {
    const resolver = (answers: string[]) => async () => answers;
    await expect(
      checkUrl(none, "https://mcp.example/mcp", resolver(["93.184.215.14", "10.0.0.7"])),
    ).rejects.toThrow(/10\.0\.0\.7 \(mcp\.example resolves to it\)/);
    await expect(
      checkUrl(none, "https://mcp.example/mcp", resolver(["93.184.215.14"])),
    ).resolves.toBeUndefined();
    await expect(checkUrl(none, "ftp://mcp.example/")).rejects.toThrow(/http/);
  });

  it("allows what the admin allow-listed: an address, a CIDR range or a host name", async () => {
    const policy = createAddressPolicy(["127.0.0.1", "10.0.0.0/8", "fd00::/8", "mcp.internal"]);
    await expect(checkUrl(policy, "http://127.0.0.1:8080/mcp")).resolves.toBeUndefined();
    await expect(checkUrl(policy, "http://[::ffff:127.0.0.1]/mcp")).resolves.toBeUndefined();
    await expect(checkUrl(policy, "http://10.200.0.1/mcp")).resolves.toBeUndefined();
    await expect(checkUrl(policy, "http://[fd00::5]/mcp")).resolves.toBeUndefined();
    await expect(
      checkUrl(policy, "http://mcp.internal/mcp", async () => ["192.168.0.9"]),
    ).resolves.toBeUndefined();
    // Only what was listed: other loopback addresses and ranges stay refused.
    await expect(checkUrl(policy, "http://127.0.0.2/mcp")).rejects.toThrow(AddressRefusedError);
    await expect(checkUrl(policy, "http://[::1]/mcp")).rejects.toThrow(AddressRefusedError);
    await expect(checkUrl(policy, "http://192.168.0.1/mcp")).rejects.toThrow(AddressRefusedError);
  });

  it("validates allow-list entries", () => {
    expect(invalidAllowEntry("10.0.0.0/8")).toBeNull();
    expect(invalidAllowEntry("::1")).toBeNull();
    expect(invalidAllowEntry("mcp.internal")).toBeNull();
    expect(invalidAllowEntry("10.0.0.0/33")).toMatch(/CIDR/);
    expect(invalidAllowEntry("http://x")).toMatch(/host name/);
  });

  describe("at connection time", () => {
    let server: http.Server;
    let port: number;
    beforeAll(async () => {
      server = http.createServer((_req, res) => res.end("inside"));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("never opens a connection to a refused address, whatever the name resolves to", async () => {
      const guarded = guardedFetch(none);
      await expect(guarded(`http://127.0.0.1:${port}/`)).rejects.toThrow(AddressRefusedError);
      // The lookup inside the connection refuses it: this is what stops DNS rebinding.
      await expect(guarded(`http://localhost:${port}/`)).rejects.toThrow(AddressRefusedError);
    });

    it("connects when allow-listed", async () => {
      const res = await guardedFetch(createAddressPolicy(["127.0.0.1", "::1"]))(`http://localhost:${port}/`);
      expect(await res.text()).toBe("inside");
    });
  });
});
