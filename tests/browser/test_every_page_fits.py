"""Every public page, and the API's browsable pages, on a phone (390 px) and a laptop
(1280 px): no page is wider than the screen, no table cell breaks a word, and no select
cuts its chosen label. Each page is saved as a screenshot (walk-<page>-<width>.png)."""

import pytest

from claims.models import Claim
from figures.models import Quantity
from sources.models import Source
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Words a table cell splits across lines (the letters of one word on two lines). Words
# longer than LONGEST (addresses, hashes) may break: no cell could hold them whole.
BROKEN_WORDS = """(longest) => {
  const broken = [];
  for (const cell of document.querySelectorAll("td, th")) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      for (const match of text.matchAll(/[^\\s\\-\\u2010-\\u2015/]+/gu)) {
        if (match[0].length < 2 || match[0].length > longest) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0)
          .map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

# Selects whose chosen option's label is wider than the box shows (arrow excluded).
CUT_SELECTS = """() => {
  const cut = [];
  const probe = document.createElement("span");
  probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre;";
  document.body.appendChild(probe);
  for (const select of document.querySelectorAll("select:not([multiple])")) {
    if (!select.getClientRects().length || select.selectedIndex < 0) continue;
    const style = getComputedStyle(select);
    probe.style.font = style.font;
    probe.style.letterSpacing = style.letterSpacing;
    probe.textContent = select.options[select.selectedIndex].text;
    const room = select.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight) - 18;
    if (probe.getBoundingClientRect().width > room) cut.push(probe.textContent);
  }
  probe.remove();
  return cut;
}"""
LONGEST = 24


def public_pages() -> dict[str, str]:
    claim = Claim.objects.published().select_related("claimant", "event").first()
    source = Source.objects.filter(evidence__claim__status="published").first()
    pages = {
        "overview": "/",
        "claims": "/claims/",
        "claims-filtered": "/claims/?verdict=unsubstantiated&sort=oldest",
        "claim": claim.get_absolute_url(),
        "claimant": claim.claimant.get_absolute_url(),
        "event": claim.event.get_absolute_url(),
        "source": source.get_absolute_url(),
        "methodology": "/methodology/",
        "corrections": "/corrections/",
        "tip": "/tips/new/",
        "embed": f"/embed/claims/{claim.pk}/",
        # Russian and Kazakh labels run longer than English ones.
        "ru-claims": "/ru/claims/?verdict=unsubstantiated",
        "ru-methodology": "/ru/methodology/",
        "kk-claim": f"/kk{claim.get_absolute_url()}",
        "kk-claims": "/kk/claims/",
        "api-root": "/api/v1/",
        "api-claims": "/api/v1/claims/",
    }
    if source.outlet_id:
        pages["outlet"] = source.outlet.get_absolute_url()
    quantity = Quantity.objects.first()
    if quantity is not None:
        pages["figure"] = quantity.get_absolute_url()
    return pages


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_public_page_fits_the_screen_whole(browser, site, screenshot, screen):
    context = browser.new_context(viewport=screen)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = []
    try:
        for name, path in public_pages().items():
            response = page.goto(site + path)
            assert response.status == 200, f"{path}: {response.status}"
            screenshot(page, f"walk-{name}-{screen['width']}")
            # As the reader first sees it, then with every folded part opened.
            for state in ("", " (opened)"):
                if state:
                    page.evaluate(
                        "document.querySelectorAll('details').forEach(d => d.open = true)"
                    )
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > screen["width"]:
                    problems.append(f"{path}{state} is {width} px wide on {screen['width']} px")
                for word in page.evaluate(BROKEN_WORDS, LONGEST):
                    problems.append(f"{path}{state}: a table cell breaks the word {word!r}")
                for label in page.evaluate(CUT_SELECTS):
                    problems.append(f"{path}{state}: a select cuts its label {label!r}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
