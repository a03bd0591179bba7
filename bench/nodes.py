"""`bench/run.py --database postgres --nodes 2`: two app servers that behave as one.

Starts two gunicorn servers (2 sync workers each) against one PostgreSQL database, with Redis as their shared
cache (CACHE_URL, a key prefix of this run's own), behind HAProxy (Debian's package; installed with apt-get when
missing). Then shows, talking to each node directly:

- a person logged in through node A is logged in on node B (sessions live in the database);
- the login lock-out counts failures on both nodes together (django-axes keeps attempts in the database);
- the posting limit counts posts on both nodes together (core.ratelimit keeps hits in the database);
- a booking race split across both nodes has exactly one winner (the database's guard);
- the cache is shared (a key written by node A is read by node B) and a change made through node B shows on
  node A at once (keys carry the objects' updated_at).

Then it runs the targets through the load balancer. On a 2-core machine two nodes cannot add throughput (four
workers share the same two cores as two did); the figures are printed to show that the set-up holds under load
with 0 errors, not to show a speed-up.
"""

from __future__ import annotations

import argparse
import http.cookies
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from run import (  # type: ignore[import-not-found]
    MEMORY_LIMIT_MB,
    Context,
    Target,
    print_report,
    run_targets,
    start_gunicorn,
    stop,
    wait_until_up,
    worker_rss_mb,
)

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
DEMO_PASSWORD = "demo-passord-2026"
RACERS = 16

HAPROXY_CFG = """
global
    maxconn 512
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option http-server-close
frontend web
    bind 127.0.0.1:%(front)d
    default_backend app
backend app
    balance roundrobin
    server a 127.0.0.1:%(a)d check
    server b 127.0.0.1:%(b)d check
"""

# Bench database only: forget earlier runs' lock-outs and rate-limit hits, then make what the checks need.
# Printed as JSON.
NODES_SETUP = """
import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo
from axes.models import AccessAttempt, AccessFailureLog
from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.core.models import RateLimitHit
from ideverkstedet.rooms.models import Booking, PurposeKind, Room
from ideverkstedet.rooms.services import booking_problems

AccessAttempt.objects.all().delete()
AccessFailureLog.objects.all().delete()
RateLimitHit.objects.all().delete()
poster = User.objects.get(email="ekstern@demo.no")
candidates = list(User.objects.filter(role=Role.EMPLOYEE, is_active=True, email__endswith="@personer.demo.no")
                  .order_by("pk")[:200])
room = Room.objects.get(slug="ideverkstedet")
oslo = ZoneInfo("Europe/Oslo")
slot, racers, seen = None, [], set()
for days in range(3, 60):
    day = (datetime.now(oslo) + timedelta(days=days)).date()
    for hour in (9, 11, 13):
        start = datetime.combine(day, time(hour), oslo)
        end = start + timedelta(hours=1)
        buffer = timedelta(minutes=room.buffer_minutes)
        if Booking.objects.filter(room=room, start__lt=end + buffer, occupied_until__gt=start - buffer).exists():
            continue
        racers = []
        for person in candidates:
            problems = booking_problems(room=room, organiser=person, start=start, end=end)
            seen.update(p.code for p in problems)
            if not problems:
                racers.append(person)
            if len(racers) == %(racers)d:
                break
        if len(racers) >= 2:
            slot = (start.isoformat(), end.isoformat())
            break
    if slot:
        break
print(json.dumps({
    "poster": api_token_create(user=poster, name="bench nodes")[1],
    "racers": [api_token_create(user=r, name="bench nodes")[1] for r in racers],
    "room": room.pk,
    "slot": slot,
    "problems_seen": sorted(seen),
    "purpose": PurposeKind.objects.filter(is_active=True).order_by("pk").first().pk,
}))
"""


