"""Benchmark: the image pipeline (media.pipeline.process_image) against the naive reference.

Input: a generated 4000 x 3000 (12 MP) photo-like JPEG at quality 90 — smooth gradients, sensor-
like noise, solid shapes — carrying what a phone sends: EXIF orientation 6 (so the upright
picture is portrait), a GPS block and an sRGB ICC profile.

Timed on one core (the process pins itself to CPU 0), repetitions interleaved so that load from
other processes hits both sides alike, median of each. The headline figures are CPU time
(time.process_time: the one core's work, unaffected by other processes queueing on it); wall-clock
medians are reported beside them. Pipelines:
* fast: `process_image` with its defaults (JPEG decoded at 1/2 scale straight to a 2000 px full
  variant, within the 5% draft tolerance of 2048);
* fast, exact: `process_image(draft_tolerance=1.0)`, full variant resampled to exactly 2048 px;
* naive: `naive_process_image` — full-size decode, orientation and colour at full size, every
  variant resampled from the full picture. Same WebP settings and the same descriptors
  (blurhash, palette, pHash) as the fast path, so the ratio measures the decode/resample
  strategy and nothing else.

Peak memory: each pipeline runs once in a fresh subprocess; the figure is the peak resident set
size while it runs (VmHWM, reset just before through /proc/self/clear_refs) minus the resident size
after the imports, a warm-up on a tiny image and reading the file — i.e. what one image costs.
resource.getrusage's ru_maxrss is not used because Linux carries the parent's high-water mark
across fork and exec, so a child spawned by a big parent reports the parent's peak; tracemalloc
is not used because it cannot see Pillow's pixel buffers, which are allocated in C. Measured for
the 12 MP JPEG (fast and naive) and, without --quick, for a JPEG at the 40 MP ceiling and a
12 MP RGBA PNG.

`--quick`: one repetition, no warm-up run, the 12 MP memory probes only. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from media.pipeline import ProcessedImage, naive_process_image, process_image

TARGET_SECONDS = 0.6
TARGET_RATIO = 3.0
WIDTH, HEIGHT = 4000, 3000


def photo_like(width: int, height: int, seed: int = 7) -> Image.Image:
    rng = np.random.default_rng(seed)
    gw, gh = width // 16, height // 16
    y, x = np.mgrid[0:gh, 0:gw].astype(np.float32)
    red = 125 + 85 * np.sin(x / gw * 3.3) + 25 * np.cos(y / gh * 4.0)
    green = 105 + 60 * np.cos(x / gw * 2.1 + y / gh * 1.7)
    blue = 95 + 70 * (y / gh) + 20 * np.sin(x / gw * 5.0)
    small = np.clip(np.stack([red, green, blue], axis=-1), 0, 255).astype(np.uint8)
    base = np.asarray(
        Image.fromarray(small).resize((width, height), Image.Resampling.BILINEAR), np.int16
    )
    noise = rng.integers(-10, 11, size=(height, width, 1), dtype=np.int16)
    image = Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for i in range(30):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = int(rng.integers(width // 40, width // 6))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        (draw.ellipse if i % 2 else draw.rectangle)([x0, y0, x0 + size, y0 + size], fill=colour)
    return image


def phone_jpeg(image: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (48.0, 51.0, 29.6), 3: "E", 4: (2.0, 17.0, 40.2)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes(), icc_profile=icc)
    return buffer.getvalue()


def timed(function: Callable[[], ProcessedImage]) -> tuple[float, float, ProcessedImage]:
    """(CPU seconds, wall seconds, result)."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = function()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def child(kind: str, path: str) -> None:
    """Run one pipeline once and print the resident-memory growth it caused (KiB)."""
    os.sched_setaffinity(0, {0})
    warm = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(warm, "JPEG")
    process_image(warm.getvalue())  # loads every lazy import (WebP, scipy, blurhash)
    naive_process_image(warm.getvalue())
    data = Path(path).read_bytes()
    with contextlib.suppress(OSError):
        # Reset this address space's high-water mark to the current RSS (Linux >= 4.0).
        Path("/proc/self/clear_refs").write_text("5")
    before = _status_kib("VmRSS")
    pipeline = {"fast": process_image, "naive": naive_process_image}[kind]
    pipeline(data)
    peak = _status_kib("VmHWM")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before_kib": before, "peak_kib": peak, "ru_maxrss_kib": maxrss}))


