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
  // NAT64 for local use (RFC 8215): its IPv4 side is whatever the network says.
  ["64:ff9b:1::", 48],
] as const)
  blocked.addSubnet(net, bits, "ipv6");

/** An IPv6 address's eight 16-bit groups (a dotted IPv4 tail and a zone allowed). */
function groupsOf(address: string): number[] {
  let a = address.replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (dotted) {
    const [b0, b1, b2, b3] = dotted.slice(1).map(Number) as [number, number, number, number];
    a = `${a.slice(0, dotted.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head = "", tail] = a.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? 0 : 8 - h.length - t.length;
  return [...h, ...Array<string>(zeros).fill("0"), ...t].map((g) => Number.parseInt(g, 16));
}

const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * The IPv4 address an IPv6 one carries and routes to: IPv4-mapped or -compatible (`::ffff:a.b.c.d`,
 * `::a.b.c.d`), NAT64 (`64:ff9b::/96`) or 6to4 (`2002::/16`); null for none.
 */
function embeddedIpv4(address: string): string | null {
  const g = groupsOf(address);
  if (g.length !== 8 || g.some((n) => Number.isNaN(n))) return null;
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = g;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0)) return v4(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return v4(g6, g7);
  if (g0 === 0x2002) return v4(g1 ?? 0, g2 ?? 0);
  return null;
}

/** Whether an address is loopback, private, link-local, shared or otherwise not on the internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    if (blocked.check(address, "ipv6")) return true;
    const carried = embeddedIpv4(address);
    return carried !== null && blocked.check(carried, "ipv4");
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
