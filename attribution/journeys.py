"""Conversion journeys: which touchpoints may share the credit for each order.

Pure and columnar. Inputs are polars frames; the output is a `Journeys` value holding polars frames.

Touchpoints (one row per click, or per view of a post), columns:

    touch_id        unique id, integer or string (kept as given; breaks ties between equal times)
    visitor_id      str, the visitor cookie; required
    customer_id     str or null, set when the visitor was signed in (column optional)
    influencer_id   str
    post_id         str or null (column optional)
    link_id         str
    campaign_id     str
    ts              int64 milliseconds since the Unix epoch, UTC. A polars Datetime column is
                    accepted and converted (a naive Datetime is read as UTC).
    is_bot          bool (null reads as False)

Conversions (one row per order):

    conversion_id      unique id, integer or string (kept as given)
    customer_id        str or null (an order without a customer gets no credit)
    ts                 same convention as the touchpoints
    net_revenue_minor  int, minor currency units

Identities (optional): `visitor_id`, `customer_id` pairs linking anonymous visitors to the
customer they later signed in as. A touchpoint with its own `customer_id` belongs to that customer
only; a touchpoint without one belongs to every customer its visitor is linked to.

A journey is the cleaned touchpoints of the converting customer with
`order_ts - window <= ts < order_ts` (strictly before the order). The same touchpoint may appear in
the journeys of several orders of one customer. Cleaning, in this order: drop bot touchpoints; drop
touchpoints later than `now_ms`; drop bursts, i.e. every touchpoint of a visitor that lies inside
some 60-second window holding more than `max_clicks_per_minute` of that visitor's touchpoints (the
whole burst goes, not just its excess, so an automated burst cannot keep a foothold). Orders later
than `now_ms` are ignored.

    build_journeys(touchpoints, conversions, *, identities, window_days, max_clicks_per_minute,
                   now_ms) -> Journeys
    clean_touchpoints(touchpoints, *, max_clicks_per_minute, now_ms) -> frame
    non_converting_paths(journeys) -> frame (the Markov model's paths without an order)
    parse_channel(name) -> Channel

Bad input (missing columns, duplicate or null ids, timestamps that are neither integers nor
Datetimes, revenue that is not an integer, a non-positive window) raises ValueError naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import polars as pl

MS_PER_MINUTE = 60_000
MS_PER_DAY = 86_400_000
DEFAULT_WINDOW_DAYS = 30.0
DEFAULT_MAX_CLICKS_PER_MINUTE = 10


class Channel(StrEnum):
    """What a credit is given to: one of the touchpoint's id columns."""

    INFLUENCER = "influencer"
    POST = "post"
    CAMPAIGN = "campaign"
    LINK = "link"

    @property
    def column(self) -> str:
        return f"{self.value}_id"