class Node:
    """A browser-like client for one node: cookies kept (also the Secure ones, over plain HTTP on 127.0.0.1),
    the CSRF token sent back with forms."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None) -> None:
        self.base = base
        self.cookies = cookies if cookies is not None else {}
        self.opener = urllib.request.build_opener(NoRedirect())

    def request(
        self,
        path: str,
        *,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        method: str | None = None,
    ) -> tuple[int, str]:
        encoded = urllib.parse.urlencode(data).encode() if data is not None else body
        req = urllib.request.Request(self.base + path, data=encoded, headers=headers or {}, method=method)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(req, timeout=120)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode()

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        _status, page = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {path}"
        return self.request(path, data={"csrfmiddlewaretoken": token.group(1), **fields})

    def api(self, path: str, token: str, payload: dict[str, Any] | None = None) -> tuple[int, str]:
        body = json.dumps(payload).encode() if payload is not None else b""
        return self.request(
            path,
            body=body,
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def redis_keys(prefix: str) -> list[str]:
    out = subprocess.run(
        ["redis-cli", "-u", REDIS_URL, "--scan", "--pattern", f"{prefix}:*"], capture_output=True, text=True
    ).stdout
    return out.split()


def checks(a: Node, b: Node, setup: dict[str, Any], prefix: str) -> list[tuple[str, bool, str]]:
    results: list[tuple[str, bool, str]] = []

    # 1. Log in through A; the session cookie is valid on B.
    status, _ = a.post_form(
        "/konto/logg-inn/", {"username": "ansatt@demo.kommune.no", "password": DEMO_PASSWORD}
    )
    b_same = Node(b.base, dict(a.cookies))
    profile_b, _ = b_same.request("/konto/profil/")
    anonymous_b, _ = Node(b.base).request("/konto/profil/")
    results.append(
        (
            "logged in through A is logged in on B",
            status == 302 and profile_b == 200 and anonymous_b == 302,
            f"login {status}, profile on B {profile_b} (without the cookie {anonymous_b})",
        )
    )

    # 2. Five failed logins, alternating A and B, lock the account on both (AXES_FAILURE_LIMIT = 5).
    codes = []
    for n in range(5):
        node = Node((a if n % 2 == 0 else b).base)
        codes.append(
            node.post_form("/konto/logg-inn/", {"username": "frivillig@demo.no", "password": "feil"})[0]
        )
    after_a = Node(a.base).post_form(
        "/konto/logg-inn/", {"username": "frivillig@demo.no", "password": DEMO_PASSWORD}
    )
    after_b = Node(b.base).post_form(
        "/konto/logg-inn/", {"username": "frivillig@demo.no", "password": DEMO_PASSWORD}
    )
    results.append(
        (
            "login lock-out counts failures on both nodes",
            codes[:4] == [200] * 4 and after_a[0] == 429 and after_b[0] == 429,
            f"failures {codes}, right password afterwards: A {after_a[0]}, B {after_b[0]}",
        )
    )

    # 3. The posting limit (10 posts per 10 minutes per person) counts posts on both nodes.
    posted = []
    for n in range(12):
        node = a if n % 2 == 0 else b
        posted.append(
            node.api(
                "/api/v1/challenges/demo-100-ideer/ideas",
                setup["poster"],
                {"title": f"Idé fra node {'AB'[n % 2]} nr. {n}", "description": "Fra benchmarken."},
            )[0]
        )
    results.append(
        (
            "posting limit counts posts on both nodes",
            posted.count(201) == 10 and posted[10:] == [429, 429],
            f"answers {posted}",
        )
    )

    # 4. A booking race split across both nodes: exactly one winner.
    if not setup["slot"]:
        results.append(
            ("booking race over both nodes", False, f"no free slot; rules: {setup['problems_seen']}")
        )
        setup["racers"] = []
    answers: list[int] = []

    def race(n: int, token: str) -> None:
        node = a if n % 2 == 0 else b
        start, end = setup["slot"]
        payload = {
            "room": setup["room"],
            "start": start,
            "end": end,
            "purpose_kind": setup["purpose"],
            "group_type": "team",
            "expected_participants": 4,
        }
        barrier.wait()
        answers.append(node.api("/api/v1/bookings", token, payload)[0])

    threads = [threading.Thread(target=race, args=(n, t)) for n, t in enumerate(setup["racers"])]
    barrier = threading.Barrier(max(1, len(threads)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results += (
        []
        if not threads
        else [
            (
                f"booking race over both nodes ({len(answers)} people): one winner",
                answers.count(201) == 1 and all(code in {201, 409, 422} for code in answers),
                f"answers {sorted(answers)}",
            )
        ]
    )

    # 5. The cache is shared, and a change through B shows on A at once.
    page = "/utfordringer/demo-100-ideer/"
    a, b = Node(a.base), Node(b.base)  # visitors: their fragments are the cached ones
    before = set(redis_keys(prefix))
    a.request(page)
    written_by_a = set(redis_keys(prefix)) - before
    b.request(page)
    after_b_read = set(redis_keys(prefix)) - before - written_by_a
    title = "Ny idé via node B"
    created = b.api(
        "/api/v1/challenges/demo-100-ideer/ideas", setup["racers"][0], {"title": title, "description": "Ny."}
    )[0]
    shown_on_a = title in a.request(page)[1]
    results.append(
        (
            "cache shared by both nodes, a change through B shows on A",
            bool(written_by_a) and not after_b_read and created == 201 and shown_on_a,
            f"{len(written_by_a)} keys written by A, {len(after_b_read)} new keys after B read the same page; "
            f"idea through B {created}; on A at once: {shown_on_a}",
        )
    )
    return results


def run_two_nodes(ctx: Context, args: argparse.Namespace, all_targets: list[Target]) -> int:
    if not shutil.which("haproxy"):
        print("installing HAProxy (apt-get install haproxy) …", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "haproxy"], check=True, stdout=subprocess.DEVNULL)
    if (
        subprocess.run(["redis-cli", "-u", REDIS_URL, "ping"], capture_output=True, text=True).stdout.strip()
        != "PONG"
    ):
        print(f"Redis does not answer at {REDIS_URL} (BENCH_REDIS_URL)")
        return 1
    prefix = f"idv-bench-{os.getpid()}"
    env = {**ctx.env, "CACHE_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix, "AXES_ENABLED": "true"}
    setup = json.loads(ctx.output(NODES_SETUP.replace("%(racers)d", str(RACERS))).strip().splitlines()[-1])
    front, port_a, port_b = args.port, args.port + 1, args.port + 2
    cfg = ctx.workdir / "haproxy.cfg"
    cfg.write_text(HAPROXY_CFG % {"front": front, "a": port_a, "b": port_b})
    servers = [start_gunicorn(env, port_a), start_gunicorn(env, port_b)]
    proxy = subprocess.Popen(["haproxy", "-f", str(cfg), "-db"], stdout=subprocess.DEVNULL)
    a, b = Node(f"http://127.0.0.1:{port_a}"), Node(f"http://127.0.0.1:{port_b}")
    try:
        for base in (a.base, b.base, f"http://127.0.0.1:{front}"):
            wait_until_up(base)
        results = checks(a, b, setup, prefix)
        print()
        for name, ok, detail in results:
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
        selected = all_targets
        if args.only:
            selected = [
                t for t in selected if t.name.startswith("baseline") or args.only.lower() in t.name.lower()
            ]
        rows, _ = run_targets(f"http://127.0.0.1:{front}", selected, args.seconds)
        memory = worker_rss_mb(servers[0].pid) + worker_rss_mb(servers[1].pid)
    finally:
        for process in (proxy, *servers):
            stop(process)
        keys = redis_keys(prefix)
        if keys:
            subprocess.run(["redis-cli", "-u", REDIS_URL, "del", *keys], capture_output=True)
    print_report(rows)
    setup_text = (
        f"wrk -t2 -c32 -d{args.seconds}s through HAProxy; 2 nodes × gunicorn 2 sync workers; PostgreSQL "
        f"({args.pg_name}); Redis cache; demo size {args.size}"
    )
    print()
    print(setup_text)
    print(
        "two nodes on this 2-core machine share the same two cores: they cannot add throughput, only show that "
        "the nodes behave as one under load"
    )
    print(f"resident memory of the workers after the run: {', '.join(f'{mb:.0f} MB' for mb in memory)}")
    failed_checks = [name for name, ok, _ in results if not ok]
    errors = [row for row in rows if row["non2xx"] or row["socket_errors"]]
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "setup": setup_text,
                    "command": "bench/run.py " + " ".join(sys.argv[1:]),
                    "checks": [{"check": n, "ok": ok, "detail": d} for n, ok, d in results],
                    "worker_rss_mb": [round(mb, 1) for mb in memory],
                    "targets": rows,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    if failed_checks or errors or any(mb > MEMORY_LIMIT_MB for mb in memory):
        print(f"failed: {failed_checks or ''} {len(errors)} target(s) with errors")
        return 1
    return 0
