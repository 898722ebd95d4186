"""The desk in a real Chromium: a fact-checker mentions an editor on a claim (with the
mention autocomplete); the editor sees the notification in the admin and gets an email
at a local SMTP server; the editor replies and the fact-checker is told; the
fact-checker's overdue claim shows in My work and on the overview's staff part."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from playwright.sync_api import expect

from bench.ports import free_port
from claims.models import Claim
from core.background import run_pending_tasks
from desk import services
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pass-word-123"
# The claim's page is the admin's heaviest; on a busy machine it takes seconds.
expect.set_options(timeout=15_000)


class Inbox:
    """An aiosmtpd handler keeping what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode(errors="replace")))
        return "250 Message accepted"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def sign_in(browser, site, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("My work")
    return context, page


def test_a_mention_a_reply_and_an_overdue_claim(browser, live_server, smtp, screenshot):
    site = live_server.url
    checker = factories.FactCheckerFactory(username="aigerim", email="aigerim@newsroom.test")
    editor = factories.EditorFactory(username="dana", email="dana@newsroom.test")
    claim = factories.ClaimFactory(
        summary="Protesters seized the airport", status=Claim.Status.RESEARCHING
    )
    late = factories.ClaimFactory(
        summary="Internet was cut nationwide",
        status=Claim.Status.RESEARCHING,
        assigned_to=checker,
    )
    services.set_due_date(claim=late, due_on=timezone.localdate() - timedelta(days=2), by=editor)

    # The fact-checker mentions the editor, picking the name from the suggestions.
    checker_context, checker_page = sign_in(browser, site, "aigerim")
    checker_page.goto(f"{site}/admin/claims/claim/{claim.pk}/change/")
    box = checker_page.locator("#id_desk_text")
    box.click()
    box.press_sequentially("Which source says so? @da")
    expect(checker_page.locator(".desk-suggestions li").first).to_contain_text("@dana")
    box.press("Enter")
    expect(box).to_have_value("Which source says so? @dana ")
    checker_page.click("text=Post comment")
    expect(checker_page.locator(".desk-comment").first).to_contain_text("@dana")
    screenshot(checker_page, "desk-comment")

    run_pending_tasks()
    assert [to for to, _ in smtp.messages] == [["dana@newsroom.test"]]
    assert "mentioned you" in smtp.messages[0][1]

    # The editor sees it in the admin and replies.
    editor_context, editor_page = sign_in(browser, site, "dana")
    expect(editor_page.locator(".desk-counter")).to_contain_text("(1)")
    editor_page.click(".desk-counter")
    expect(editor_page.locator(".desk-inbox li.unread")).to_contain_text("aigerim mentioned you")
    editor_page.click(".desk-inbox li.unread a")
    expect(editor_page.locator("#desk")).to_contain_text("Which source says so?")
    editor_page.click(".desk-reply summary")
    editor_page.fill(".desk-reply textarea", "The ministry's statement of 5 January.")
    editor_page.click(".desk-reply button[type=submit]")
    expect(editor_page.locator(".desk-replies")).to_contain_text("The ministry's statement")
    expect(editor_page.locator(".desk-counter")).not_to_contain_text("(")
    editor_context.close()

    # The fact-checker is told of the reply.
    checker_page.goto(f"{site}/admin/desk/notification/")
    expect(checker_page.locator(".desk-inbox li.unread")).to_contain_text("dana replied")
    run_pending_tasks()
    assert ["aigerim@newsroom.test"] in [to for to, _ in smtp.messages]

    # The overdue claim, in My work and on the overview's staff part.
    checker_page.goto(f"{site}/admin/desk/notification/my-work/")
    expect(checker_page.locator("#assigned")).to_contain_text("Internet was cut nationwide")
    expect(checker_page.locator("#assigned .desk-overdue")).to_contain_text("overdue")
    screenshot(checker_page, "desk-my-work")
    checker_page.goto(f"{site}/")
    overdue_panel = checker_page.locator(
        ".work-queue .panel", has=checker_page.locator("h3", has_text="Overdue")
    )
    expect(overdue_panel).to_contain_text("Internet was cut nationwide")
    expect(overdue_panel.locator(".overdue")).to_contain_text("overdue")
    checker_context.close()
