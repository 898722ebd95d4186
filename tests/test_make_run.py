"""`make run` speaks to a person: the embedded server's start-up prints no warning about
XDG_RUNTIME_DIR, the demo logins come last (once the server answers), and the site has a
favicon."""

import os
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_embedded_server_says_nothing_about_xdg_runtime_dir():
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "default",
            "-c",
            "from core.database import _import_pgserver; _import_pgserver()",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "XDG_RUNTIME_DIR" not in result.stderr
    assert "RuntimeDirWarning" not in result.stderr


@pytest.mark.django_db
def test_the_demo_logins_are_printed_once_the_server_answers(settings):
    settings.DEBUG = True
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        address = f"127.0.0.1:{server.getsockname()[1]}"
        out = StringIO()
        call_command("create_demo_users", wait_for=address, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1].startswith(f"Admin: http://{address}/admin/")
    assert "factchecker / factchecker-demo" in out.getvalue()
    assert "editor / editor-demo" in out.getvalue()


def test_the_site_has_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")


@pytest.mark.django_db
def test_every_page_links_the_favicon(client):
    page = client.get("/methodology/").content.decode()
    assert '<link rel="icon" href="/favicon.ico">' in page
