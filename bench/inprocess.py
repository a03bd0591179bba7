"""CPU time per request in-process, for when the machine is too busy for wrk's ratios to mean much.

Runs each path N times through Django's test client against a bench database (made by `bench/run.py --keep`)
with the bench's settings, and prints the CPU milliseconds per request (`time.process_time()`, which other
processes on the machine barely move), the queries of one request and the share of the JSON-list baseline
(`/bench/json50`), measured in the same run. Rounds alternate over the paths.

    .venv/bin/python bench/inprocess.py --db /tmp/bench-large.sqlite3                 # the API lists
    .venv/bin/python bench/inprocess.py --db /tmp/bench-large.sqlite3 --n 100 /rom/   # any paths
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "/bench/json50"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="a SQLite bench database (bench/run.py --keep FILE)")
    parser.add_argument("--n", type=int, default=300, help="requests per path and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{Path(args.db).resolve()}",
            "CONN_MAX_AGE": "600",
            "SECRET_KEY": "bench-only-" + "x" * 40,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "BENCH_BASELINES": "1",
            "AXES_ENABLED": "false",
            "DEBUG": "false",
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ideverkstedet.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    monday = date.today() - timedelta(days=date.today().weekday())
    paths = [BASELINE] + (
        args.paths
        or [
            "/api/v1/rooms",
            f"/api/v1/rooms/1/availability?from={monday}",
            "/api/v1/events",
            "/api/v1/challenges?limit=50",
        ]
    )
    client = Client()
    for path in paths:
        status = client.get(path).status_code  # warm up (and caches the views fill)
        if status != 200:
            print(f"{path} answers {status}")
            return 1
    for round_ in range(1, args.rounds + 1):
        print(f"round {round_}: CPU ms per request, queries, share of {BASELINE}")
        base = 0.0
        for path in paths:
            queries: list[str] = []

            def count(execute, sql, *rest, queries=queries):  # type: ignore[no-untyped-def]
                queries.append(sql)
                return execute(sql, *rest)

            with connection.execute_wrapper(count):
                client.get(path)
            started = time.process_time()
            for _ in range(args.n):
                client.get(path)
            ms = (time.process_time() - started) / args.n * 1000
            base = base or ms
            print(f"  {path:60} {ms:6.2f} ms {len(queries):3d} queries {base / ms:6.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
