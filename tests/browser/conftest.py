"""Browser tests: a real Chromium driven by Playwright against pytest-django's live server.

Chromium is the system one (Debian's package; `.ci/run` installs it when missing), at
CHROMIUM_PATH or /usr/bin/chromium; without it the tests are skipped (failed under CI=true).
Screenshots go to test-artifacts/screenshots/.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BROWSER_TESTS_LEFT_OUT = pytest.StashKey[int]()


def missing_chromium(path: Path = CHROMIUM) -> str:
    return f"No Chromium at {path}: install it (apt-get install chromium) or set CHROMIUM_PATH."


def require_chromium(path: Path = CHROMIUM) -> None:
    """Under CI (CI=true) a missing browser fails the run."""
    if not path.exists():
        pytest.fail(missing_chromium(path))


def pytest_collection_modifyitems(config, items):
    """Without Chromium (and outside CI) the browser tests are left out of the run, and
    the summary says so in one line."""
    if CHROMIUM.exists() or os.environ.get("CI") == "true":
        return
    skipped = [item for item in items if item.get_closest_marker("browser")]
    if skipped:
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
        config.hook.pytest_deselected(items=skipped)
        config.stash[BROWSER_TESTS_LEFT_OUT] = len(skipped)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    left_out = config.stash.get(BROWSER_TESTS_LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(
            f"{left_out} browser tests skipped. {missing_chromium()}", yellow=True
        )


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


def _open(browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def desktop(browser):
    context, page = _open(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context, page = _open(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def site(live_server):
    """The live server's address, with the Kazakhstan seed case loaded."""
    call_command("load_seeds", stdout=StringIO())
    return live_server.url


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
