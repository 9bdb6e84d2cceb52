"""Celery task of the supplier side: the monthly grade recompute (beat: the first of each month;
`recomputeSupplierGrades` runs the same on demand).

A recompute is idempotent: each supplier's grade for the month has an id derived from supplier
and month, so a redelivered or repeated run replaces that month's entry with the same figures.
"""

from __future__ import annotations

import asyncio

from commerce import supplier_scoring
from core import clock
from core.celery_app import celery_app, current_settings
from core.mongo import open_async


@celery_app.task(name="suppliers.recompute_grades")
def recompute_grades(brand_id: str | None = None) -> int:
    settings = current_settings()

    async def run() -> int:
        # An async client belongs to the loop that made it: this run makes and closes its own.
        handles = open_async(settings)
        try:
            records = await supplier_scoring.recompute(handles.db, settings, brand_id, clock.now())
        finally:
            await handles.close()
        return len(records)

    return asyncio.run(run())
