from datetime import datetime, timedelta

from django.tasks import task

from ideverkstedet.events import services


@task()
def expire_offers() -> int:
    return services.offers_expire()


def schedule_offer_expiry(when: datetime | None) -> None:
    if when is None or not expire_offers.get_backend().supports_defer:
        return  # the immediate backend (tests) cannot wait; `manage.py housekeeping` sweeps instead
    expire_offers.using(run_after=when + timedelta(seconds=5)).enqueue()
