"""Celery's `-A` target: the app configured from the environment.

`trendloop worker` is the usual way in; this module serves `celery -A core.worker_entry …`
for operators who want Celery's own CLI (inspect, purge, events).
"""

from core.celery_app import configure
from core.settings import get_settings

app = configure(get_settings())
