"""gunicorn settings read automatically from the working directory: keep secrets out of the access log.

The personal calendar feed carries its token in the path (calendar apps cannot send headers), so the access
log would otherwise hold a working link to someone's bookings. See ideverkstedet/core/logfilters.py.
"""

import gc
import logging


def post_worker_init(worker: object) -> None:
    from ideverkstedet.core.logfilters import RedactSecrets

    logging.getLogger("gunicorn.access").addFilter(RedactSecrets())
    logging.getLogger("gunicorn.error").addFilter(RedactSecrets())
    # The application is loaded: move everything it made so far (Django, the apps, their modules: most of a
    # worker's objects) out of the garbage collector's reach. A full collection otherwise walks all of them,
    # and those pauses were the slowest 1 % of requests under load.
    gc.collect()
    gc.freeze()
