import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses Riposte may connect to when private networks are not allowed.
 *
 * Only globally routable unicast is allowed. Range names come from ipaddr.js (its IANA special
 * registries), so loopback, RFC 1918 private, link-local (including 169.254.169.254, the cloud
 * metadata address), carrier-grade NAT, 0.0.0.0/8, multicast, broadcast, documentation and other
 * reserved blocks, IPv6 ::1, ::, fe80::/10, fc00::/7 and site-local are all refused. IPv6 forms
 * that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-translated, IPv4-compatible ::a.b.c.d,
 * NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16) are judged by the IPv4 address inside;
 * Teredo is refused because its embedded address is only obfuscated, not authoritative.
 */
export interface AddressVerdict {
  allowed: boolean;
  /** The ipaddr.js range name that decided, e.g. `loopback`, `private`, `unicast`. */
  range: string;
}

/** Classifies one IP address (v4 or v6, with or without brackets). Unparseable input is refused. */
export function classifyAddress(address: string): AddressVerdict {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // A zone index (fe80::1%eth0) only makes sense on link-local addresses; drop it for parsing.
  const bare = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  if (!ipaddr.isValid(bare)) return { allowed: false, range: 'invalid' };
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv4') return verdictForIPv4(parsed as ipaddr.IPv4);
  return verdictForIPv6(parsed as ipaddr.IPv6);
}

/** True when `address` is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address).allowed;
}

function verdictForIPv4(address: ipaddr.IPv4): AddressVerdict {
  const range = address.range();
  return { allowed: range === 'unicast', range };
}

function verdictForIPv6(address: ipaddr.IPv6): AddressVerdict {
  const range = address.range();
  const parts = address.parts;
  const embedded = (name: string, high: number, low: number): AddressVerdict => {
    const inner = verdictForIPv4(new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]));
    return { allowed: inner.allowed, range: `${name}(${inner.range})` };
  };
  switch (range) {
    case 'unicast':
      // IPv4-compatible ::a.b.c.d (deprecated) has no name in ipaddr.js and lands here.
      if (parts.slice(0, 6).every((part) => part === 0)) {
        return embedded('ipv4Compatible', parts[6]!, parts[7]!);
      }
      return { allowed: true, range };
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return embedded(range, parts[6]!, parts[7]!);
    case '6to4':
      return embedded(range, parts[1]!, parts[2]!);
    default:
      return { allowed: false, range };
  }
}
