"""Signatures as the Standard Webhooks specification defines them
(https://www.standardwebhooks.com/), so receivers can check them with any of its
verifier libraries.

A secret is ``whsec_`` followed by base64 of random bytes; the signing key is those bytes.
Each request carries ``webhook-id`` (the message's id, the same on every retry),
``webhook-timestamp`` (seconds since the epoch, when this attempt was signed) and
``webhook-signature``: ``v1,`` and base64 of HMAC-SHA256 over ``id.timestamp.body``.
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(*, secret: str, message_id: str, timestamp: int, body: str) -> str:
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(*, secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            secret=secret, message_id=message_id, timestamp=timestamp, body=body
        ),
    }
