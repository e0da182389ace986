"""The runner's own housekeeping on the queue: the recovery sweep, when a worker starts and every minute."""

import logging

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import HUEY

from jobs.recovery import sweep

logger = logging.getLogger(__name__)


@HUEY.on_startup(name="jobs.recover_on_startup")
def recover_on_startup():
    try:
        sweep()
    except Exception:  # a worker must start even if the database is not reachable yet
        logger.exception("job recovery sweep failed at worker start")
    finally:
        close_old_connections()


@HUEY.periodic_task(crontab(minute="*"), name="jobs.recover")
def recover():
    close_old_connections()
    try:
        sweep()
    finally:
        close_old_connections()
