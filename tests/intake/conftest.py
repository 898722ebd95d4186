import pytest

from tests.sources.conftest import Site


@pytest.fixture
def live_file_server(settings):
    """Serves one body on 127.0.0.1 and returns a function giving its URL."""
    settings.ARCHIVE_ALLOW_PRIVATE_NETWORKS = True
    site = Site()
    site.thread.start()

    def serve(body: bytes, content_type="application/json") -> str:
        site.page("/reviews.json", body, content_type=content_type)
        return site.url("/reviews.json")

    yield serve
    site.server.shutdown()
    site.server.server_close()
