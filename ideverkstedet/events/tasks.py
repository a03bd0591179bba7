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


def sweep(now: datetime) -> dict[str, int]:
    """Catch up on registrations: expired waitlist offers passed on, reminders and evaluation requests sent.

    Registered with core.housekeeping (events/apps.py); safe to run any time, as often as you like.
    """
    return {
        "expired_offers": services.offers_expire(now=now),
        "event_reminders": services.send_reminders(now=now),
        "evaluation_requests": services.ask_for_evaluations(now=now),
    }
