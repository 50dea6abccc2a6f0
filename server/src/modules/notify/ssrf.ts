import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";

/** Resolves a host name to its addresses (the system resolver unless a test passes its own). */
export type Resolve = (host: string) => Promise<LookupAddress[]>;
export const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });

const REFUSED = "its host is a loopback or private address (set WEBHOOK_ALLOW_PRIVATE=true to allow it)";

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, bits, "ipv6");

/** Whether an address is loopback, private, link-local, shared or otherwise not on the internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return blocked.check(mapped[1], "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

/**
 * Refuses a webhook URL whose host is, or resolves to, a loopback or private address (unless
 * allowed): Keyholder must not be made to call services on its own network. Returns a reason, or
 * null when the URL may be used. Checked when an endpoint is registered and before every attempt.
 */
export async function refuseUnsafeUrl(
  url: string,
  allowPrivate: boolean,
  resolve: Resolve = systemResolve,
): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "must be http:// or https://";
  if (parsed.username || parsed.password) return "must not carry credentials";
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await resolve(host)).map((a) => a.address);
  } catch {
    return "its host does not resolve";
  }
  if (!addresses.length || addresses.some(isPrivateAddress)) return REFUSED;
  return null;
}

/**
 * The `lookup` of a webhook's connection: it resolves the host once more and refuses private
 * addresses again, and the connection is made to the very addresses it checked. Checking a name
 * and then letting the HTTP client resolve it anew would let a DNS answer that changes in between
 * (DNS rebinding) send the request to the internal network.
 */
export function checkedLookup(resolve: Resolve, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => !wanted || a.family === wanted);
        if (!addresses.length || (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address)))) {
          const error: NodeJS.ErrnoException = new Error(`refused: ${REFUSED}`);
          error.code = "EADDRREFUSED";
          callback(error, "", 0);
        } else if (options.all) callback(null, addresses);
        else callback(null, addresses[0]?.address ?? "", addresses[0]?.family ?? 4);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}
