"""Addresses of other fact-checkers' reviews, normalised so that one review is kept once.

The same review is reached as ``http://`` and ``https://``, with and without a trailing
slash, with the host in capitals, and with campaign parameters appended by whoever shared
it (``utm_*``, ``fbclid``...). ``review_identity`` drops what does not change the page;
``publisher_host`` turns both forms a publisher's site comes in (a bare host, as the
Fact Check Tools API gives it, or an address, as ClaimReview's ``author.url`` does) into
one host name.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit

# Query parameters that say how a link was shared, never which page it is.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "at_medium", "at_campaign",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def review_identity(url: str) -> str:
    """What stays of an http(s) address once scheme, host case, default port, trailing
    slash, fragment and tracking parameters are set aside."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port if parts.port not in (None, DEFAULT_PORTS.get(parts.scheme.lower())) else None
    path = parts.path.rstrip("/")
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    )
    identity = host + (f":{port}" if port else "") + path
    return identity + (f"?{urlencode(query)}" if query else "")


def publisher_host(site: str) -> str:
    """The publisher's host name, without ``www.``, from a host or an address."""
    site = site.strip()
    if not site:
        return ""
    host = urlsplit(site if "//" in site else f"//{site}").hostname or ""
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")
