"""Production settings are safe by default: start-up refuses what is missing, and
``check --deploy`` has nothing to report."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7Vq2-production-like-secret-key-for-the-settings-test-Zp9wX4",
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
    "ALLOWED_HOSTS": "factcheck.example.org",
    "FACTCHECK_SITE_URL": "https://factcheck.example.org",
    "FACTCHECK_PUBLISHER_URL": "https://factcheck.example.org/about/",
    "CACHE_URL": "rediscache://127.0.0.1:6379/1",
}
SETTINGS_VARIABLES = {
    *PRODUCTION,
    "PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "TRUSTED_PROXY_COUNT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' conftest
    "CONN_MAX_AGE",
    "FACTCHECK_WEB_PROCESS",
    "WEB_STATEMENT_TIMEOUT",
    "COMMAND_STATEMENT_TIMEOUT",
}


def run(args, env_overrides):
    """Run python with ``args`` in a fresh process whose settings come only from
    ``env_overrides`` (the development .env holds DEBUG=1, which DEBUG=0 here overrides)."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def start(env_overrides):
    return run(["-c", "import django; django.setup()"], env_overrides)


def setting(name, env_overrides):
    result = run(
        [
            "-c",
            f"import django; django.setup(); from django.conf import settings; print(repr(settings.{name}))",
        ],
        env_overrides,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_settings_start():
    result = start(PRODUCTION)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("missing", "sentence"),
    [
        ("SECRET_KEY", "Set SECRET_KEY: a long random string"),
        ("DATABASE_URL", "Set DATABASE_URL"),
        ("ALLOWED_HOSTS", "Set ALLOWED_HOSTS: the host names"),
        ("FACTCHECK_SITE_URL", "Set FACTCHECK_SITE_URL: the public site's address"),
        ("FACTCHECK_PUBLISHER_URL", "Set FACTCHECK_PUBLISHER_URL: the address of the organisation"),
    ],
)
def test_production_without_a_required_variable_stops_with_a_sentence(missing, sentence):
    without = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = start(without)
    empty = start({**PRODUCTION, missing: ""})

    assert result.returncode != 0
    assert sentence in result.stderr
    assert empty.returncode != 0
    assert sentence in empty.stderr


def test_check_deploy_reports_nothing_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_throttles_count_per_process():
    without_cache = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"}

    result = run(["manage.py", "check", "--deploy"], without_cache)

    assert "accounts.W001" in result.stderr
    assert "Set CACHE_URL" in result.stderr


def test_https_is_required_by_default_and_switchable_for_a_tls_proxy():
    assert setting("SECURE_SSL_REDIRECT", PRODUCTION) == "True"
    assert setting("SECURE_HSTS_SECONDS", PRODUCTION) == str(365 * 24 * 3600)
    assert setting("SECURE_SSL_REDIRECT", {**PRODUCTION, "SECURE_SSL_REDIRECT": "0"}) == "False"


def test_the_forwarded_proto_header_is_trusted_only_when_configured():
    assert setting("SECURE_PROXY_SSL_HEADER", PRODUCTION) == "None"
    configured = {**PRODUCTION, "PROXY_SSL_HEADER": "X-Forwarded-Proto"}
    assert setting("SECURE_PROXY_SSL_HEADER", configured) == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_site_url_comes_from_the_environment_in_production():
    assert setting("FACTCHECK_SITE_URL", PRODUCTION) == "'https://factcheck.example.org'"


def test_production_keeps_connections_and_web_requests_get_a_short_statement_timeout():
    web = run(
        [
            "-c",
            "import factcheck.wsgi; from django.conf import settings; "
            "print(settings.DATABASES['default']['OPTIONS']['options'])",
        ],
        PRODUCTION,
    )

    assert web.returncode == 0, web.stderr
    assert web.stdout.strip() == "-c statement_timeout=10000"
    assert setting("STATEMENT_TIMEOUT", PRODUCTION) == "3600000"  # commands
    assert setting("DATABASES['default']['CONN_MAX_AGE']", PRODUCTION) == "60"
    assert setting("DATABASES['default']['CONN_HEALTH_CHECKS']", PRODUCTION) == "True"
