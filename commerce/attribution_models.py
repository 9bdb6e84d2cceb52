"""The attribution models a campaign may choose: their names, and reading one from input.

A campaign stores its model by name; `attribution.models` is where each one is computed.
"""

from __future__ import annotations

from enum import StrEnum


class AttributionModel(StrEnum):
    LAST_CLICK = "LAST_CLICK"
    FIRST_CLICK = "FIRST_CLICK"
    LINEAR = "LINEAR"
    TIME_DECAY = "TIME_DECAY"
    POSITION_BASED = "POSITION_BASED"
    DATA_DRIVEN = "DATA_DRIVEN"


RULE_BASED_MODELS = (
    AttributionModel.LAST_CLICK,
    AttributionModel.FIRST_CLICK,
    AttributionModel.LINEAR,
    AttributionModel.TIME_DECAY,
    AttributionModel.POSITION_BASED,
)


def parse_model(value: AttributionModel | str) -> AttributionModel:
    """`AttributionModel` from its name (case-insensitive, '-' or '_'); ValueError otherwise."""
    if isinstance(value, AttributionModel):
        return value
    try:
        return AttributionModel(str(value).strip().upper().replace("-", "_"))
    except ValueError:
        valid = ", ".join(m.value for m in AttributionModel)
        raise ValueError(f"unknown attribution model {value!r}; valid models: {valid}") from None


__all__ = ["RULE_BASED_MODELS", "AttributionModel", "parse_model"]
