"""The signed-in shell in a real browser: log in, role navigation, sign up, errors, phones.

Each journey saves a screenshot under test-results/screenshots/.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_BY_ROLE, PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e

LogIn = Callable[[Page, str], None]

# What each role should find, written out here rather than read from the app.
NAVIGATION = {
    "SHOPPER": ["Feed", "Explore", "Post", "Saved"],
    "INFLUENCER": ["Earnings", "Campaigns", "Links"],
    "DESIGNER": ["Trends", "Test drops", "Suppliers"],
    "BRAND": ["Products", "Campaigns", "Reports", "Suppliers"],
    "ADMIN": [
        "Feed",
        "Explore",
        "Post",
        "Saved",
        "Earnings",
        "Campaigns",
        "Links",
        "Trends",
        "Test drops",
        "Products",
        "Campaigns",
        "Reports",
        "Suppliers",
        "Orders",
        "Payments",
        "Grade",
        "Users",
        "Moderation",
        "Money",
    ],
}
HOME = {
    "SHOPPER": ("/feed", "Your feed"),
    "INFLUENCER": ("/earnings", "Earnings"),
    "DESIGNER": ("/trends", "Trending elements"),
    "BRAND": ("/products", "Products"),
    "ADMIN": ("/admin/users", "Users"),
}
ROLE_LABEL = {
    "SHOPPER": "Shopper",
    "INFLUENCER": "Influencer",
    "DESIGNER": "Designer",
    "BRAND": "Brand",
    "ADMIN": "Admin",
}
GENERIC_LOGIN_ERROR = "Email or password is incorrect."


def _nav_labels(page: Page) -> list[str]:
    nav = page.get_by_role("navigation", name="Main")
    return [text.strip() for text in nav.get_by_role("link").all_inner_texts()]


def _unique_email() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}@example.com"


def test_visitor_is_sent_to_log_in(page: Page, screenshot: Screenshot) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    screenshot(page)


def test_deep_link_returns_after_log_in(page: Page, login: LogIn) -> None:
    page.goto("/links")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Flinks$"))
    login(page, DEMO_BY_ROLE["INFLUENCER"].email)
    expect(page).to_have_url(re.compile(r"/links$"))
    expect(page.get_by_role("heading", name="Shoppable links", level=1)).to_be_visible()


@pytest.mark.parametrize("role", list(NAVIGATION))
def test_each_role_sees_its_navigation_and_name(
    role: str, page: Page, login: LogIn, screenshot: Screenshot
) -> None:
    account = DEMO_BY_ROLE[role]
    page.goto("/")
    login(page, account.email)

    path, heading = HOME[role]
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    assert _nav_labels(page) == [*NAVIGATION[role], "Profile"]
    banner = page.get_by_role("banner")
    expect(banner.get_by_text(account.display_name, exact=True)).to_be_visible()
    expect(banner.get_by_text(ROLE_LABEL[role], exact=True)).to_be_visible()
    if role == "ADMIN":
        # The admin's home lists the accounts, demo ones included (the demo world has many
        # shoppers, so the list is narrowed to admins to find the demo admin on page one).
        page.get_by_label("Show").select_option(label="Admins")
        table = page.get_by_role("table")
        expect(table.get_by_text(account.email, exact=True)).to_be_visible()
    screenshot(page)


def test_a_role_cannot_open_another_roles_page(browsing: Browsing) -> None:
    page = browsing.open(role="SHOPPER")
    page.goto("/reports")
    expect(page.get_by_role("heading", name="Not available for your account")).to_be_visible()
    expect(page.get_by_role("heading", name="Attribution reports")).to_have_count(0)


def test_new_person_signs_up_and_lands_on_the_shopper_home(
    page: Page, screenshot: Screenshot
) -> None:
    page.goto("/login")
    page.get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(re.compile(r"/signup$"))
    page.get_by_label("Display name").fill("Noor Haddad")
    page.get_by_label("Email").fill(_unique_email())
    page.get_by_label("Password", exact=True).fill("a-long-enough-password")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/feed$"))
    expect(page.get_by_role("heading", name="Your feed", level=1)).to_be_visible()
    banner = page.get_by_role("banner")
    expect(banner.get_by_text("Noor Haddad", exact=True)).to_be_visible()
    expect(banner.get_by_text("Shopper", exact=True)).to_be_visible()
    assert _nav_labels(page) == [*NAVIGATION["SHOPPER"], "Profile"]
    screenshot(page)

    # The session outlives a reload: the token is kept.
    page.reload()
    expect(page.get_by_role("banner").get_by_text("Noor Haddad", exact=True)).to_be_visible()


def test_sign_up_errors_show_beside_their_fields(page: Page, screenshot: Screenshot) -> None:
    page.goto("/signup")
    page.get_by_label("Display name").fill("Short Pass")
    page.get_by_label("Email").fill(DEMO_BY_ROLE["SHOPPER"].email)
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Create account").click()

    password = page.get_by_label("Password", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile(r"at least 8 characters"))
    expect(password).to_be_focused()
    expect(page).to_have_url(re.compile(r"/signup$"))
    screenshot(page, "short-password")

    password.fill("a-long-enough-password")
    page.get_by_role("button", name="Create account").click()
    email = page.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile(r"already exists"))
    expect(password).not_to_have_attribute("aria-invalid", "true")
    screenshot(page, "duplicate-email")


def test_wrong_password_shows_the_generic_error(page: Page, screenshot: Screenshot) -> None:
    page.goto("/login")
    # By keyboard alone: type, Tab to the next field, Enter to submit.
    page.get_by_label("Email").focus()
    page.keyboard.type(DEMO_BY_ROLE["DESIGNER"].email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_have_text(GENERIC_LOGIN_ERROR)
    expect(page).to_have_url(re.compile(r"/login$"))
    screenshot(page)

    # An unknown email gets the very same words: the page does not reveal who has an account.
    page.get_by_label("Email").fill(_unique_email())
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text(GENERIC_LOGIN_ERROR)


def test_profile_changes_are_saved_and_shown_as_text(page: Page, screenshot: Screenshot) -> None:
    page.goto("/signup")
    page.get_by_label("Display name").fill("Profile Tester")
    page.get_by_label("Email").fill(_unique_email())
    page.get_by_label("Password", exact=True).fill("a-long-enough-password")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/feed$"))

    page.get_by_role("banner").get_by_role("link", name=re.compile("Profile Tester")).click()
    expect(page).to_have_url(re.compile(r"/profile$"))
    page.get_by_label("Display name").fill("Sam <b>Bold</b>")
    page.get_by_label("Bio").fill("Linen & denim. <script>alert(1)</script>")
    page.get_by_label("Home market").select_option("DE")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").filter(has_text="Profile saved.")).to_be_visible()

    banner = page.get_by_role("banner")
    expect(banner.get_by_text("Sam <b>Bold</b>", exact=True)).to_be_visible()
    expect(page.locator("b", has_text="Bold")).to_have_count(0)
    screenshot(page)

    page.reload()
    expect(page.get_by_label("Display name")).to_have_value("Sam <b>Bold</b>")
    expect(page.get_by_label("Bio")).to_have_value("Linen & denim. <script>alert(1)</script>")
    expect(page.get_by_label("Home market")).to_have_value("DE")
    expect(page.get_by_role("region", name="Account").get_by_text("Germany")).to_be_visible()


def test_phone_width_navigation_is_usable(browsing: Browsing, screenshot: Screenshot) -> None:
    page = browsing.open(role="INFLUENCER", viewport=PHONE)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/earnings$"))
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")

    # Nothing spills sideways, the name is in the top bar and the drawer starts closed.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_role("banner").get_by_text("Lena Style", exact=True)).to_be_visible()
    expect(nav).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    screenshot(page, "closed")

    menu.click()
    expect(nav).to_be_visible()
    expect(nav).to_be_in_viewport(ratio=1)
    expect(page.get_by_role("button", name="Close menu")).to_have_attribute("aria-expanded", "true")
    screenshot(page, "open")

    # Escape closes it and hands focus back to the button.
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()

    menu.click()
    nav.get_by_role("link", name="Links").click()
    expect(page).to_have_url(re.compile(r"/links$"))
    expect(nav).to_be_hidden()
    expect(page.get_by_role("heading", name="Shoppable links", level=1)).to_be_visible()

    # Logging out from the drawer ends the session.
    menu.click()
    nav.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/earnings")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fearnings$"))


def test_admin_changes_a_role(browsing: Browsing, live_server: str, screenshot: Screenshot) -> None:
    # A new account: the newest comes first, on page one, whatever the demo world holds.
    name = f"Role Tester {uuid.uuid4().hex[:6]}"
    signed_up = httpx.post(
        f"{live_server}/graphql",
        json={
            "query": "mutation($i: SignUpInput!) { signUp(input: $i) { errors { message } } }",
            "variables": {
                "i": {"email": _unique_email(), "password": "a-long-password", "displayName": name}
            },
        },
        timeout=20,
    )
    assert signed_up.json()["data"]["signUp"]["errors"] == []
    page = browsing.open(role="ADMIN")
    page.goto("/admin/users")
    role = page.get_by_label(f"Role of {name}")
    expect(role).to_have_value("SHOPPER")
    # An admin cannot demote themself by accident.
    page.get_by_label("Show").select_option("ADMIN")
    expect(page.get_by_label("Role of Ada Okafor")).to_be_disabled()
    page.get_by_label("Show").select_option("")
    role = page.get_by_label(f"Role of {name}")
    with page.expect_response(
        lambda r: r.url.endswith("/graphql") and "SetUserRole" in (r.request.post_data or "")
    ) as saved:
        role.select_option("DESIGNER")
    assert saved.value.ok

    page.reload()
    expect(page.get_by_label(f"Role of {name}")).to_have_value("DESIGNER")
    page.get_by_label("Show").select_option("DESIGNER")
    table = page.get_by_role("table")
    expect(table.get_by_text(name, exact=True)).to_be_visible()
    expect(table.get_by_text(DEMO_BY_ROLE["SHOPPER"].display_name, exact=True)).to_have_count(0)
    screenshot(page)


def _log_in_on_a_phone(page: Page, email: str, password: str) -> None:
    """The login form at phone width, where the navigation sits behind the menu button."""
    if "/login" not in page.url:
        page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Menu")).to_be_visible()


def test_a_password_change_logs_out_the_other_browser(
    browsing: Browsing, screenshot: Screenshot
) -> None:
    email, first, second = _unique_email(), "a-long-enough-password", "an-even-longer-passphrase"
    phone = browsing.open(viewport=PHONE)
    phone.goto("/signup")
    phone.get_by_label("Display name").fill("Lena Park")
    phone.get_by_label("Email").fill(email)
    phone.get_by_label("Password", exact=True).fill(first)
    phone.get_by_role("button", name="Create account").click()
    expect(phone).to_have_url(re.compile(r"/feed$"))
    # The same person, signed in on a second browser.
    laptop = browsing.open(viewport=PHONE)
    _log_in_on_a_phone(laptop, email, first)

    phone.goto("/profile")
    form = phone.get_by_role("form", name="Change password")
    current = form.get_by_label("Current password", exact=True)
    current.fill("not-my-password")
    form.get_by_label("New password", exact=True).fill(second)
    form.get_by_role("button", name="Change password").click()
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(current).to_have_accessible_description("The current password is incorrect.")
    expect(current).to_be_focused()
    screenshot(phone, "wrong-current-password")

    current.fill(first)
    form.get_by_role("button", name="Change password").click()
    expect(
        form.get_by_text("Password changed. Your other sessions were logged out.")
    ).to_be_visible()
    expect(current).to_have_value("")
    screenshot(phone, "changed")
    # This browser keeps its session, on the new token, across a reload.
    phone.reload()
    expect(phone.get_by_role("heading", name="Your profile", level=1)).to_be_visible()

    # The other browser is logged out on its next request, and told why.
    laptop.reload()
    expect(laptop).to_have_url(re.compile(r"/login"))
    expect(laptop.get_by_role("status")).to_have_text("You were logged out; log in again.")
    screenshot(laptop, "other-browser")
    laptop.get_by_label("Email").fill(email)
    laptop.get_by_label("Password", exact=True).fill(first)
    laptop.get_by_role("button", name="Log in").click()
    expect(laptop.get_by_role("alert")).to_have_text(GENERIC_LOGIN_ERROR)
    _log_in_on_a_phone(laptop, email, second)

    # Logging out everywhere from there ends both sessions.
    laptop.goto("/profile")
    laptop.get_by_role("button", name="Log out everywhere").click()
    expect(laptop).to_have_url(re.compile(r"/login$"))
    expect(laptop.get_by_role("status")).to_have_text(
        "You logged out everywhere. Log in again to continue."
    )
    phone.reload()
    expect(phone).to_have_url(re.compile(r"/login"))
    expect(phone.get_by_role("status")).to_have_text("You were logged out; log in again.")
    screenshot(phone, "logged-out-everywhere")
