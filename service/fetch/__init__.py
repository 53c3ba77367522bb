"""Safe URL input: fetch an article page from a public http(s) address only."""

from service.fetch.addresses import AllowList, refusal_reason
from service.fetch.client import Fetched, Resolver, fetch_url, system_resolver
from service.fetch.urls import parse_url

__all__ = [
    "AllowList",
    "Fetched",
    "Resolver",
    "fetch_url",
    "parse_url",
    "refusal_reason",
    "system_resolver",
]
