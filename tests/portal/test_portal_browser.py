"""The attendee portal in a real headless Chromium (Debian's /usr/bin/chromium driven by
Playwright; no browser is downloaded): look up a card, top up through the Stripe stand-in
and its signed webhook until the balance shows the credit, file a refund with a bad then a
good IBAN, try a second refund. Phone-sized viewport; screenshots go to docs/portal/
when PORTAL_SCREENSHOTS=1."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sql.contract import balance, card

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "portal"
PHONE = {"width": 390, "height": 844}

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def new_page(portal) -> Iterator:
    """new_page(locale): a phone-sized page, JavaScript off, in a browser of that language."""
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
        try:
            yield lambda locale: browser.new_context(viewport=PHONE, locale=locale, java_script_enabled=False,
                                                     device_scale_factor=1).new_page()
        finally:
            browser.close()


@pytest.fixture
def page(new_page):
    return new_page("en-GB")


def shot(page, name: str) -> None:
    """A full-page screenshot: into docs/portal/ when PORTAL_SCREENSHOTS=1, else taken and dropped."""
    data = page.screenshot(full_page=True)
    assert data.startswith(b"\x89PNG")
    if os.environ.get("PORTAL_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{name}.png").write_bytes(data)


def test_look_up_top_up_and_get_the_money_back_in_a_browser_without_javascript(portal, page, db):
    page.goto(portal.url + "/")
    shot(page, "1-lookup")
    page.fill("#code", "DEMO-042")
    page.click("button[type=submit]")
    assert page.inner_text("#balance") == "€20.00"
    shot(page, "2-card")

    # top up: the stand-in's Checkout page, "Pay", the signed webhook, back to the card
    page.check("input[name=amount][value='20.00']")
    page.click("text=Pay with card")
    assert page.url.startswith(portal.standin.base_url + "/pay/cs_test_")
    assert page.inner_text("#amount") == "20.00 EUR"
    page.click("button[value=pay]")
    assert page.url == portal.url + "/card?topup=done"
    assert page.inner_text("#topup-status") == "€20.00 has been added to your card."
    assert page.inner_text("#balance") == "€40.00"
    shot(page, "3-topped-up")
    assert balance(db, card(42)) == 4000

    # refund: a bad IBAN is refused on the form, a good one is confirmed and filed
    page.click("text=Request a refund")
    page.fill("#name", "Grace Hopper")
    page.fill("#iban", "DE89 3704 0044 0532 0130 99")
    page.get_by_role("button", name="Continue").click()
    assert page.inner_text("#iban-error") == "This IBAN is not valid. Please check it."
    shot(page, "4-refund-bad-iban")
    page.fill("#iban", "DE89 3704 0044 0532 0130 00")
    page.get_by_role("button", name="Continue").click()
    assert "DE89 3704 0044 0532 0130 00" in page.inner_text("main")
    shot(page, "5-refund-confirm")
    page.get_by_role("button", name="Confirm").click()
    assert "Your refund request is filed" in page.inner_text("#refund-done")
    # a second request (the card page no longer offers one; the form is still reachable)
    page.goto(portal.url + "/refund")
    page.fill("#name", "Someone Else")
    page.fill("#iban", "FR14 2004 1010 0505 0001 3M02 606")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Confirm").click()
    assert page.inner_text("main").startswith("A refund request for this card is already filed.")
    page.goto(portal.url + "/card")
    assert "Refund requested on" in page.inner_text("#payout-status")
    assert page.locator("text=Pay with card").count() == 0
    shot(page, "6-refund-filed")
    assert db.execute("SELECT count(*) FROM payout_requests").fetchone() == (1,)
    assert db.execute("SELECT status FROM cards WHERE card_uid = %s", (card(42),)).fetchone() == ("blocked",)


def test_the_portal_in_german_on_a_phone(portal, new_page):
    page = new_page("de-DE")
    page.goto(portal.url + "/")
    assert page.inner_text("label[for=code]") == "Kartencode"
    page.fill("#code", "DEMO-043")
    page.click("button[type=submit]")
    assert page.inner_text("#balance") == "20,00\u00a0€"
    # nothing wider than the phone's screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "7-card-de")
    page.click("text=FR")
    assert page.inner_text("h2 >> nth=0") == "Recharger"
