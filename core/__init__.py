"""The ground floor: settings, ids, clock, errors, the Mongo and Redis clients (real or embedded),
the Celery app and its in-process worker, logging, every index, and the rule that keeps
denormalised counters honest. Owns no collection of its own but `reconcile_sightings`.
"""
