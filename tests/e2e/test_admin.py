"""The admin's journey through money and moderation: decide posts of the moderation queue (a
reported one, one that three fresh sign-ups reported, still up and shown with their reports'
weights against the hiding threshold, and a likely repost shown beside its original), release a
held self-purchase
(it leaves the review queue and shows among the decided ones), take money back from an
influencer, run payouts (told the minimum when nothing is due); and the notification bell of
other roles (the second demo brand's spent budget, the demo influencer's sent-back posts
opening their post page, a phone's panel, marking all read)."""

from __future__ import annotations

import io
import random
import re
import uuid
from collections.abc import Callable

import httpx
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Locator, Page, expect

from demo.seed import DEMO_ACCOUNTS
from tests.e2e.api import CREATE_POST, POST_STATUS, Api, wait_until
from tests.e2e.conftest import DEMO_BY_ROLE, PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e

LogIn = Callable[[Page, str], None]

# The demo brand whose campaign's budget the seed spends (it is told so).
SPENT_BRAND = next(a for a in DEMO_ACCOUNTS if a.email == "brand.lumen@demo.trendloop.dev")


def _unique_photo(seed: str) -> bytes:
    """A JPEG of blocks laid out from `seed`: unlike the journeys' shared outfit drawing, no
    other post's photo comes close to it, so its only likely original is the one posted here."""
    rng = random.Random(seed)
    image = Image.new("RGB", (800, 1000), (240, 236, 228))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randrange(0, 700), rng.randrange(0, 900)
        w, h = rng.randrange(60, 300), rng.randrange(60, 300)
        shade = rng.randrange(0, 200)
        draw.rectangle([x, y, x + w, y + h], fill=(shade, rng.randrange(0, 255), 255 - shade))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _publish(author: Api, caption: str, photo: bytes) -> str:
    data = author.upload(
        CREATE_POST, {"input": {"images": [None], "caption": caption}}, {"input.images.0": photo}
    )
    payload = data["createPost"]
    assert payload["errors"] == [], payload
    post_id = str(payload["post"]["id"])
    wait_until(
        lambda: author.query(POST_STATUS, {"id": post_id})["post"]["status"] == "PUBLISHED",
        timeout=60,
        what=f"post {post_id} to be published",
    )
    return post_id


def _repost(live_server: str, tag: str) -> None:
    """The demo shopper posts a photo, then the demo influencer posts the same photo: the
    second is queued for review as a likely repost of the first."""
    photo = _unique_photo(tag)
    shopper = Api(live_server, "SHOPPER")
    influencer = Api(live_server, "INFLUENCER")
    try:
        _publish(shopper, f"Original look {tag}", photo)
        _publish(influencer, f"Copied look {tag}", photo)
    finally:
        shopper.close()
        influencer.close()


SIGN_UP = """mutation($input: SignUpInput!) {
  signUp(input: $input) { token errors { field code message } }
}"""
REPORT = """mutation($id: ID!) {
  reportPost(id: $id, reason: SPAM) { reported errors { code } }
}"""


def _brigade(live_server: str, tag: str) -> None:
    """The demo influencer posts; three accounts signed up a moment ago report it as spam."""
    influencer = Api(live_server, "INFLUENCER")
    try:
        post_id = _publish(influencer, f"Brigaded look {tag}", _unique_photo(f"brigade-{tag}"))
    finally:
        influencer.close()
    with httpx.Client(base_url=live_server, timeout=20) as http:
        for n in range(3):
            signed = http.post(
                "/graphql",
                json={
                    "query": SIGN_UP,
                    "variables": {
                        "input": {
                            "email": f"brigade-{tag}-{n}@example.com",
                            "password": f"Quartz-{uuid.uuid4().hex}",
                            "displayName": f"Brigade {tag} {n}",
                        }
                    },
                },
            ).json()["data"]["signUp"]
            assert signed["errors"] == [], signed
            reported = http.post(
                "/graphql",
                json={"query": REPORT, "variables": {"id": post_id}},
                headers={"Authorization": f"Bearer {signed['token']}"},
            ).json()["data"]["reportPost"]
            assert reported == {"reported": True, "errors": []}, reported


