"""The fetch policy without a network: SSRF bypass URLs are refused, each with its reason."""

from __future__ import annotations

import asyncio
import socket
from ipaddress import ip_address

import pytest

from service.config import Settings
from service.errors import FetchFailed, FetchRefused, InputError
from service.fetch import AllowList, fetch_url, parse_url, refusal_reason
from service.fetch.addresses import check_addresses

# Host names a fake resolver answers; literal IP hosts must never reach it.
FAKE_DNS: dict[str, list[str]] = {
    "internal.test": ["10.1.2.3"],
    "loop.test": ["127.0.0.1"],
    "v6loop.test": ["::1"],
    "mixed.test": ["93.184.216.34", "10.0.0.5"],
    "mixed6.test": ["2606:4700::1111", "fd00::5"],
    "mapped.test": ["::ffff:192.168.0.1"],
    "metadata.test": ["169.254.169.254"],
    "cgnat.test": ["100.100.100.200"],
    "nat64.test": ["64:ff9b::a00:1"],
    "empty.test": [],
}


async def fake_resolver(host: str, port: int) -> list[str]:
    if host not in FAKE_DNS:
        raise socket.gaierror(socket.EAI_NONAME, f"unknown test host {host}")
    return FAKE_DNS[host]


# (URL, a substring of the reason the refusal must give)
BYPASSES: list[tuple[str, str]] = [
    ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://2130706433/", "127.0.0.1 is a loopback address"),
    ("http://017700000001/", "127.0.0.1 is a loopback address"),
    ("http://0177.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://0x7f.1/", "127.0.0.1 is a loopback address"),
    ("http://0x7f000001/", "127.0.0.1 is a loopback address"),
    ("http://0x7f.0.0.0x1/", "127.0.0.1 is a loopback address"),
    ("http://127.1/", "127.0.0.1 is a loopback address"),
    ("http://127.0.0.1./", "127.0.0.1 is a loopback address"),
    ("http://%31%32%37.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://\uff11\uff12\uff17.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://0/", "0.0.0.0 is an unspecified address"),
    ("http://0.0.0.0:8080/", "0.0.0.0 is an unspecified address"),
    ("http://[::]/", ":: is an unspecified address"),
    ("http://[::1]:8000/", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]/", "IPv4-mapped form of 127.0.0.1, a loopback"),
    ("http://[::ffff:7f00:1]/", "IPv4-mapped form of 127.0.0.1, a loopback"),
    ("https://[::ffff:a9fe:a9fe]/", "IPv4-mapped form of 169.254.169.254, a link-local"),
    ("http://[::127.0.0.1]/", "IPv4-compatible form of 127.0.0.1, a loopback"),
    ("http://[::ffff:0:a00:1]/", "IPv4-translated form of 10.0.0.1, a private"),
    ("http://[2002:7f00:1::]/", "6to4 form of 127.0.0.1, a loopback"),
    ("http://[2002:a9fe:a9fe::1]/", "6to4 form of 169.254.169.254, a link-local"),
    ("http://[64:ff9b::7f00:1]/", "NAT64 form of 127.0.0.1, a loopback"),
    ("http://[64:ff9b::a9fe:a9fe]/", "NAT64 form of 169.254.169.254, a link-local"),
    ("http://[64:ff9b:1::a00:1]/", "a local-use NAT64 address"),
    ("http://[2001::1]/", "a Teredo tunnel address"),
    ("http://[fe80::1%25eth0]/", "fe80::1%eth0 is a link-local address"),
    ("http://[fe80::1]/", "fe80::1 is a link-local address"),
    ("http://[fec0::1]/", "fec0::1 is a site-local address"),
    ("http://[fd12:3456::1]/", "fd12:3456::1 is a unique local address"),
    ("http://[ff02::1]/", "ff02::1 is a multicast address"),
    ("http://[2001:db8::1]/", "2001:db8::1 is a documentation address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://10.0.0.1/", "10.0.0.1 is a private address"),
    ("http://172.16.0.1/", "172.16.0.1 is a private address"),
    ("http://172.31.255.254/", "172.31.255.254 is a private address"),
    ("http://192.168.1.1/", "192.168.1.1 is a private address"),
    ("http://100.64.0.1/", "100.64.0.1 is a shared (carrier-grade NAT) address"),
    ("http://198.18.0.1/", "198.18.0.1 is a benchmarking address"),
    ("http://192.0.2.1/", "192.0.2.1 is a documentation address"),
    ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
    ("http://255.255.255.255/", "255.255.255.255 is a broadcast address"),
    ("http://240.0.0.1/", "240.0.0.1 is a reserved address"),
    ("http://192.0.0.8/", "192.0.0.8 is an IETF protocol assignment address"),
    ("http://[100::1]/", "100::1 is a reserved address"),
    ("http://localhost/", "localhost is a loopback name"),
    ("http://localhost./", "localhost is a loopback name"),
    ("http://LOCALHOST:8080/", "localhost is a loopback name"),
    ("http://api.localhost/", "api.localhost is a loopback name"),
    ("http://1.2.3.4.5/", "1.2.3.4.5 is not a valid IPv4 address"),
    ("http://example.123/", "ends in a number but is not an IPv4 address"),
    ("file:///etc/passwd", "scheme 'file' is not http or https"),
    ("gopher://127.0.0.1:70/_GET", "scheme 'gopher' is not http or https"),
    ("ftp://example.com/article.txt", "scheme 'ftp' is not http or https"),
    ("dict://127.0.0.1:11211/stat", "scheme 'dict' is not http or https"),
    ("//example.com/", "scheme '(none)' is not http or https"),
    ("http://user@example.com/", "credentials (userinfo)"),
    ("http://user:pass@example.com/", "credentials (userinfo)"),
    ("http://example.com@127.0.0.1/", "credentials (userinfo)"),
    ("http://127.0.0.1\\@example.com/", "backslashes"),
    ("http://exam\tple.com/", "whitespace"),
    ("http://example.com:0/", "port 0"),
    ("http://example.com:99999/", "malformed URL"),
    ("http:///nohost", "no host"),
    # Names that a (fake) resolver maps to addresses the policy refuses.
    ("http://internal.test/", "10.1.2.3 is a private address"),
    ("http://loop.test:8080/", "127.0.0.1 is a loopback address"),
    ("http://v6loop.test/", "::1 is a loopback address"),
    ("http://mixed.test/", "10.0.0.5 is a private address"),
    ("http://mixed6.test/", "fd00::5 is a unique local address"),
    ("http://mapped.test/", "IPv4-mapped form of 192.168.0.1, a private"),
    ("http://metadata.test/", "169.254.169.254 is a link-local address"),
    ("http://cgnat.test/", "100.100.100.200 is a shared (carrier-grade NAT) address"),
    ("http://nat64.test/", "NAT64 form of 10.0.0.1, a private"),
    ("http://empty.test/", "resolved to no address"),
]


