"""The shopper's journey on a phone: post an outfit with a tagged product, watch it go from
processing to published, find it in the feed, open it and shop the look; on a KOL's campaign
post, see the paid partnership and shop the look through the KOL's own link."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.e2e.api import Api, create_product, outfit_jpeg, publish_post, running_campaign
from tests.e2e.conftest import PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e

CREATE_PRODUCT = """mutation($input: CreateProductInput!) {
  createProduct(input: $input) { product { id title } errors { field code message } } }"""


def _fits_the_phone(page: Page) -> None:
    """Nothing sticks out sideways at 390 px (no horizontal scrolling on a phone)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
    )
    assert width <= PHONE["width"], f"the page is {width} px wide on a 390 px phone: {wide}"


@pytest.fixture
def brand(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "BRAND")
    yield api
    api.close()


@pytest.fixture
def influencer(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "INFLUENCER")
    yield api
    api.close()


def test_shopper_posts_an_outfit_and_finds_it_in_the_feed(
    browsing: Browsing, brand: Api, screenshot: Screenshot
) -> None:
    sku = f"LIN-{uuid.uuid4().hex[:6].upper()}"
    title = f"Striped Linen Shirt {sku[-3:]}"
    brand.mutate(
        CREATE_PRODUCT,
        {
            "input": {
                "sku": sku,
                "title": title,
                "priceMinor": 4900,
                "currency": "USD",
                "productUrl": f"https://shop.northwind.example/p/{sku.lower()}",
                "markets": ["US", "UK"],
            }
        },
        "createProduct",
    )
    caption = f"Linen for Sunday brunch {sku} #ootd #linen"

    page = browsing.open(role="SHOPPER", viewport=PHONE)
    page.goto("/post")
    expect(page.get_by_role("heading", name="Post an outfit", level=1)).to_be_visible()
    photo: FilePayload = {"name": "look.jpg", "mimeType": "image/jpeg", "buffer": outfit_jpeg()}
    page.get_by_label("Choose photos").set_input_files([photo])

    # Tap the shirt on the photo, then find the product and pick it.
    frame = page.get_by_role("button", name=re.compile(r"^Photo 1: tap where a product is"))
    expect(frame).to_be_visible()
    box = frame.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.42)
    page.get_by_label("Which product is this?").fill(sku[-6:].lower())
    page.get_by_role("button", name=re.compile(re.escape(title))).click()
    expect(page.get_by_role("button", name=f"Remove tag {title}")).to_be_visible()

    page.get_by_label("Caption").fill(caption)
    expect(page.get_by_role("list", name="Hashtags")).to_contain_text("#linen")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "composer")
    page.get_by_role("button", name="Share outfit").click()

    status = page.locator("[data-status]")
    expect(status).to_have_attribute("data-status", "PROCESSING")
    expect(status).to_have_attribute("data-status", "PUBLISHED", timeout=30_000)
    expect(page.get_by_role("heading", name="Your outfit is live")).to_be_visible()
    screenshot(page, "published")

    page.get_by_role("button", name="See it in your feed").click()
    expect(page).to_have_url(re.compile(r"/feed$"))
    card = page.get_by_role("article").filter(has_text=sku).first
    expect(card).to_be_visible()
    expect(card.get_by_text("#linen")).to_be_visible()
    image = card.get_by_role("img", name=re.compile("Outfit photo by Mia Chen"))
    expect(image).to_be_visible()
    # The photo is a processed WebP variant, loaded and painted over its blurhash.
    expect(image).to_have_attribute("src", re.compile(r"/media/.+\.webp"))
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    _fits_the_phone(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "feed")

    # Like it, then open the post and tap the tag on the photo.
    like = card.get_by_role("button", name=re.compile("^Like"))
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    card.get_by_role("link", name="Open Mia Chen's post").click()
    expect(page).to_have_url(re.compile(r"/feed/posts/post_"))
    hotspot = page.get_by_role("button", name=f"Tagged product: {title}")
    hotspot.click()
    shop = page.get_by_role("group", name=f"Tagged product: {title}").get_by_role(
        "link", name="Shop the look"
    )
    # A shopper's tag is their own tracked link: a sale through it earns them points.
    expect(shop).to_have_attribute("href", re.compile(r"^/l/[A-Za-z0-9]+$"))

    page.get_by_label("Add a comment").fill("Love the stripes <3")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator("#comments").get_by_text("Love the stripes <3")).to_be_visible()
    _fits_the_phone(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "post")

    # Further down, the ranked feed loads its next page as the end scrolls into view.
    page.goto("/feed")
    cards = page.get_by_role("article")
    expect(cards.first).to_be_visible()
    first_page = cards.count()
    page.mouse.wheel(0, 20_000)
    expect(cards).not_to_have_count(first_page)
    assert cards.count() > first_page


