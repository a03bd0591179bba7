"""Real concurrent requests in tests: threads with their own database connections start at the same instant."""

import threading
from collections import Counter
from collections.abc import Callable

from django.db import connection


def race(
    work: Callable[[int], object],
    count: int,
    *,
    expected: Callable[[Exception], str | None] = lambda error: None,
) -> Counter[str]:
    """Run `work(0..count-1)` in `count` threads released together by a barrier, and count the outcomes:
    what `work` returned (as text), `expected(error)` for an error the test expects (e.g. "taken"), or the
    error's type and text for anything else, which the test then reports. Needs transaction=True tests."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcome = str(work(index))
        except Exception as error:  # sorted out below: expected, or a failure the test reports
            outcome = expected(error) or f"{type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(outcomes)
