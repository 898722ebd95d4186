"""The newsroom pages in a real Chromium: what a reader sees and does."""

import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests import factories
from tests.browser.conftest import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONFESSION = "A man shown confessing on TV was paid to come from Kyrgyzstan to riot"

# Every element with its own text: its colour, the first opaque background behind it, and
# its size, so contrast can be checked the way WCAG defines it.
TEXT_COLOURS = """() => {
  const rgba = (value) => {
    const parts = value.match(/rgba?\\(([^)]+)\\)/)[1].split(",").map(parseFloat);
    return parts.length > 3 ? parts : [...parts, 1];
  };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0) return colour;
    }
    return [255, 255, 255, 1];
  };
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    const ownText = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = element.getBoundingClientRect();
    if (!ownText || box.width === 0 || element.closest(".visually-hidden, option")) continue;
    const style = getComputedStyle(element);
    found.push({
      text: element.textContent.trim().slice(0, 50),
      colour: rgba(style.color),
      background: background(element),
      size: parseFloat(style.fontSize),
      weight: parseInt(style.fontWeight, 10),
    });
  }
  return found;
}"""


def luminance(rgb) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first, second) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def low_contrast_text(page) -> list[str]:
    failures = []
    for item in page.evaluate(TEXT_COLOURS):
        large = item["size"] >= 24 or (item["weight"] >= 700 and item["size"] >= 18.66)
        ratio = contrast(item["colour"], item["background"])
        if ratio < (3 if large else 4.5):
            failures.append(f"{item['text']!r}: {ratio:.2f}")
    return failures


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_overview_shows_the_charts_and_the_latest_verdicts(desktop, phone, site, screenshot):
    desktop.goto(site + "/")

    expect(desktop).to_have_title("Overview · Newsroom Fact Check")
    verdicts = desktop.get_by_role("figure").filter(has_text="Published claims by verdict")
    expect(verdicts.get_by_role("row", name="Unsubstantiated 4", exact=True)).to_be_visible()
    statuses = desktop.get_by_role("figure").filter(has_text="by evidence status")
    expect(
        statuses.get_by_role("row", name="No independent evidence 4", exact=True)
    ).to_be_visible()
    expect(statuses.get_by_role("row", name=re.compile("^Contradicted"))).to_have_count(0)
    # The seed case was published in one month: said in a sentence, not twelve columns.
    expect(
        desktop.get_by_role("figure").filter(has_text="Claims checked per month")
    ).to_contain_text("none in the other months")
    expect(desktop.locator("section", has_text="Latest verdicts")).to_contain_text(CONFESSION)
    assert low_contrast_text(desktop) == []
    screenshot(desktop, "overview")

    phone.goto(site + "/")
    assert fits_the_screen(phone)
    screenshot(phone, "overview-phone")


def test_filtering_the_claims_list_by_verdict(desktop, phone, site, screenshot):
    desktop.goto(site + "/")
    desktop.get_by_role("navigation", name="Main").get_by_role("link", name="Claims").click()
    expect(desktop.locator(".claim-row")).to_have_count(Claim.objects.published().count())

    # The results come first; the filters are folded behind a toggle.
    expect(desktop.get_by_label("Verdict")).to_be_hidden()
    desktop.get_by_text("Filters", exact=True).click()
    desktop.get_by_label("Verdict").select_option(label="Not checkable")
    desktop.get_by_role("button", name="Show claims").click()

    expect(desktop).to_have_url(re.compile(r"/claims/\?.*\bverdict=not_checkable\b"))
    expect(desktop.locator(".claim-row")).to_have_count(2)
    # The toggle says a filter is in use; opened, the form shows it.
    expect(desktop.locator(".filters-toggle > summary")).to_have_text("Filters (1)")
    desktop.get_by_text("Filters (1)").click()
    expect(desktop.get_by_label("Verdict")).to_have_value("not_checkable")
    assert low_contrast_text(desktop) == []
    screenshot(desktop, "claims-filtered-by-verdict")

    phone.goto(desktop.url)
    expect(phone.locator(".claim-row")).to_have_count(2)
    assert fits_the_screen(phone)
    screenshot(phone, "claims-filtered-by-verdict-phone")


