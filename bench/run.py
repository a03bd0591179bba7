"""`make bench`: load-test pages and API endpoints with wrk against gunicorn, as ratios to bare-Django baselines.

Sets up its own SQLite database with `demo --size large`, starts gunicorn (2 sync workers) on 127.0.0.1,
runs wrk (2 threads, 32 connections) against two baselines and each target, and prints requests per second,
p99 latency, the ratio to the baseline and the errors. Everything runs on this machine; nothing else is touched.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = 8765


def sh(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def wrk(url: str, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99_match = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99 = float(p99_match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99_match.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": rps,
        "p99_ms": p99,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--size", default="large", choices=["small", "large"])
    parser.add_argument("--keep", help="reuse this database file if it exists (faster re-runs)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="idv-bench-"))
    db = Path(args.keep) if args.keep else workdir / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "STATIC_ROOT": str(workdir / "static"),
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "BENCH_BASELINES": "1",
        "AXES_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    fresh = not db.exists()
    sh([PY, "manage.py", "migrate", "--noinput"], env)
    if fresh:
        print(f"loading demo --size {args.size} into {db} …", flush=True)
        started = time.monotonic()
        sh([PY, "manage.py", "demo", "--size", args.size], {**env, "DEBUG": "true"})
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    sh([PY, "manage.py", "collectstatic", "--noinput"], env)
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "ideverkstedet.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "DEBUG": "false"},
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        monday = date.today() - timedelta(days=date.today().weekday())
        week = f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"
        targets = [
            ("baseline: plain HttpResponse", "/bench/plain", None),
            ("baseline: template with 50 ORM rows", "/bench/rows50", None),
            ("baseline: JSON list of 50 rows", "/bench/json50", None),
            ("front page", "/", "rows50"),
            ("week calendar (room page)", f"/rom/ideverkstedet/?uke={week}", "rows50"),
            ("room list", "/rom/", "rows50"),
            ("event list", "/arrangementer/", "rows50"),
            ("event page with 100 registrations", "/arrangementer/stort-kurs-i-tjenestedesign/", "rows50"),
            ("API rooms list", "/api/v1/rooms", "json50"),
            ("API events list", "/api/v1/events", "json50"),
            ("API availability (7 days)", f"/api/v1/rooms/1/availability?from={monday}", "json50"),
        ]
        results: dict[str, dict[str, float]] = {}
        for _name, path, _ in targets:
            urllib.request.urlopen(base + path, timeout=10).read()  # warm up, and fail early on errors
            results[path] = wrk(base + path, args.seconds)
        baselines = {"rows50": results["/bench/rows50"], "json50": results["/bench/json50"]}
        print()
        print(
            f"{'target':42} {'req/s':>8} {'p99 ms':>8} {'ratio':>7} {'p99 ×':>6} {'non-2xx':>8} {'sock err':>8}"
        )
        for name, path, baseline in targets:
            r = results[path]
            ratio = f"{r['rps'] / baselines[baseline]['rps']:.0%}" if baseline else "–"
            p99x = f"{r['p99_ms'] / baselines[baseline]['p99_ms']:.2f}" if baseline else "–"
            print(
                f"{name:42} {r['rps']:8.0f} {r['p99_ms']:8.1f} {ratio:>7} {p99x:>6} {r['non2xx']:8d} {r['socket_errors']:8d}"
            )
        print()
        print(
            f"wrk -t2 -c32 -d{args.seconds}s; gunicorn 2 sync workers; SQLite ({db.name}); demo size {args.size}"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
