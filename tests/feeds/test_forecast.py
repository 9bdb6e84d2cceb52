from __future__ import annotations

import numpy as np
import pytest

from feeds.forecast import fit_damped_holt, forecast


def test_a_straight_line_is_continued_with_damping() -> None:
    days = np.arange(60, dtype=np.float64)
    series = np.vstack([1.0 + 0.05 * days, np.full(60, 3.0)])
    fit = fit_damped_holt(series)
    assert fit.trend[0] == pytest.approx(0.05, rel=0.2)
    assert fit.trend[1] == pytest.approx(0.0, abs=1e-9)
    mean, low, high = forecast(fit, 14)
    assert mean.shape == low.shape == high.shape == (2, 14)
    assert np.all(np.diff(mean[0]) > 0)  # still rising...
    assert np.all(np.diff(np.diff(mean[0])) < 1e-12)  # ...less and less steeply
    assert mean[0, -1] < series[0, -1] + 14 * 0.05 + 1e-9
    np.testing.assert_allclose(mean[1], 3.0)


def test_intervals_widen_and_cover_noisy_series() -> None:
    rng = np.random.default_rng(5)
    level = 2.0 + np.cumsum(rng.normal(0, 0.05, (400, 74)), axis=1)
    noisy = level + rng.normal(0, 0.2, level.shape)
    history, future = noisy[:, :60], noisy[:, 60:]
    fit = fit_damped_holt(history)
    _, low, high = forecast(fit, 14, coverage=0.8)
    width = high - low
    assert np.all(np.diff(width, axis=1) >= -1e-12)
    coverage = np.mean((future >= low) & (future <= high))
    assert 0.65 <= coverage <= 0.95


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="2-D"):
        fit_damped_holt(np.ones(10))
    fit = fit_damped_holt(np.ones((1, 10)))
    with pytest.raises(ValueError, match="horizon"):
        forecast(fit, 0)
    with pytest.raises(ValueError, match="coverage"):
        forecast(fit, 3, coverage=1.0)
    with pytest.raises(ValueError, match="phi"):
        fit_damped_holt(np.ones((1, 10)), phi=1.5)