def parse_channel(value: Channel | str) -> Channel:
    """`Channel` from its name (case-insensitive); ValueError naming the valid ones otherwise."""
    if isinstance(value, Channel):
        return value
    try:
        return Channel(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(c.value for c in Channel)
        raise ValueError(f"unknown channel {value!r}; valid channels: {valid}") from None


ID_COLUMNS = ("visitor_id", "customer_id", "influencer_id", "post_id", "link_id", "campaign_id")
CHANNEL_COLUMNS = tuple(c.column for c in Channel)
_NULLABLE_TOUCH_COLUMNS = ("customer_id", "post_id")
_REQUIRED_TOUCH_COLUMNS = (
    "touch_id",
    "visitor_id",
    "influencer_id",
    "link_id",
    "campaign_id",
    "ts",
    "is_bot",
)
_REQUIRED_CONVERSION_COLUMNS = ("conversion_id", "customer_id", "ts", "net_revenue_minor")

JOURNEY_COLUMNS = (
    "journey",
    "conversion_id",
    "touch_id",
    "customer_id",
    "visitor_id",
    "influencer_id",
    "post_id",
    "link_id",
    "campaign_id",
    "ts",
    "order_ts",
    "position",
    "length",
)


@dataclass(frozen=True)
class Journeys:
    """Converting journeys plus the cleaned touchpoints they were cut from.

    `converting` has the columns `JOURNEY_COLUMNS`, sorted by (conversion_id, ts, touch_id):
    `journey` is an int64 key per conversion (its rank in conversion_id order), `position` the
    0-based place of the touchpoint in its journey and `length` the journey's size; `customer_id`
    is the order's customer. Conversions with an empty journey have no rows.
    `touchpoints` holds every touchpoint that survived cleaning, in time order (ts, then
    touch_id); the Markov model reads the non-converting ones from it.
    """

    converting: pl.DataFrame
    touchpoints: pl.DataFrame
    window_ms: int


def _require(frame: pl.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} frame is missing column(s): {', '.join(missing)}")


def _epoch_ms(frame: pl.DataFrame, column: str, what: str) -> pl.Expr:
    dtype = frame.schema[column]
    if isinstance(dtype, pl.Datetime):
        return pl.col(column).dt.epoch("ms").cast(pl.Int64)
    if dtype.is_integer():
        return pl.col(column).cast(pl.Int64)
    raise ValueError(f"{what}.{column} must be int64 epoch milliseconds or a Datetime, not {dtype}")


def _check_id_dtype(frame: pl.DataFrame, column: str, what: str) -> None:
    dtype = frame.schema[column]
    if not (dtype.is_integer() or dtype in (pl.String, pl.Categorical)):
        raise ValueError(f"{what}.{column} must hold integers or strings, not {dtype}")


def _check_unique(frame: pl.DataFrame, column: str, what: str) -> None:
    if frame[column].null_count():
        raise ValueError(f"{what}.{column} has null values")
    if frame[column].n_unique() != frame.height:
        raise ValueError(f"{what}.{column} has duplicate values")


def normalise_touchpoints(touchpoints: pl.DataFrame) -> pl.DataFrame:
    """Validated touchpoints, ids as str and ts as int64 ms; ValueError on bad input."""
    _require(touchpoints, _REQUIRED_TOUCH_COLUMNS, "touchpoints")
    _check_id_dtype(touchpoints, "touch_id", "touchpoints")
    if touchpoints.schema["touch_id"] == pl.Categorical:
        touchpoints = touchpoints.with_columns(pl.col("touch_id").cast(pl.String))
    _check_unique(touchpoints, "touch_id", "touchpoints")
    if touchpoints["visitor_id"].null_count():
        raise ValueError("touchpoints.visitor_id has null values")
    frame = touchpoints.with_columns(
        [
            pl.lit(None, dtype=pl.String).alias(c)
            for c in _NULLABLE_TOUCH_COLUMNS
            if c not in touchpoints.columns
        ]
    )
    if touchpoints["ts"].null_count():
        raise ValueError("touchpoints.ts has null values")
    return frame.select(
        pl.col("touch_id"),
        *[pl.col(c).cast(pl.String) for c in ID_COLUMNS],
        _epoch_ms(touchpoints, "ts", "touchpoints").alias("ts"),
        pl.col("is_bot").cast(pl.Boolean).fill_null(False),
    )


def normalise_conversions(conversions: pl.DataFrame) -> pl.DataFrame:
    """Validated conversions (customer_id str, ts int64 ms, revenue int64); ValueError if bad."""
    _require(conversions, _REQUIRED_CONVERSION_COLUMNS, "conversions")
    _check_id_dtype(conversions, "conversion_id", "conversions")
    if conversions.schema["conversion_id"] == pl.Categorical:
        conversions = conversions.with_columns(pl.col("conversion_id").cast(pl.String))
    _check_unique(conversions, "conversion_id", "conversions")
    if conversions["ts"].null_count():
        raise ValueError("conversions.ts has null values")
    if not conversions.schema["net_revenue_minor"].is_integer():
        raise ValueError("conversions.net_revenue_minor must be an integer (minor units)")
    extra = [c for c in conversions.columns if c not in _REQUIRED_CONVERSION_COLUMNS]
    return conversions.select(
        pl.col("conversion_id"),
        pl.col("customer_id").cast(pl.String),
        _epoch_ms(conversions, "ts", "conversions").alias("ts"),
        pl.col("net_revenue_minor").cast(pl.Int64),
        *extra,
    )


def normalise_identities(identities: pl.DataFrame | None) -> pl.DataFrame:
    """Distinct (visitor_id, customer_id) string pairs with no nulls."""
    if identities is None:
        return pl.DataFrame(schema={"visitor_id": pl.String, "customer_id": pl.String})
    _require(identities, ("visitor_id", "customer_id"), "identities")
    return (
        identities.select(
            pl.col("visitor_id").cast(pl.String), pl.col("customer_id").cast(pl.String)
        )
        .drop_nulls()
        .unique()
    )


def _check_window(window_days: float) -> int:
    if not np.isfinite(window_days) or window_days <= 0:
        raise ValueError(f"window_days must be a positive number of days, not {window_days!r}")
    return round(window_days * MS_PER_DAY)


def burst_mask(visitor_codes: np.ndarray, ts: np.ndarray, max_per_minute: int) -> np.ndarray:
    """True for touchpoints inside a 60 s window holding more than `max_per_minute` of the
    visitor's touchpoints. Arrays must be sorted by (visitor, ts)."""
    n = ts.shape[0]
    k = max_per_minute
    if n <= k:
        return np.zeros(n, dtype=bool)
    # A window [t, t + 60 s) holds more than k touchpoints exactly when it holds the one starting
    # it and the k that follow; such a starting touchpoint opens a burst.
    opens = np.zeros(n, dtype=bool)
    opens[: n - k] = (visitor_codes[k:] == visitor_codes[: n - k]) & (
        ts[k:] - ts[: n - k] < MS_PER_MINUTE
    )
    if not opens.any():
        return opens
    # The latest opener at or before a touchpoint has the latest start time, so it is the one to
    # test the touchpoint against.
    last_open = np.maximum.accumulate(np.where(opens, np.arange(n), -1))
    has_open = last_open >= 0
    opener = np.where(has_open, last_open, 0)
    return has_open & (visitor_codes[opener] == visitor_codes) & (ts - ts[opener] < MS_PER_MINUTE)


def clean_touchpoints(
    touchpoints: pl.DataFrame,
    *,
    max_clicks_per_minute: int | None = DEFAULT_MAX_CLICKS_PER_MINUTE,
    now_ms: int | None = None,
) -> pl.DataFrame:
    """Normalised touchpoints without bots, future touchpoints and bursts, in time order
    (ts, then touch_id). `max_clicks_per_minute=None` keeps bursts."""
    if max_clicks_per_minute is not None and max_clicks_per_minute < 1:
        raise ValueError("max_clicks_per_minute must be at least 1 (or None to keep bursts)")
    keep = ~pl.col("is_bot")
    if now_ms is not None:
        keep = keep & (pl.col("ts") <= now_ms)
    frame = normalise_touchpoints(touchpoints)
    # Filter and order narrow columns, then copy the wide id columns once.
    order = (
        frame.select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("row"), "ts", "touch_id", "is_bot"
        )
        .filter(keep)
        .sort("ts", "touch_id")
    )
    if max_clicks_per_minute is not None and order.height:
        visitors, by_visitor = dense_codes(frame["visitor_id"].gather(order["row"]))
        in_burst = np.zeros(order.height, dtype=bool)
        in_burst[by_visitor] = burst_mask(
            visitors[by_visitor], order["ts"].to_numpy()[by_visitor], max_clicks_per_minute
        )
        order = order.filter(pl.Series(~in_burst))
    return frame[order["row"]]