def test_claim_page_puts_the_contradicting_evidence_beside_the_support(
    desktop, phone, site, screenshot
):
    desktop.goto(site + "/claims/?verdict=unsubstantiated")
    desktop.get_by_role("link", name=CONFESSION).click()

    expect(desktop.get_by_role("heading", level=1)).to_have_text(CONFESSION)
    contradicts = desktop.get_by_role("region", name="Contradicts the claim (0)")
    supports = desktop.get_by_role("region", name="Supports the claim (0)")
    expect(contradicts).to_contain_text("Nothing independent of the claimant contradicts")
    # the viewers' identification, and the article relaying it, are unverified: shown, not counted
    set_aside = desktop.get_by_role("region", name="Set aside: does not count (2)")
    expect(set_aside).to_contain_text("Viewers in Kyrgyzstan identify the man")
    expect(set_aside).to_contain_text("Does not count: unknown reliability, not verified.")
    expect(set_aside).to_contain_text("Relies on for this claim:")
    left, right = supports.bounding_box(), contradicts.bounding_box()
    assert right["x"] > left["x"] + left["width"] - 1
    assert abs(right["y"] - left["y"]) < 2
    expect(desktop.locator(".verdict-panel .badge")).to_have_text("Unsubstantiated")
    assert low_contrast_text(desktop) == []
    screenshot(desktop, "claim")

    phone.goto(desktop.url)
    on_phone = phone.get_by_role("region", name="Contradicts the claim (0)")
    above = phone.get_by_role("region", name="Supports the claim (0)").bounding_box()
    assert on_phone.bounding_box()["y"] >= above["y"] + above["height"]
    assert fits_the_screen(phone)
    screenshot(phone, "claim-phone")


def test_embed_card_loads_in_a_frame_where_other_pages_are_refused(desktop, site, screenshot):
    claim = Claim.objects.get(ref="televised-confession")
    partner = (
        f'<h1>A partner site</h1><iframe id="card" title="Fact-check" src="{site}/embed/claims/{claim.pk}/"'
        ' width="420" height="230"></iframe>'
        f'<iframe id="page" title="Claim page" src="{site}{claim.get_absolute_url()}"></iframe>'
    )
    with partner_site(partner) as partner_url:
        desktop.goto(partner_url)
        check_the_framed_card(desktop, claim)
        screenshot(desktop, "embed-framed")

    desktop.goto(f"{site}/embed/claims/{claim.pk}/")
    desktop.set_viewport_size({"width": 420, "height": 230})
    assert fits_the_screen(desktop)
    assert low_contrast_text(desktop) == []
    screenshot(desktop, "embed")


def test_pages_fit_a_phone_screen(phone, site, screenshot):
    claim = Claim.objects.get(ref="twenty-thousand-bandits")
    pages = {
        "methodology-phone": "/methodology/",
        "claimant-phone": claim.claimant.get_absolute_url(),
        "event-phone": claim.event.get_absolute_url(),
    }
    assert phone.viewport_size == PHONE
    for name, path in pages.items():
        phone.goto(site + path)
        assert fits_the_screen(phone), path
        assert low_contrast_text(phone) == [], path
        screenshot(phone, name)


def test_api_docs_and_admin_work_under_the_content_security_policy(desktop, site, role_groups):
    factories.EditorFactory(username="editor")
    refused = []
    desktop.on(
        "console",
        lambda message: refused.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )

    desktop.goto(f"{site}/api/docs/")
    expect(desktop.locator(".opblock").first).to_be_visible()
    desktop.goto(f"{site}/admin/login/")
    desktop.fill("#id_username", "editor")
    desktop.fill("#id_password", "pass-word-123")
    desktop.click("input[type=submit]")
    desktop.goto(f"{site}/admin/claims/claim/")
    expect(desktop.locator("#result_list")).to_be_visible()
    desktop.locator("#action-toggle").check()
    expect(desktop.locator(".action-counter")).to_contain_text("selected")

    assert refused == []


@contextmanager
def partner_site(html):
    """A partner's web site on this machine: its own origin, serving one page."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def check_the_framed_card(desktop, claim):
    card = desktop.frame_locator("#card")
    expect(card.locator(".badge")).to_have_text("Unsubstantiated")
    expect(card.get_by_role("heading", level=1)).to_have_text(CONFESSION)
    expect(card.get_by_role("link", name="Read the evidence and the reasoning")).to_have_attribute(
        "target", "_blank"
    )
    expect(desktop.frame_locator("#page").get_by_role("heading", level=1)).to_have_count(0)
