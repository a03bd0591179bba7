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
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METHOD_FILTER = "/metoder/?fase=tenke&minutter=45&personer_fra=6&personer_til=10"
SIMILAR_IDEAS = "/utfordringer/demo-100-ideer/ideer/lignende/?title=felles+digitalt+skjema+for+barnehage"
# Targets with a goal for p99 latency in ms (QUALITY.md: "p99 ≤ 50 ms lightly loaded"); run.py exits 1 if missed.
P99_GOALS = {
    "challenges: search «barnehagen», light": 50.0,
    "challenges: similar ideas while typing, light": 50.0,
}
PY = sys.executable
PORT = 8765


def sh(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def wrk(
    url: str,
    seconds: int,
    *,
    connections: int = 32,
    headers: dict[str, str] | None = None,
    script: str | None = None,
) -> dict[str, float]:
    extra = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    extra += ["-s", script] if script else []
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
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


# A five-block plan owned by the demo's first employee, and a logged-in session for them: the plan PDFs are
# private, so wrk sends that session's cookie. Printed as "<plan id> <session key>".
METHODS_SETUP = """
from django.conf import settings
from django.test import Client
from ideverkstedet.accounts.models import Role, User
from ideverkstedet.methods import services
from ideverkstedet.methods.models import Method, Plan

owner = User.objects.filter(role=Role.EMPLOYEE, is_active=True).order_by("pk").first()
plan = Plan.objects.filter(owner=owner, title="Benchmark: fem punkter").first()
if plan is None:
    plan = services.plan_create(owner=owner, title="Benchmark: fem punkter", notes="Til make bench.")
    for slug, title, minutes in [(None, "Velkommen", 10), ("crazy-8s", "", 20), (None, "Pause", 10),
                                 ("prikkstemming", "", 10), ("konseptplakat", "", 30)]:
        method = Method.objects.get(slug=slug) if slug else None
        services.block_add(actor=owner, plan=plan, method=method, title=title, minutes=minutes,
                           facilitator_notes="Notat til tilretteleggeren.")
client = Client()
client.force_login(owner)
print(plan.pk, client.cookies[settings.SESSION_COOKIE_NAME].value)
"""


def methods_setup(env: dict[str, str]) -> tuple[int, str]:
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", METHODS_SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[-2]), out[-1]


# Challenges: the first idea of `demo-100-ideer` and API tokens for the demo citizen and 50 other people, for
# the cheer endpoint. Printed as "<idea id> <citizen's token> <idea ids, comma-separated> <tokens, comma-sep.>".
CHALLENGES_SETUP = """
from ideverkstedet.accounts.models import User
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.challenges.models import Idea

ideas = list(Idea.objects.filter(challenge__slug="demo-100-ideer").order_by("pk").values_list("pk", flat=True))
_token, citizen = api_token_create(user=User.objects.get(email="innbygger@demo.no"), name="bench")
people = User.objects.filter(email__endswith="@personer.demo.no", is_active=True).order_by("pk")[:50]
keys = [api_token_create(user=person, name="bench")[1] for person in people]
print(ideas[0], citizen, ",".join(map(str, ideas)), ",".join(keys))
"""

# wrk sends POST with a bearer token through a Lua script. One person cheering one idea again and again is the
# double-click case (idempotent 200s); many people cheering many ideas mostly writes new cheers.
CHEER_ONE_LUA = """
wrk.method = "POST"
wrk.path = "/api/v1/ideas/%(idea)s/cheer"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.headers["Content-Length"] = "0"
"""
CHEER_MANY_LUA = """
local ideas = {%(ideas)s}
local tokens = {%(tokens)s}
request = function()
  local idea = ideas[math.random(#ideas)]
  local token = tokens[math.random(#tokens)]
  return wrk.format("POST", "/api/v1/ideas/" .. idea .. "/cheer",
    {["Authorization"] = "Bearer " .. token, ["Content-Length"] = "0"})
end
"""


def challenges_setup(env: dict[str, str], workdir: Path) -> tuple[int, str, str, str]:
    """The cheer target's idea id and the two Lua scripts (one person, many people) in the bench's temp dir."""
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", CHALLENGES_SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    idea, token, ideas, tokens = int(out[-4]), out[-3], out[-2], out[-1]
    one, many = workdir / "cheer_one.lua", workdir / "cheer_many.lua"
    one.write_text(CHEER_ONE_LUA % {"idea": idea, "token": token})
    quoted = ",".join(f'"{key}"' for key in tokens.split(","))
    many.write_text(CHEER_MANY_LUA % {"ideas": ideas, "tokens": quoted})
    return idea, token, str(one), str(many)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--size", default="large", choices=["small", "large"])
    parser.add_argument("--keep", help="reuse this database file if it exists (faster re-runs)")
    parser.add_argument(
        "--only", help="run only the targets whose name contains this text (the baselines always run)"
    )
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
    plan_id, session_key = methods_setup(env)
    logged_in = {"Cookie": f"sessionid={session_key}"}
    cheer_idea, cheer_token, cheer_one, cheer_many = challenges_setup(env, workdir)
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
        # (name, path, baseline, options): options are wrk's connections and request headers.
        pdf = {"connections": 4}  # a PDF takes ~0.1 s of one worker: 32 connections would only queue
        targets: list[tuple[str, str, str | None, dict]] = [
            ("baseline: plain HttpResponse", "/bench/plain", None, {}),
            ("baseline: template with 50 ORM rows", "/bench/rows50", None, {}),
            ("baseline: JSON list of 50 rows", "/bench/json50", None, {}),
            ("front page", "/", "rows50", {}),
            ("week calendar (room page)", f"/rom/ideverkstedet/?uke={week}", "rows50", {}),
            ("room list", "/rom/", "rows50", {}),
            ("event list", "/arrangementer/", "rows50", {}),
            (
                "event page with 100 registrations",
                "/arrangementer/stort-kurs-i-tjenestedesign/",
                "rows50",
                {},
            ),
            ("API rooms list", "/api/v1/rooms", "json50", {}),
            ("API events list", "/api/v1/events", "json50", {}),
            ("API availability (7 days)", f"/api/v1/rooms/1/availability?from={monday}", "json50", {}),
            ("methods: list, Tenke ≤ 45 min, 6–10 people", METHOD_FILTER, "rows50", {}),
            ("methods: list, unfiltered (page 1 of 3)", "/metoder/", "rows50", {}),
            ("methods: one method card as PDF", "/metoder/crazy-8s/kort.pdf", "rows50", pdf),
            (
                "methods: plan of 5 blocks as PDF",
                f"/opplegg/{plan_id}/opplegg.pdf",
                "rows50",
                {**pdf, "headers": logged_in},
            ),
            (
                "methods: facilitator PDF (5 blocks)",
                f"/opplegg/{plan_id}/tilrettelegger.pdf",
                "rows50",
                {**pdf, "headers": logged_in},
            ),
        ]
        light = {"connections": 1}  # QUALITY.md: search p99 ≤ 50 ms lightly loaded
        targets += [
            ("challenges: list, page 1 (50 per page)", "/utfordringer/?side=1", "rows50", {}),
            ("challenges: list, page 40", "/utfordringer/?side=40", "rows50", {}),
            ("challenges: 100 ideas and 100 comments", "/utfordringer/demo-100-ideer/", "rows50", {}),
            ("challenges: search «barnehagen»", "/sok/?q=barnehagen", "rows50", {}),
            ("challenges: search «barnehagen», light", "/sok/?q=barnehagen", "rows50", light),
            ("challenges: search «barnehagen», light ×2", "/sok/?q=barnehagen", "rows50", {"connections": 2}),
            ("challenges: API list (limit 50)", "/api/v1/challenges?limit=50", "json50", {}),
            # Issue 17: up to five similar ideas while someone types an idea's title (htmx, debounced).
            ("challenges: similar ideas while typing, light", SIMILAR_IDEAS, "rows50", light),
            ("challenges: similar ideas while typing", SIMILAR_IDEAS, "rows50", {}),
            (
                "challenges: API cheer, one person again (POST)",
                f"/api/v1/ideas/{cheer_idea}/cheer",
                "json50",
                {"script": cheer_one, "post": {"Authorization": f"Bearer {cheer_token}"}},
            ),
            (
                "challenges: API cheer, 50 people × 100 ideas (POST)",
                f"/api/v1/ideas/{cheer_idea}/cheer",
                "json50",
                {"script": cheer_many, "post": {"Authorization": f"Bearer {cheer_token}"}},
            ),
        ]
        this_year = date.today().year
        targets += [
            ("stories: list, page 1 (20 per page)", "/historier/", "rows50", {}),
            ("stories: list, in use and of one type", "/historier/?i_bruk=ja&type=service", "rows50", {}),
            ("stories: API list (limit 50)", "/api/v1/stories?limit=50", "json50", {}),
            ("statistics: barometer, this year", "/statistikk/", "rows50", {}),
            (
                "statistics: barometer, last year, one service area",
                f"/statistikk/?ar={this_year - 1}&omrade=barnehage",
                "rows50",
                {},
            ),
            ("statistics: API, this year", "/api/v1/statistics", "json50", {}),
        ]
        if args.only:
            targets = [t for t in targets if t[0].startswith("baseline") or args.only.lower() in t[0].lower()]
        results: dict[str, dict[str, float]] = {}
        for name, path, _, options in targets:
            options = dict(options)
            post = options.pop("post", None)  # POST targets: wrk's Lua script sends them
            warm_up = urllib.request.Request(
                base + path, headers=post or options.get("headers", {}), method="POST" if post else "GET"
            )
            try:
                urllib.request.urlopen(warm_up, timeout=30).read()  # warm up, and fail early on errors
            except urllib.error.HTTPError as error:
                print(f"{name}: {path} answers {error.code}; skipped")
                continue
            results[name] = wrk(base + path, args.seconds, **options)
        baselines = {
            "rows50": results["baseline: template with 50 ORM rows"],
            "json50": results["baseline: JSON list of 50 rows"],
        }
        print()
        print(
            f"{'target':50} {'req/s':>8} {'p99 ms':>8} {'ratio':>7} {'p99 ×':>6} {'non-2xx':>8} {'sock err':>8}"
        )
        for name, _path, baseline, options in targets:
            if name not in results:
                continue
            r = results[name]
            ratio = f"{r['rps'] / baselines[baseline]['rps']:.0%}" if baseline else "–"
            p99x = f"{r['p99_ms'] / baselines[baseline]['p99_ms']:.2f}" if baseline else "–"
            if "connections" in options:
                name = f"{name} (-c{options['connections']})"
            print(
                f"{name:50} {r['rps']:8.0f} {r['p99_ms']:8.1f} {ratio:>7} {p99x:>6} {r['non2xx']:8d} {r['socket_errors']:8d}"
            )
        print()
        print(
            f"wrk -t2 -c32 -d{args.seconds}s; gunicorn 2 sync workers; SQLite ({db.name}); demo size {args.size}"
        )
        missed = [
            f"{name}: p99 {results[name]['p99_ms']:.1f} ms > {goal:.0f} ms"
            for name, goal in P99_GOALS.items()
            if name in results and results[name]["p99_ms"] > goal
        ]
        missed += [f"{name}: {r['non2xx']} non-2xx" for name, r in results.items() if r["non2xx"]]
        for line in missed:
            print(f"GOAL MISSED {line}")
        if missed:
            return 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
