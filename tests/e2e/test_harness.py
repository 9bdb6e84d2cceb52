"""The harness itself: a browser error must not go unnoticed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Browsing

pytestmark = pytest.mark.e2e


def test_console_and_page_errors_are_recorded(browsing: Browsing) -> None:
    page = browsing.open()
    page.goto("/login")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    assert browsing.problems == []

    page.evaluate("console.error('planted console error')")
    page.evaluate("setTimeout(() => { throw new Error('planted page error'); })")

    def recorded(text: str) -> bool:
        return any(text in problem for problem in browsing.problems)

    for _ in range(40):  # events arrive asynchronously; give them up to 2 s
        if recorded("planted console error") and recorded("planted page error"):
            break
        page.wait_for_timeout(50)
    assert recorded("planted console error")
    assert recorded("planted page error")
    # Planted on purpose: cleared so this test's teardown passes.
    browsing.problems.clear()