def fetch(url: str, **kwargs: object) -> object:
    return asyncio.run(fetch_url(url, settings=Settings(), resolver=fake_resolver, **kwargs))  # type: ignore[arg-type]


def test_at_least_40_distinct_bypasses() -> None:
    assert len({url for url, _ in BYPASSES}) == len(BYPASSES) >= 40


@pytest.mark.parametrize(("url", "reason"), BYPASSES, ids=[u for u, _ in BYPASSES])
def test_bypass_url_is_refused_with_its_reason(url: str, reason: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(url)
    assert str(caught.value).startswith("URL refused: ")
    assert reason in str(caught.value)
    assert isinstance(caught.value, InputError)  # so every interface answers 422 / exit 2


def test_allow_list_does_not_open_other_ports_or_addresses() -> None:
    allow = AllowList.local(8080)
    with pytest.raises(FetchRefused, match="loopback"):
        fetch("http://127.0.0.1:8081/", allow=allow)
    with pytest.raises(FetchRefused, match="IPv4-mapped"):
        fetch("http://[::ffff:127.0.0.1]:8080/", allow=allow)
    with pytest.raises(FetchRefused, match="loopback name"):
        fetch("http://localhost:8080/", allow=allow)


def test_unknown_host_fails_clearly() -> None:
    with pytest.raises(FetchFailed, match=r"could not resolve nowhere\.test"):
        fetch("http://nowhere.test/")


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "2002:808:808::1", "64:ff9b::808:808"],
)
def test_public_addresses_pass(address: str) -> None:
    assert refusal_reason(ip_address(address)) is None
    assert check_addresses([address], 443) == [ip_address(address)]


def test_public_urls_parse_to_their_connection_target() -> None:
    target = parse_url("https://News.Example.com:8443/a/b?c=1#frag")
    assert (target.scheme, target.host, target.port) == ("https", "news.example.com", 8443)
    assert target.path == "/a/b?c=1"
    assert target.host_header == "news.example.com:8443"
    assert parse_url("http://[2606:4700::1111]/").host_header == "[2606:4700::1111]"
    assert parse_url("http://b\u00fccher.example/").host == "xn--bcher-kva.example"
