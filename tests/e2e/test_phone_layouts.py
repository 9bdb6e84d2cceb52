"""No page is wider than a phone: every page of every role's navigation, and the pages anyone
can open, at 360 px — the narrowest of the phones shoppers and creators use."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.conftest import DEMO_BY_ROLE, Browsing

pytestmark = pytest.mark.e2e

# The narrowest phone in common use: a page that fits it fits the 390 to 430 px ones too.
PHONE: ViewportSize = {"width": 360, "height": 780}

# Elements wider than the window are listed by tag and class, so a failure says where.
WIDER_THAN_WINDOW = """() => [...document.querySelectorAll('body *')]
  .filter(e => {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    // Inside a scrolling box (a wide table in its panel) is not the page being wide.
    for (let p = e.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return false;
    }
    return box.right > window.innerWidth + 0.5;
  })
  .slice(0, 4).map(e => `${e.tagName.toLowerCase()}.${e.className}`)"""


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    expect(page.locator("[aria-busy='true']")).to_have_count(0, timeout=20_000)


def _fits(page: Page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDER_THAN_WINDOW)
    assert width <= PHONE["width"] and not wide, (
        f"{where} is {width} px wide at {PHONE['width']} px: {wide}"
    )


def _nav_paths(page: Page) -> list[str]:
    paths: list[str] = page.evaluate(
        """() => [...new Set([...document.querySelectorAll('nav a[href^="/"]')]
             .map(a => a.getAttribute('href')))]"""
    )
    return [p for p in paths if p and not p.startswith("/l/")]


@pytest.mark.parametrize("role", sorted(DEMO_BY_ROLE))
def test_every_page_of_a_role_fits_a_phone(browsing: Browsing, role: str) -> None:
    # The navigation as a laptop shows it (on a phone it sits behind the menu button).
    laptop = browsing.open(role=role)
    laptop.goto("/")
    _settled(laptop)
    paths = _nav_paths(laptop)
    assert paths, f"{role}: no navigation found"
    if role == "ADMIN":
        # An admin's navigation holds every role's pages, each checked under its own role;
        # here only the admin's own.
        paths = [path for path in paths if path.startswith("/admin/")]
    page = browsing.open(role=role, viewport=PHONE)
    checked = 0
    for path in dict.fromkeys([*paths, "/profile", "/saved"]):
        page.goto(path)
        _settled(page)
        _fits(page, f"{role} {path}")
        checked += 1
    assert checked >= 2, f"{role}: only {checked} pages found"


@pytest.mark.parametrize("path", ["/login", "/signup"])
def test_pages_for_visitors_fit_a_phone(browsing: Browsing, path: str) -> None:
    page = browsing.open(viewport=PHONE)
    page.goto(path)
    _settled(page)
    _fits(page, path)
