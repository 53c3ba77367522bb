"""The address policy of the fetcher: connect only to globally routable unicast addresses.

Ports are not restricted: the policy is about where a connection lands, and internal
services are excluded by their address, whatever port they listen on.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from service.errors import FetchRefused

IPAddress = IPv4Address | IPv6Address


def _nets(*cidrs: str) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(IPv6Network(c) if ":" in c else IPv4Network(c) for c in cidrs)


# Checked in order, so a message names the most specific category; ``is_global`` alone
# is not enough: it calls multicast, 6to4, NAT64 and site-local addresses global.
_CATEGORIES = (
    ("an unspecified", _nets("0.0.0.0/8", "::/128")),
    ("a loopback", _nets("127.0.0.0/8", "::1/128")),
    ("a link-local", _nets("169.254.0.0/16", "fe80::/10")),
    ("a multicast", _nets("224.0.0.0/4", "ff00::/8")),
    ("a private", _nets("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")),
    ("a shared (carrier-grade NAT)", _nets("100.64.0.0/10")),
    ("a benchmarking", _nets("198.18.0.0/15", "2001:2::/48")),
    (
        "a documentation",
        _nets("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20"),
    ),
    ("a broadcast", _nets("255.255.255.255/32")),
    # Listed here too because ``is_global`` in older Pythons misses part of this /24.
    ("an IETF protocol assignment", _nets("192.0.0.0/24")),
    ("a reserved", _nets("240.0.0.0/4", "192.88.99.0/24", "100::/64", "5f00::/16")),
    ("a site-local", _nets("fec0::/10")),
    ("a unique local", _nets("fc00::/7")),
    # The client address inside a Teredo address is obfuscated and the relay is anyone's.
    ("a Teredo tunnel", _nets("2001::/32")),
    ("an IETF protocol assignment", _nets("2001::/23")),
    # Local-use NAT64 prefixes embed the IPv4 address at a length only the site knows.
    ("a local-use NAT64", _nets("64:ff9b:1::/48")),
)
_V4_COMPATIBLE = IPv6Network("::/96")
_V4_TRANSLATED = IPv6Network("::ffff:0:0:0/96")
_NAT64 = IPv6Network("64:ff9b::/96")


def _embedded_v4(addr: IPv6Address) -> tuple[str, IPv4Address] | None:
    """Return the IPv4 address an IPv6 form wraps, with the form's name."""
    low32 = IPv4Address(int(addr) & 0xFFFFFFFF)
    if addr.ipv4_mapped is not None:
        return "an IPv4-mapped", addr.ipv4_mapped
    if addr.sixtofour is not None:
        return "a 6to4", addr.sixtofour
    if addr in _NAT64:
        return "a NAT64", low32
    if addr in _V4_TRANSLATED:
        return "an IPv4-translated", low32
    if addr in _V4_COMPATIBLE and int(addr) > 1:
        return "an IPv4-compatible", low32
    return None


def _category(addr: IPAddress) -> str | None:
    """Name the non-routable category of an address, or None for a global unicast one."""
    for label, networks in _CATEGORIES:
        if any(addr in net for net in networks):
            return f"{label} address"
    return None if addr.is_global else "not a globally routable address"


def refusal_reason(addr: IPAddress) -> str | None:
    """Return why a connection to ``addr`` is refused, or None when it may be reached."""
    if isinstance(addr, IPv6Address):
        wrapped = _embedded_v4(addr)
        if wrapped is not None:
            form, inner = wrapped
            inner_category = _category(inner)
            if inner_category is not None:
                return f"{addr} is {form} form of {inner}, {inner_category}"
            if form == "an IPv4-compatible":
                # Deprecated since RFC 4291; nothing legitimate publishes one.
                return f"{addr} is a deprecated IPv4-compatible address"
    category = _category(addr)
    return None if category is None else f"{addr} is {category}"


@dataclass(frozen=True, slots=True)
class AllowList:
    """Test-only exceptions: exact (address, port) pairs of a local test server.

    Production code never builds one, from settings or the environment.
    """

    pairs: frozenset[tuple[IPAddress, int]]

    @classmethod
    def local(cls, *ports: int) -> AllowList:
        """Allow 127.0.0.1 on exactly these ports."""
        loopback = IPv4Address("127.0.0.1")
        return cls(frozenset((loopback, port) for port in ports))

    def allows(self, addr: IPAddress, port: int) -> bool:
        """True when this exact address and port were allowed."""
        return (addr, port) in self.pairs


def check_addresses(
    addresses: list[str], port: int, allow: AllowList | None = None
) -> list[IPAddress]:
    """Parse resolved addresses and refuse them all when ANY one is not allowed."""
    if not addresses:
        raise FetchRefused("URL refused: the host resolved to no address")
    checked: list[IPAddress] = []
    for text in addresses:
        addr = ip_address(text)
        reason = refusal_reason(addr)
        # One bad answer refuses the host: a resolver may hand the connection any of them.
        if reason is not None and not (allow is not None and allow.allows(addr, port)):
            raise FetchRefused(f"URL refused: {reason}")
        checked.append(addr)
    return checked
