"""A webhook receiver on 127.0.0.1, started by each test that needs it, that records what
it is sent and answers as the test says; settings that let deliveries reach it."""

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook

from tests import factories
from webhooks import services


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"ok"
    delay: float = 0.0


@dataclass
class Received:
    headers: dict
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def type(self) -> str:
        return self.json["type"]


@dataclass
class Receiver:
    """Answers each POST with the next of ``answers`` (200 when none is left)."""

    answers: list[Answer] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    def __post_init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/factcheck"

    def answer(self, *answers: Answer) -> None:
        self.answers.extend(answers)

    def types(self) -> list[str]:
        return [item.type for item in self.received]

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                receiver.received.append(Received(dict(self.headers.items()), body))
                answer = receiver.answers.pop(0) if receiver.answers else Answer()
                if answer.delay:
                    time.sleep(answer.delay)
                self.send_response(answer.status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 2.0
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    settings.WEBHOOK_MAX_ATTEMPTS = 5
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 20
    return settings


@pytest.fixture
def subscribe(editor, django_capture_on_commit_callbacks):
    """Register a subscription as an editor does."""

    def subscribe(url, events=("claim.published",), **values):
        with django_capture_on_commit_callbacks(execute=True):
            return services.save_subscription(by=editor, url=url, events=list(events), **values)

    return subscribe


def verified(subscription, item: Received) -> dict:
    """The body, after its signature is checked the way a receiver's library does."""
    return Webhook(subscription.secret).verify(item.body, item.headers)


def published_claim_with_evidence(**kwargs):
    claim = factories.published_claim(**kwargs)
    factories.EvidenceFactory(claim=claim)
    claim.refresh_from_db()
    return claim