def dense_codes(
    values: pl.Series, hashed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0..m-1 that are equal exactly when the values are (null counting as a value), and a
    stable row order that groups equal values.

    Ranking strings sorts them, which is slow on ids in no particular order; hashing is not, so
    the rows are grouped by a 64-bit hash of the value (or by `hashed`, one integer per row) and
    neighbours with equal hashes are checked for equal values. Should two different values ever
    share a hash, the codes come from an exact rank instead.
    """
    n = values.len()
    if hashed is None:
        hashed = values.hash(seed=0).to_numpy().view(np.int64)
    order = np.argsort(hashed, kind="stable")
    sorted_hash = hashed[order]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = sorted_hash[1:] != sorted_hash[:-1]
    shared = np.flatnonzero(~new_group)
    if shared.shape[0]:
        grouped = values.gather(order)
        same = grouped.slice(1).eq_missing(grouped.slice(0, n - 1)).to_numpy()
        if not same[shared - 1].all():
            ranks = values.rank("dense").fill_null(0).cast(pl.Int64).to_numpy()
            exact = np.unique(ranks, return_inverse=True)[1].astype(np.int64)
            return exact, np.argsort(exact, kind="stable")
    codes = np.empty(n, dtype=np.int64)
    codes[order] = np.cumsum(new_group) - 1
    return codes, order


def runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index and length of each run of equal values in an array (empty-safe)."""
    if keys.shape[0] == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    starts = np.concatenate(([0], np.flatnonzero(keys[1:] != keys[:-1]) + 1))
    lengths = np.diff(np.concatenate((starts, [keys.shape[0]])))
    return starts, lengths


def _expand_ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of range(start, start + length) for every pair."""
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lengths)


def empty_journeys(touch_id_dtype: pl.DataType, conversion_id_dtype: pl.DataType) -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "journey": pl.Int64,
            "conversion_id": conversion_id_dtype,
            "touch_id": touch_id_dtype,
            "customer_id": pl.String,
            "visitor_id": pl.String,
            "influencer_id": pl.String,
            "post_id": pl.String,
            "link_id": pl.String,
            "campaign_id": pl.String,
            "ts": pl.Int64,
            "order_ts": pl.Int64,
            "position": pl.Int32,
            "length": pl.Int32,
        }
    )


def build_journeys(
    touchpoints: pl.DataFrame,
    conversions: pl.DataFrame,
    *,
    identities: pl.DataFrame | None = None,
    window_days: float = DEFAULT_WINDOW_DAYS,
    max_clicks_per_minute: int | None = DEFAULT_MAX_CLICKS_PER_MINUTE,
    now_ms: int | None = None,
) -> Journeys:
    """Cut the journey of every conversion (see the module docstring for the rules)."""
    window_ms = _check_window(window_days)
    clean = clean_touchpoints(
        touchpoints, max_clicks_per_minute=max_clicks_per_minute, now_ms=now_ms
    )
    orders = normalise_conversions(conversions)
    nothing = Journeys(
        empty_journeys(clean.schema["touch_id"], orders.schema["conversion_id"]), clean, window_ms
    )
    orders = orders.filter(pl.col("customer_id").is_not_null())
    if now_ms is not None:
        orders = orders.filter(pl.col("ts") <= now_ms)
    if clean.height == 0 or orders.height == 0:
        return nothing
    orders = orders.sort("conversion_id")

    # (clean row, customer) for every customer a touchpoint belongs to.
    rows = clean.select("customer_id", "visitor_id").with_row_index("row")
    owned = pl.concat(
        [
            rows.filter(pl.col("customer_id").is_not_null()).select("row", "customer_id"),
            rows.filter(pl.col("customer_id").is_null())
            .select("row", "visitor_id")
            .join(normalise_identities(identities), on="visitor_id", how="inner")
            .select("row", "customer_id"),
        ]
    )
    customer_codes, _ = dense_codes(pl.concat([owned["customer_id"], orders["customer_id"]]))
    owned_customer = customer_codes[: owned.height]
    order_customer = customer_codes[owned.height :]
    owned_row = owned["row"].cast(pl.Int64).to_numpy()

    # The cleaned touchpoints are in time order, ties broken by touch_id, so a row number stands
    # in for a time: the pairs (customer, row) then make one int64 key that sorts every
    # customer's touchpoints chronologically, and a journey is the run of keys between two bounds.
    n = clean.height
    sorted_ts = clean["ts"].to_numpy()
    keys = owned_customer * n + owned_row
    key_order = np.argsort(keys, kind="stable")
    sorted_keys = keys[key_order]
    order_ts = orders["ts"].to_numpy()
    first = np.searchsorted(sorted_ts, order_ts - window_ms, side="left")
    stop = np.searchsorted(sorted_ts, order_ts, side="left")  # strictly before the order
    begin = np.searchsorted(sorted_keys, order_customer * n + first, side="left")
    end = np.searchsorted(sorted_keys, order_customer * n + stop, side="left")
    lengths = end - begin
    has_journey = np.flatnonzero(lengths > 0)
    if has_journey.shape[0] == 0:
        return nothing
    lengths = lengths[has_journey]
    picked = owned_row[key_order[_expand_ranges(begin[has_journey], lengths)]]
    order_rows = np.repeat(has_journey, lengths)

    touch_part = clean.select("touch_id", "visitor_id", *CHANNEL_COLUMNS, "ts")[picked]
    order_part = orders.select("conversion_id", "customer_id", pl.col("ts").alias("order_ts"))[
        order_rows
    ]
    starts = np.cumsum(lengths) - lengths
    converting = pl.concat([touch_part, order_part], how="horizontal").with_columns(
        pl.Series("journey", order_rows, dtype=pl.Int64),
        pl.Series(
            "position",
            np.arange(picked.shape[0], dtype=np.int64) - np.repeat(starts, lengths),
            dtype=pl.Int32,
        ),
        pl.Series("length", np.repeat(lengths, lengths), dtype=pl.Int32),
    )
    return Journeys(converting.select(JOURNEY_COLUMNS), clean, window_ms)


def non_converting_paths(journeys: Journeys) -> pl.DataFrame:
    """Touchpoints that lead to no order, cut into paths for the data-driven model.

    Every cleaned touchpoint that sits in no converting journey belongs to the non-converting path
    of its visitor. A visitor's leftover touchpoints are cut into consecutive windows of the
    journey window's length, counted from their first leftover touchpoint, so a non-converting path
    spans no more time than a converting one may. Columns: `path` (dense int64 key), the touchpoint
    columns; rows of a path are contiguous and ordered by (ts, touch_id).
    """
    clean = journeys.touchpoints
    used = journeys.converting["touch_id"].unique()
    rest = clean.filter(~pl.col("touch_id").is_in(used.implode())).drop("is_bot")
    if rest.height == 0:
        return rest.select(pl.lit(0, dtype=pl.Int64).alias("path"), *rest.columns)
    # The stable grouping keeps each visitor's rows in time order.
    visitors, by_visitor = dense_codes(rest["visitor_id"])
    rest = rest[by_visitor]
    codes = visitors[by_visitor]
    ts = rest["ts"].to_numpy()
    starts, lengths = runs(codes)
    first_ts = np.repeat(ts[starts], lengths)
    window_no = (ts - first_ts) // journeys.window_ms
    new_path = np.ones(rest.height, dtype=bool)
    new_path[1:] = (codes[1:] != codes[:-1]) | (window_no[1:] != window_no[:-1])
    path = np.cumsum(new_path) - 1
    return rest.select(pl.Series("path", path, dtype=pl.Int64), *rest.columns)


# Helpers shared by the models over journey frames.


def empty_credits(conversion_id_dtype: pl.DataType, touch_id_dtype: pl.DataType) -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "conversion_id": conversion_id_dtype,
            "touch_id": touch_id_dtype,
            "channel": pl.String,
            "credit": pl.Float64,
        }
    )


def segment_sums(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Per-row sum of `values` over the row's segment (segments given by start and length)."""
    return np.repeat(np.add.reduceat(values, starts), lengths)


def journey_segments(converting: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Start row and length of each journey in a journey frame."""
    position = converting["position"].to_numpy()
    starts = np.flatnonzero(position == 0)
    lengths = converting["length"].to_numpy()[starts].astype(np.int64)
    return starts, lengths


def credits_frame(converting: pl.DataFrame, channel: Channel, credit: np.ndarray) -> pl.DataFrame:
    """The credits frame for journey rows and their credits, keeping positive credits only."""
    out = converting.select(
        "conversion_id", "touch_id", pl.col(channel.column).alias("channel")
    ).with_columns(pl.Series("credit", credit, dtype=pl.Float64))
    return out.filter(pl.col("credit") > 0)
