import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "SECRET_KEY"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_database_url_stops_with_a_clear_sentence():
    result = start({"DEBUG": "0", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "Set DATABASE_URL" in result.stderr


def test_production_without_secret_key_stops_with_a_clear_sentence():
    result = start({"DEBUG": "0", "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
