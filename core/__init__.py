"""The ground floor: settings, ids, clock, errors, the Mongo and Redis clients (real or embedded),
the Celery app and its in-process worker, logging, keyset paging, every index, and the rule
that keeps denormalised counters honest. Owns `reconcile_sightings`.
"""