def test_shopper_shops_an_influencer_look_through_their_link(
    browsing: Browsing, brand: Api, influencer: Api, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    title = f"Pleated Midi Skirt {tag}"
    product_id = create_product(brand, f"SKT-{tag}", title, price_minor=5900)
    campaign_id = running_campaign(
        brand, influencer, f"Skirt Season {tag}", {"ruleKind": "PERCENT", "ruleBasisPoints": 1000}
    )
    post_id = publish_post(
        influencer, f"Pleats for the office {tag} #pleats", [product_id], campaign_id
    )

    page = browsing.open(role="SHOPPER", viewport=PHONE)
    page.goto(f"/feed/posts/{post_id}")
    expect(page.get_by_text("Paid partnership with Northwind Apparel")).to_be_visible()

    # Both ways to shop go through the KOL's shoppable link on this site, which credits them.
    own_link = re.compile(r"^/l/[A-Za-z0-9_-]+$")
    page.get_by_role("button", name=f"Tagged product: {title}").click()
    card_link = page.get_by_role("group", name=f"Tagged product: {title}").get_by_role(
        "link", name="Shop the look"
    )
    expect(card_link).to_have_attribute("href", own_link)
    look = page.get_by_role("region", name="Shop the look")
    expect(look.get_by_text("Buying through these links supports Lena Style.")).to_be_visible()
    shop = look.get_by_role("link", name=f"Shop {title} (opens the shop)")
    expect(shop).to_have_attribute("href", own_link)
    assert shop.get_attribute("href") == card_link.get_attribute("href")
    _fits_the_phone(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "influencer-post")


def test_a_shared_look_opens_for_anyone_with_its_preview(
    browsing: Browsing, brand: Api, influencer: Api, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    title = f"Wrap Dress {tag}"
    product_id = create_product(brand, f"WRP-{tag}", title, price_minor=6900)
    caption = f"Wrap dress for a wedding {tag} #wrapdress"
    post_id = publish_post(influencer, caption, [product_id])

    # A shopper shares the look from the app: the link copied is the public one.
    page = browsing.open(role="SHOPPER", viewport=PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script("delete Navigator.prototype.share")  # a browser without a share sheet
    page.goto(f"/feed/posts/{post_id}")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_text("Link copied")).to_be_visible()
    shared = page.evaluate("navigator.clipboard.readText()")
    assert shared.endswith(f"/p/{post_id}"), shared

    # Someone without an account opens it on their phone: the look, not a login wall.
    visitor = browsing.open(viewport=PHONE)
    visitor.goto(f"/p/{post_id}")
    look = visitor.get_by_test_id("public-post")
    expect(look.get_by_text(caption.split(" #")[0])).to_be_visible()
    expect(look.get_by_role("img").first).to_be_visible()
    expect(visitor.get_by_role("region", name="Shop the look").get_by_text(title)).to_be_visible()
    expect(visitor.get_by_role("link", name="Create an account")).to_be_visible()
    expect(visitor).to_have_url(re.compile(f"/p/{post_id}$"))
    # The preview tags chat apps read are in the page's head.
    og_title = visitor.locator('meta[property="og:title"]')
    expect(og_title).to_have_attribute("content", "Lena Style's look on Trendloop")
    expect(visitor.locator('meta[property="og:image"]')).to_have_attribute(
        "content", re.compile(r"/media/")
    )
    _fits_the_phone(visitor)
    screenshot(visitor, "public-look")

    # The in-app address a friend may have been sent opens the same public page.
    visitor.goto(f"/feed/posts/{post_id}")
    expect(visitor).to_have_url(re.compile(f"/p/{post_id}$"))
    expect(visitor.get_by_test_id("public-post")).to_be_visible()
    # Signing in from there leads to the post in the app.
    visitor.get_by_role("link", name="Log in").first.click()
    expect(visitor).to_have_url(re.compile(r"/login\?next="))


def test_shopper_follows_a_creator_from_the_feed_and_it_sticks(
    browsing: Browsing, live_server: str, screenshot: Screenshot
) -> None:
    from tests.e2e.conftest import DEMO_BY_ROLE

    me = DEMO_BY_ROLE["SHOPPER"]
    page = browsing.open(role="SHOPPER", viewport=PHONE)
    page.goto("/feed")
    # The first card whose author the shopper does not follow yet.
    follow = page.get_by_role("article").get_by_role("button", name=re.compile(r"^Follow "))
    expect(follow.first).to_be_visible()
    label = follow.first.get_attribute("aria-label") or ""
    name = label.removeprefix("Follow ")
    card = page.get_by_role("article", name=name).first
    _fits_the_phone(page)

    # Their name on the card opens their profile: who, counts, and a grid of their looks.
    card.get_by_role("link", name=name, exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/u/[a-z0-9._]+$"))
    profile_path = page.url.removeprefix(live_server)
    handle = profile_path.rsplit("/", 1)[-1]
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_text(f"@{handle}", exact=True)).to_be_visible()
    grid = page.get_by_role("list", name=f"{name}'s posts")
    expect(grid.get_by_role("link").first).to_be_visible()
    tiles = grid.get_by_role("listitem")
    first_tile = tiles.first.bounding_box()
    assert first_tile is not None and first_tile["width"] < PHONE["width"] / 2.5, first_tile
    _fits_the_phone(page)
    followers = page.get_by_role("link", name=re.compile(r"^\d+ followers?$"))
    before = int((followers.inner_text().split() or ["0"])[0])

    page.get_by_role("button", name=f"Follow {name}", exact=True).click()
    following = page.get_by_role("button", name=f"Following {name}", exact=True)
    expect(following).to_have_attribute("aria-pressed", "true")
    expect(followers).to_have_text(re.compile(rf"^{before + 1}\s*followers?$"))

    # Saved, not just drawn: a reload still says "Following".
    page.reload()
    expect(page.get_by_role("button", name=f"Following {name}", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot(page, "profile")

    # The shopper is among their followers, and the list fits the phone.
    page.get_by_role("link", name="Followers", exact=True).click()
    expect(page).to_have_url(re.compile(f"/u/{re.escape(handle)}/followers$"))
    people = page.get_by_role("list", name=f"People following {name}")
    expect(people.get_by_role("link", name=me.display_name, exact=True)).to_be_visible()
    _fits_the_phone(page)
    screenshot(page, "followers")

    # Fresh from the server, the feed's cards by them say "Following" as well.
    page.goto("/feed")
    cards = page.get_by_role("article", name=name)
    expect(page.get_by_role("article").first).to_be_visible()
    for _ in range(8):
        if cards.count() > 0:
            break
        # Scrolling to the end loads the next page: wait for it (or for the feed's end).
        shown = page.get_by_role("article").count()
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_function(
            """n => document.querySelectorAll('article').length > n
                || document.body.innerText.includes("You're all caught up")""",
            arg=shown,
        )
    expect(cards.first.get_by_role("button", name=f"Following {name}", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=f"Follow {name}", exact=True)).to_have_count(0)
    _fits_the_phone(page)
    cards.first.scroll_into_view_if_needed()
    screenshot(page, "feed-card")

    # Put things back, so a second run starts from "Follow" again.
    cards.first.get_by_role("button", name=f"Following {name}", exact=True).click()
    expect(cards.first.get_by_role("button", name=f"Follow {name}", exact=True)).to_be_visible()