def _expect_photos_shown(card: Locator, count: int) -> None:
    """The card's photos are there and decoded (not a broken image)."""
    photos = card.locator("img")
    expect(photos).to_have_count(count)
    for index in range(count):
        photo = photos.nth(index)
        # Card photos load lazily, as they come into view: an admin scrolls to them.
        photo.scroll_into_view_if_needed()
        expect(photo).to_have_js_property("complete", True)
        assert photo.evaluate("img => img.naturalWidth") > 0


def test_admin_moderates_a_post_and_sees_a_repost_beside_its_original(
    browsing: Browsing, live_server: str, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6]
    _repost(live_server, tag)
    _brigade(live_server, tag)
    shopper = DEMO_BY_ROLE["SHOPPER"].display_name
    influencer = DEMO_BY_ROLE["INFLUENCER"].display_name

    page = browsing.open(role="ADMIN")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Moderation").click()
    expect(page).to_have_url(re.compile(r"/admin/moderation$"))
    expect(page.get_by_role("heading", name="Moderation", level=1)).to_be_visible()
    queue = page.get_by_role("list", name="Posts waiting for a decision")
    done = page.get_by_role("region", name="Moderation queue").get_by_role("status")

    # The likely repost, with the original it resembles beside it.
    repost = queue.get_by_role("article").filter(has_text=f"Copied look {tag}")
    expect(repost.get_by_text("Likely repost", exact=True)).to_be_visible()
    expect(repost.get_by_text("Likely original", exact=True)).to_be_visible()
    expect(repost.get_by_text(re.compile(f"^By {re.escape(shopper)}, "))).to_be_visible()
    expect(repost.get_by_text(re.compile(r"Identical photo|Near-identical photo"))).to_be_visible()
    _expect_photos_shown(repost, 2)

    # The post three fresh sign-ups reported: still up, each report weighing next to nothing,
    # the total far from what hides a post.
    brigaded = queue.get_by_role("article").filter(has_text=f"Brigaded look {tag}")
    expect(brigaded.get_by_text("Reported", exact=True)).to_be_visible()
    expect(brigaded.get_by_text("3 open reports", exact=True)).to_be_visible()
    expect(brigaded.get_by_text(re.compile(r"· Published$"))).to_be_visible()
    weights = brigaded.get_by_role("region", name="Reports by weight")
    expect(weights.get_by_role("meter")).to_have_attribute("value", "0")
    expect(weights.get_by_text("0.00 of 2.00 report weight needed to hide")).to_be_visible()
    expect(
        weights.get_by_text("Reporters with standing: 0 of 3 · Networks: 0 of 3")
    ).to_be_visible()
    expect(weights.get_by_text("Not enough to hide it: it stays up until decided.")).to_be_visible()
    rows = weights.get_by_role("table", name="Open reports").locator("tbody tr")
    expect(rows).to_have_count(3)
    for index in range(3):
        row = rows.nth(index)
        expect(row).to_contain_text(re.compile(rf"^Brigade {tag} \d"))
        expect(row.get_by_role("cell").nth(1)).to_have_text("Spam")
        expect(row.get_by_role("cell").nth(2)).to_contain_text("0.00")
        expect(row.get_by_role("cell").nth(2)).to_contain_text("No standing")
        expect(row.get_by_role("cell").nth(3)).to_have_text("127.0.0.0/24")

    # The seeded spam post the demo shoppers reported, its reports' details and weights listed;
    # its photo (served to admins only when hidden, with their token) shows.
    reported = queue.get_by_role("article").filter(has_text="Spam: the same deal over and over.")
    reported = reported.first
    expect(reported.get_by_text("Reported", exact=True)).to_be_visible()
    expect(reported.get_by_role("table", name="Open reports").locator("tbody tr")).to_have_count(3)
    _expect_photos_shown(reported, 1)
    expect(reported.get_by_text("Photo unavailable")).to_have_count(0)
    author = reported.get_by_role("heading", level=2).inner_text()
    brigaded.scroll_into_view_if_needed()
    screenshot(page, "queue")

    reported.get_by_label("Note (optional)").fill("Discount bait, reported three times.")
    reported.get_by_role("button", name="Remove").click()
    expect(done).to_have_text(f"Removed: the post by {author}.")
    expect(queue.get_by_role("heading", name=author, exact=True)).to_have_count(0)

    # Approving the brigaded post rejects its reports, and the queue lets it go.
    brigaded.get_by_role("button", name="Approve").click()
    expect(done).to_have_text(f"Approved: the post by {influencer}.")
    expect(brigaded).to_have_count(0)

    # Approving the repost (the admin decides it is the same person's) clears it too.
    repost.get_by_role("button", name="Approve").click()
    expect(done).to_have_text(f"Approved: the post by {influencer}.")
    expect(repost).to_have_count(0)
    screenshot(page, "decided")


