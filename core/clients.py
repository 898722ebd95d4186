"""Who is asking: the client's address, the one rule every limit uses (API throttles, the
search page's throttle, login limits).

Behind N proxies (``TRUSTED_PROXY_COUNT``), each proxy appends the address it received
the request from to ``X-Forwarded-For``, so the client is the N-th address from the
right; anything further left was written by the client and is not believed. With no
proxy configured the header is ignored and the connection's address is the client.
"""

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]
