"""Damped Holt linear-trend smoothing for many short series at once.

Input: a 2-D array `y` (series x days), already on the modelled scale (the trend detector passes
log counts). Output: per series the final level, trend and one-step residual sigma, and forecasts
with prediction intervals on the same scale.

Public API:
    fit_damped_holt(y, alphas, betas, phi) -> HoltFit
    forecast(fit, horizon, coverage) -> (mean, lower, upper), each (series x horizon)

The model is the error-correction form of additive damped trend exponential smoothing:
    prediction  yhat_t = l_{t-1} + phi b_{t-1}
    level       l_t = yhat_t + alpha e_t
    trend       b_t = phi b_{t-1} + beta e_t          (e_t = y_t - yhat_t)
alpha and beta are picked per series from a small grid by one-step squared error (after a burn-in
week); phi < 1 flattens the trend with the horizon, which keeps 14-day extrapolations of a burst
from exploding. The h-step variance is the standard result for this model,
    sigma^2 * (1 + sum over j < h of (alpha + beta * phi * (1 - phi^j) / (1 - phi))^2),
so intervals widen with the horizon and with noisier series.
All series and all grid points run together as numpy arrays; the only Python loop is over days.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

DEFAULT_ALPHAS = (0.15, 0.3, 0.5)
DEFAULT_BETA_RATIOS = (0.05, 0.15, 0.3)  # beta = alpha x ratio
DEFAULT_PHI = 0.9
BURN_IN = 7


@dataclass(frozen=True)
class HoltFit:
    level: FloatArray  # (n,)
    trend: FloatArray  # (n,) per-day change on the modelled scale
    sigma: FloatArray  # (n,) one-step residual standard deviation
    alpha: FloatArray  # (n,)
    beta: FloatArray  # (n,)
    phi: float


def fit_damped_holt(
    y: npt.ArrayLike,
    alphas: tuple[float, ...] = DEFAULT_ALPHAS,
    beta_ratios: tuple[float, ...] = DEFAULT_BETA_RATIOS,
    phi: float = DEFAULT_PHI,
) -> HoltFit:
    series = np.asarray(y, dtype=np.float64)
    if series.ndim != 2 or series.shape[1] < 2:
        raise ValueError("y must be 2-D (series x days) with at least two days")
    if not 0.0 < phi <= 1.0:
        raise ValueError("phi must be within (0, 1]")
    grid_alpha = np.array([a for a in alphas for _ in beta_ratios])[:, None]
    grid_beta = np.array([a * r for a in alphas for r in beta_ratios])[:, None]
    n_days = series.shape[1]
    start = min(BURN_IN, n_days - 1)

    level = np.broadcast_to(series[:, :start].mean(axis=1), (grid_alpha.shape[0], series.shape[0]))
    level = level.copy()
    trend = np.zeros_like(level)
    sse = np.zeros_like(level)
    for day in range(start, n_days):
        predicted = level + phi * trend
        error = series[None, :, day] - predicted
        sse += error * error
        level = predicted + grid_alpha * error
        trend = phi * trend + grid_beta * error

    best = np.argmin(sse, axis=0)
    columns = np.arange(series.shape[0])
    steps = max(1, n_days - start)
    return HoltFit(
        level=level[best, columns],
        trend=trend[best, columns],
        sigma=np.sqrt(sse[best, columns] / steps),
        alpha=grid_alpha[best, 0],
        beta=grid_beta[best, 0],
        phi=phi,
    )


def forecast(
    fit: HoltFit, horizon: int, coverage: float = 0.8
) -> tuple[FloatArray, FloatArray, FloatArray]:
    if horizon < 1:
        raise ValueError("horizon must be at least 1")
    if not 0.0 < coverage < 1.0:
        raise ValueError("coverage must be within (0, 1)")
    steps = np.arange(1, horizon + 1, dtype=np.float64)
    phi = fit.phi
    damped = np.cumsum(phi**steps)  # phi + phi² + … + phi^h
    mean = fit.level[:, None] + damped[None, :] * fit.trend[:, None]

    # c_j for j = 1..h-1; the variance at step h sums c_1..c_{h-1}.
    j = steps[:-1]
    growth = j if phi == 1.0 else phi * (1.0 - phi**j) / (1.0 - phi)
    c = fit.alpha[:, None] + fit.beta[:, None] * growth[None, :]
    cumulative = np.concatenate([np.zeros((c.shape[0], 1)), np.cumsum(c * c, axis=1)], axis=1)
    spread = fit.sigma[:, None] * np.sqrt(1.0 + cumulative)
    z = NormalDist().inv_cdf(0.5 + coverage / 2.0)
    return mean, mean - z * spread, mean + z * spread