def test_admin_releases_a_hold_takes_money_back_and_runs_payouts(
    browsing: Browsing, screenshot: Screenshot
) -> None:
    influencer = DEMO_BY_ROLE["INFLUENCER"]
    page = browsing.open(role="ADMIN")
    page.goto("/admin/moderation")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Money").click()
    expect(page).to_have_url(re.compile(r"/admin/money$"))
    expect(page.get_by_role("heading", name="Money", level=1)).to_be_visible()

    # The demo has self-purchases on hold, and the review queue lists only undecided ones:
    # release one, after confirming.
    held = page.get_by_role("region", name=re.compile("^Held commissions"))
    queue = held.get_by_role("table", name="Held commissions awaiting review")
    waiting = queue.get_by_role("row").filter(has_text="Awaiting review").first
    expect(waiting).to_contain_text("Self-purchase")
    # Each hold says how long it has waited, and the longest-waiting comes first.
    ages = [
        int(m.group(1)) if (m := re.search(r"Held (\d+) day", text)) else 0
        for text in queue.get_by_test_id("held-age").all_inner_texts()
    ]
    assert ages and ages == sorted(ages, reverse=True), ages
    # Named by the commission itself.
    who = waiting.get_by_role("cell").first.locator("span").first.inner_text()
    assert who and not who.startswith("Account "), who
    order = waiting.get_by_text(re.compile(r"^Order ")).inner_text()
    waiting.get_by_role("button", name=re.compile(r"^Release ")).click()
    confirm = held.get_by_role("group", name=f"Confirm for {who}")
    expect(confirm).to_contain_text(f"to {who}?")
    confirm.get_by_role("button", name="Yes, release").click()
    expect(held.get_by_role("status")).to_contain_text(f"to {who}'s pending earnings.")
    # (The demo may have had only this one: then the queue says nothing waits.)
    expect(held.get_by_role("row").filter(has_text=order)).to_have_count(0)
    screenshot(page, "released")

    # It is listed again, with where it stands, among the decided ones.
    held.get_by_role("checkbox", name="Show decided").check()
    everything = held.get_by_role("table", name="Held commissions", exact=True)
    released = everything.get_by_role("row").filter(has_text=order)
    expect(released).to_contain_text("Released")
    expect(released.get_by_role("button")).to_have_count(0)
    held.get_by_role("checkbox", name="Show decided").uncheck()
    expect(held.get_by_role("row").filter(has_text=order)).to_have_count(0)

    # Take money back: a bad amount is refused beside its field, then the adjustment posts.
    form = page.get_by_role("form", name="Adjustment")
    form.get_by_label("Influencer").select_option(
        label=f"{influencer.display_name} ({influencer.email})"
    )
    amount = form.get_by_label("Amount to take back")
    amount.fill("five")
    form.get_by_role("button", name="Post adjustment").click()
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_have_accessible_description(re.compile("amount to take back"))
    expect(amount).to_be_focused()
    amount.fill("5.00")
    form.get_by_label("Reason").select_option(label="Tracking error")
    form.get_by_label("Note (optional)").fill("Order counted twice by the shop's tracking.")
    form.get_by_role("button", name="Post adjustment").click()
    expect(form.get_by_role("status")).to_have_text(
        f"Posted -$5.00 (tracking error) for {influencer.display_name}: "
        "it comes off their next payout."
    )
    expect(amount).to_have_value("")
    screenshot(page, "adjusted")

    # Run payouts: whatever the first run pays, a second finds nothing left to pay.
    payouts = page.get_by_role("region", name="Payouts")
    for _ in range(2):
        payouts.get_by_role("button", name="Run payouts").click()
        payouts.get_by_role("group", name="Confirm the payout run").get_by_role(
            "button", name="Yes, pay now"
        ).click()
        result = payouts.get_by_role("status", name="Payout run result")
        expect(result).to_contain_text(re.compile(r"^(Paid |Nothing was paid)"))
    expect(result).to_contain_text("Nothing was paid.")
    # The default minimum, in the demo's currency.
    expect(result).to_contain_text("reach the payout minimum of $50.00 yet.")
    screenshot(page, "payouts")