def peak_memory_mib(kind: str, data: bytes) -> tuple[float, float]:
    """(resident growth for one image, process peak RSS), both in MiB."""
    with tempfile.NamedTemporaryFile(suffix=".img") as handle:
        handle.write(data)
        handle.flush()
        output = subprocess.run(
            [sys.executable, __file__, "--child", kind, handle.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    growth = (figures["peak_kib"] - figures["before_kib"]) / 1024
    return round(growth, 1), round(figures["peak_kib"] / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repetition, fewer probes")
    parser.add_argument("--reps", type=int, default=None, help="timed repetitions (default 9)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    os.sched_setaffinity(0, {0})
    reps = args.reps or (1 if args.quick else 9)
    photo = photo_like(WIDTH, HEIGHT)
    data = phone_jpeg(photo)
    print(f"input: {WIDTH}x{HEIGHT} JPEG q90, {len(data) / 1e6:.2f} MB, EXIF orientation 6 + GPS")
    print(f"pinned to CPU 0, {reps} interleaved repetition(s), median")

    pipelines: dict[str, Callable[[], ProcessedImage]] = {
        "fast": lambda: process_image(data),
        "fast_exact_2048": lambda: process_image(data, draft_tolerance=1.0),
        "naive": lambda: naive_process_image(data),
    }
    if not args.quick:
        for run in pipelines.values():
            run()
    cpu: dict[str, list[float]] = {name: [] for name in pipelines}
    wall: dict[str, list[float]] = {name: [] for name in pipelines}
    results: dict[str, ProcessedImage] = {}
    for _ in range(reps):
        for name, run in pipelines.items():
            cpu_s, wall_s, results[name] = timed(run)
            cpu[name].append(cpu_s)
            wall[name].append(wall_s)
    median = {name: statistics.median(values) for name, values in cpu.items()}
    median_wall = {name: statistics.median(values) for name, values in wall.items()}
    ratio = median["naive"] / median["fast"]
    ratio_exact = median["naive"] / median["fast_exact_2048"]

    for name, result in results.items():
        sizes = ", ".join(
            f"{n} {v.width}x{v.height} {len(v.data) // 1024} KiB"
            for n, v in result.variants.items()
        )
        cpu_ms, wall_ms = median[name] * 1000, median_wall[name] * 1000
        print(f"{name:>16}: {cpu_ms:7.1f} ms CPU, {wall_ms:7.1f} ms wall  ({sizes})")
    print(f"ratio naive/fast: {ratio:.2f}x   naive/fast_exact_2048: {ratio_exact:.2f}x (CPU time)")

    memory: dict[str, dict[str, float]] = {}
    probes: list[tuple[str, str, bytes]] = [
        ("fast_12mp_jpeg", "fast", data),
        ("naive_12mp_jpeg", "naive", data),
    ]
    if not args.quick:
        ceiling = photo.resize((7680, 5200), Image.Resampling.BILINEAR)  # 39.9 MP
        ceiling_jpeg = io.BytesIO()
        ceiling.save(ceiling_jpeg, "JPEG", quality=90)
        rgba = photo.convert("RGBA")
        rgba.putalpha(200)
        png = io.BytesIO()
        rgba.save(png, "PNG", compress_level=1)
        probes += [
            ("fast_40mp_jpeg", "fast", ceiling_jpeg.getvalue()),
            ("fast_12mp_rgba_png", "fast", png.getvalue()),
        ]
    for label, kind, payload in probes:
        growth, high_water = peak_memory_mib(kind, payload)
        memory[label] = {"per_image_mib": growth, "process_peak_mib": high_water}
        print(
            f"peak memory {label:>20}: +{growth:6.1f} MiB for the image (process {high_water} MiB)"
        )

    fast_variants = results["fast"].variants
    figures = {
        "input": f"{WIDTH}x{HEIGHT} JPEG q90 {len(data)} bytes, orientation 6",
        "repetitions": reps,
        "fast_median_s": round(median["fast"], 4),
        "naive_median_s": round(median["naive"], 4),
        "ratio": round(ratio, 2),
        "fast_exact_2048_median_s": round(median["fast_exact_2048"], 4),
        "ratio_exact_2048": round(ratio_exact, 2),
        "wall_median_s": {name: round(value, 4) for name, value in median_wall.items()},
        "ratio_wall": round(median_wall["naive"] / median_wall["fast"], 2),
        "fast_variants": {n: [v.width, v.height, len(v.data)] for n, v in fast_variants.items()},
        "peak_memory": memory,
        "memory_method": "VmHWM minus VmRSS before, fresh subprocess per pipeline",
    }
    targets = {"fast_median_s_max": TARGET_SECONDS, "ratio_min": TARGET_RATIO}
    meets = median["fast"] <= TARGET_SECONDS and ratio >= TARGET_RATIO
    print(
        json.dumps(
            {"bench": "media_pipeline", "figures": figures, "targets": targets, "meets": meets}
        )
    )


if __name__ == "__main__":
    main()