def test_notification_bell_for_a_brand_and_an_influencer(
    browsing: Browsing, login: LogIn, screenshot: Screenshot
) -> None:
    # The second demo brand was told its campaign's budget is spent.
    page = browsing.open()
    page.goto("/login")
    login(page, SPENT_BRAND.email)
    bell = page.get_by_role("banner").get_by_role("button", name=re.compile("^Notifications"))
    expect(bell).to_have_accessible_name("Notifications, 1 unread")
    bell.click()
    panel = page.get_by_role("region", name="Notifications")
    notice = panel.get_by_role("button").filter(has_text="Campaign budget spent")
    expect(notice).to_contain_text("is spent: commissions have stopped accruing")
    screenshot(page, "brand")
    # Opening it marks it read and goes to the campaign.
    notice.click()
    expect(page).to_have_url(re.compile(r"/brand/campaigns/cmp_[a-z0-9]+$"))
    expect(panel).to_be_hidden()
    expect(bell).to_have_accessible_name("Notifications")

    # The demo influencer's posts were sent back with reasons; on a phone the panel fits.
    phone = browsing.open(role="INFLUENCER", viewport=PHONE)
    phone.goto("/earnings")
    bell = phone.get_by_role("banner").get_by_role("button", name=re.compile("^Notifications"))
    expect(bell).to_have_accessible_name(re.compile(r"^Notifications, \d+\+? unread$"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    bell.click()
    panel = phone.get_by_role("region", name="Notifications")
    expect(panel).to_be_in_viewport(ratio=0.9)
    sent_back = panel.get_by_role("button").filter(has_text="Post sent back").first
    expect(sent_back).to_contain_text("needs changes:")
    screenshot(phone, "influencer-phone")
    phone.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(bell).to_be_focused()

    # A sent-back notice opens the post it is about, with the brand's reason.
    bell.click()
    sent_back.click()
    expect(phone).to_have_url(re.compile(r"/feed/posts/post_[A-Za-z0-9]+$"))
    expect(phone.get_by_role("region", name="Campaign review")).to_be_visible()

    # One click reads the rest.
    bell.click()
    panel.get_by_role("button", name="Mark all read").click()
    expect(bell).to_have_accessible_name("Notifications")
    expect(panel.get_by_role("button", name="Mark all read")).to_have_count(0)
    expect(panel.get_by_text("(unread)")).to_have_count(0)
