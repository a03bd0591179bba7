"""`make bench`: load-test pages and API endpoints with wrk against gunicorn, as ratios to bare-Django baselines.

Sets up its own database (SQLite by default, or a fresh PostgreSQL database with `--database postgres`) with
`demo --size large`, starts gunicorn (2 sync workers) on 127.0.0.1, runs wrk (2 threads, 32 connections) against
the baselines and each target, and prints requests per second, p99 latency, the ratio to the baseline, the goal
from QUALITY.md and the errors. Exits non-zero when a target misses its goal, any request failed, or a worker
grew past MEMORY_LIMIT_MB. `--nodes 2` runs two app servers behind HAProxy with Redis as the shared cache and
checks that they behave as one (nodes.py). Everything runs on this machine; nothing else is touched.

Targets are registered per app: a function decorated with @targets returns that app's Target list (it may run
a setup script first, through `ctx.shell`). Add a new app's pages by adding one such function.
"""

from __future__ import annotations

import argparse
import contextlib
import json
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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SIMILAR_IDEAS = "/utfordringer/demo-100-ideer/ideer/lignende/?title=felles+digitalt+skjema+for+barnehage"
METHOD_FILTER = "/metoder/?fase=tenke&minutter=45&personer_fra=6&personer_til=10"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
MEMORY_LIMIT_MB = 200

# QUALITY.md's goals, as a share of the baseline's requests per second (p99 at most 1.5 × the baseline's).
LIST = 0.75  # list pages with 50 items: ≥ 75 % of the 50-row template
DETAIL = 0.60  # detail pages with 100 comments or registrations: ≥ 60 % of the 50-row template
JSON_LIST = 0.70  # JSON API lists: ≥ 70 % of the bare JSON list
P99_FACTOR = 1.5


@dataclass
class Target:
    name: str
    path: str
    baseline: str | None = None  # "rows50" (HTML) or "json50" (JSON); None for a baseline itself
    goal: float | None = None  # LIST, DETAIL, JSON_LIST; None: figures only (PDFs, POSTs, search at load)
    p99_max_ms: float | None = None  # an absolute p99 goal (search, lightly loaded)
    connections: int = 32
    headers: dict[str, str] = field(default_factory=dict)
    script: str | None = None  # a wrk Lua script (POST targets)
    post_headers: dict[str, str] | None = None  # POST targets: the warm-up request is a POST with these


@dataclass
class Context:
    env: dict[str, str]
    workdir: Path
    monday: date
    week: str

    def shell(self, code: str) -> list[str]:
        """Run Python in `manage.py shell` against the bench database; its printed words."""
        return self.output(code).split()

    def output(self, code: str) -> str:
        """Run Python in `manage.py shell` against the bench database; what it printed."""
        return subprocess.run(
            [PY, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout


TARGET_GROUPS: list[Callable[[Context], list[Target]]] = []


def targets(group: Callable[[Context], list[Target]]) -> Callable[[Context], list[Target]]:
    """Register an app's targets (in the order they run)."""
    TARGET_GROUPS.append(group)
    return group


@targets
def baselines(ctx: Context) -> list[Target]:
    return [
        Target("baseline: plain HttpResponse", "/bench/plain"),
        Target("baseline: template with 50 ORM rows", "/bench/rows50"),
        Target("baseline: JSON list of 50 rows", "/bench/json50"),
    ]


@targets
def rooms(ctx: Context) -> list[Target]:
    return [
        Target("front page", "/", "rows50", LIST),
        Target("week calendar (room page)", f"/rom/ideverkstedet/?uke={ctx.week}", "rows50", LIST),
        Target("room list", "/rom/", "rows50", LIST),
        Target("API rooms list", "/api/v1/rooms", "json50", JSON_LIST),
        Target(
            "API availability (7 days)",
            f"/api/v1/rooms/1/availability?from={ctx.monday}",
            "json50",
            JSON_LIST,
        ),
    ]


@targets
def events(ctx: Context) -> list[Target]:
    return [
        Target("event list", "/arrangementer/", "rows50", LIST),
        Target(
            "event page with 100 registrations",
            "/arrangementer/stort-kurs-i-tjenestedesign/",
            "rows50",
            DETAIL,
        ),
        Target("API events list", "/api/v1/events", "json50", JSON_LIST),
    ]


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


@targets
def methods(ctx: Context) -> list[Target]:
    plan_id, session_key = ctx.shell(METHODS_SETUP)[-2:]
    logged_in = {"Cookie": f"sessionid={session_key}"}
    # A PDF takes ~0.1 s of one worker: 32 connections would only queue behind two workers.
    return [
        Target("methods: list, Tenke ≤ 45 min, 6–10 people", METHOD_FILTER, "rows50", LIST),
        Target("methods: list, unfiltered (page 1 of 3)", "/metoder/", "rows50", LIST),
        Target("methods: one method card as PDF", "/metoder/crazy-8s/kort.pdf", "rows50", connections=4),
        Target(
            "methods: plan of 5 blocks as PDF",
            f"/opplegg/{plan_id}/opplegg.pdf",
            "rows50",
            connections=4,
            headers=logged_in,
        ),
        Target(
            "methods: facilitator PDF (5 blocks)",
            f"/opplegg/{plan_id}/tilrettelegger.pdf",
            "rows50",
            connections=4,
            headers=logged_in,
        ),
    ]


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


@targets
def challenges(ctx: Context) -> list[Target]:
    idea, token, ideas, tokens = ctx.shell(CHALLENGES_SETUP)[-4:]
    one, many = ctx.workdir / "cheer_one.lua", ctx.workdir / "cheer_many.lua"
    one.write_text(CHEER_ONE_LUA % {"idea": idea, "token": token})
    quoted = ",".join(f'"{key}"' for key in tokens.split(","))
    many.write_text(CHEER_MANY_LUA % {"ideas": ideas, "tokens": quoted})
    bearer = {"Authorization": f"Bearer {token}"}
    cheer = f"/api/v1/ideas/{idea}/cheer"
    return [
        Target("challenges: list, page 1 (50 per page)", "/utfordringer/?side=1", "rows50", LIST),
        Target("challenges: list, page 40", "/utfordringer/?side=40", "rows50", LIST),
        Target("challenges: 100 ideas and 100 comments", "/utfordringer/demo-100-ideer/", "rows50", DETAIL),
        Target("challenges: search «barnehagen»", "/sok/?q=barnehagen", "rows50"),
        # QUALITY.md: search p99 ≤ 50 ms lightly loaded
        Target(
            "challenges: search «barnehagen», light", "/sok/?q=barnehagen", "rows50", None, 50, connections=1
        ),
        Target(
            "challenges: search «barnehagen», light ×2",
            "/sok/?q=barnehagen",
            "rows50",
            None,
            50,
            connections=2,
        ),
        # Issue 17: up to five similar ideas while someone types an idea's title (htmx, debounced).
        Target(
            "challenges: similar ideas while typing, light", SIMILAR_IDEAS, "rows50", None, 50, connections=1
        ),
        Target(
            "challenges: similar ideas while typing, light ×2",
            SIMILAR_IDEAS,
            "rows50",
            None,
            50,
            connections=2,
        ),
        Target("challenges: similar ideas while typing", SIMILAR_IDEAS, "rows50"),
        Target("challenges: API list (limit 50)", "/api/v1/challenges?limit=50", "json50", JSON_LIST),
        Target(
            "challenges: API cheer, one person again (POST)",
            cheer,
            "json50",
            script=str(one),
            post_headers=bearer,
        ),
        Target(
            "challenges: API cheer, 50 people × 100 ideas (POST)",
            cheer,
            "json50",
            script=str(many),
            post_headers=bearer,
        ),
    ]


# The demo adviser, logged in: for the desk's queue (advisers only) and the barometer's figures for the
# municipality; wrk sends the session cookie. Printed as "<session key>".
ADVISER_SETUP = """
from django.conf import settings
from django.test import Client
from ideverkstedet.accounts.models import User

client = Client()
client.force_login(User.objects.get(email="radgiver@demo.kommune.no"))
print(client.cookies[settings.SESSION_COOKIE_NAME].value)
"""


@targets
def desk(ctx: Context) -> list[Target]:
    logged_in = {"Cookie": f"sessionid={ctx.shell(ADVISER_SETUP)[-1]}"}
    return [
        Target("desk: queue, open requests, page 1 (50)", "/hjelp/ko/", "rows50", LIST, headers=logged_in),
        Target(
            "desk: queue, overdue, page 1 (50)", "/hjelp/ko/?overdue=on", "rows50", LIST, headers=logged_in
        ),
        Target(
            "desk: queue, all statuses, page 20 (50)",
            "/hjelp/ko/?status=all&side=20",
            "rows50",
            LIST,
            headers=logged_in,
        ),
    ]


@targets
def stories_and_statistics(ctx: Context) -> list[Target]:
    this_year = date.today().year
    session_key = ctx.shell(ADVISER_SETUP)[-1]
    adviser = {"Cookie": f"sessionid={session_key}"}
    # The barometer is a detail page (QUALITY.md): its sections come from the cache (statistics/cache.py)
    # until the data they read changes; wrk's first request fills it.
    return [
        Target("stories: list, page 1 (20 per page)", "/historier/", "rows50", LIST),
        Target("stories: list, in use and of one type", "/historier/?i_bruk=ja&type=service", "rows50", LIST),
        Target("stories: API list (limit 50)", "/api/v1/stories?limit=50", "json50", JSON_LIST),
        Target("statistics: barometer, this year", "/statistikk/", "rows50", DETAIL),
        Target(
            "statistics: barometer, last year, one service area",
            f"/statistikk/?ar={this_year - 1}&omrade=barnehage",
            "rows50",
            DETAIL,
        ),
        Target(
            "statistics: barometer, this year, adviser", "/statistikk/", "rows50", DETAIL, headers=adviser
        ),
        Target("statistics: API, this year (figures only: not a list)", "/api/v1/statistics", "json50"),
    ]


def sh(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def wrk(url: str, seconds: int, target: Target) -> dict[str, float]:
    extra = [arg for name, value in target.headers.items() for arg in ("-H", f"{name}: {value}")]
    extra += ["-s", target.script] if target.script else []
    connections = target.connections
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
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99_match = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    assert p99_match, out
    p99 = float(p99_match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99_match.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": rps,
        "p99_ms": p99,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
    }


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
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
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "DEBUG": "false"},
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, and SIGKILL when a busy machine keeps gunicorn from stopping within a minute."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def wait_until_up(base: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not answer /healthz")


def worker_rss_mb(master_pid: int) -> list[float]:
    """The resident memory of each gunicorn worker (the master's children), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", text, re.M)
        rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
        if ppid and rss and int(ppid.group(1)) == master_pid:
            sizes.append(int(rss.group(1)) / 1024)
    return sorted(sizes)


def prepare_database(args: argparse.Namespace, workdir: Path) -> tuple[str, str, bool]:
    """The DATABASE_URL, a label for the report, and whether the demo must be loaded."""
    if args.database == "postgres":
        name = args.pg_name
        exists = (
            name
            in subprocess.run(
                ["psql", f"{PG_SERVER}/postgres", "-Atc", "SELECT datname FROM pg_database"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        )
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise SystemExit("--pg-name: lower-case letters, digits and _ only")
        admin = ["psql", f"{PG_SERVER}/postgres", "-q", "-c"]
        if exists and not args.keep:
            subprocess.run([*admin, f"DROP DATABASE {name} WITH (FORCE)"], check=True)
        if not (exists and args.keep):
            subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
        return f"{PG_SERVER}/{name}", f"PostgreSQL ({name})", not (exists and args.keep)
    db = Path(args.keep) if args.keep else workdir / "bench.sqlite3"
    return f"sqlite:///{db}", f"SQLite ({db.name})", not db.exists()


def judge(target: Target, r: dict[str, float], baselines: dict[str, dict[str, float]]) -> dict[str, object]:
    """The row of the report: figures, ratio and whether the target meets its goals."""
    row: dict[str, object] = {
        "target": target.name,
        "path": target.path,
        "connections": target.connections,
        **r,
    }
    misses = []
    if target.baseline:
        base = baselines[target.baseline]
        row["ratio"] = round(r["rps"] / base["rps"], 3)
        row["p99_x_baseline"] = round(r["p99_ms"] / base["p99_ms"], 2)
        row["goal"] = target.goal
        if target.goal is not None:
            if row["ratio"] < target.goal:  # type: ignore[operator]
                misses.append(f"ratio < {target.goal:.0%}")
            if row["p99_x_baseline"] > P99_FACTOR:  # type: ignore[operator]
                misses.append(f"p99 > {P99_FACTOR} × baseline")
    if target.p99_max_ms is not None and r["p99_ms"] > target.p99_max_ms:
        misses.append(f"p99 > {target.p99_max_ms:.0f} ms")
    if r["non2xx"] or r["socket_errors"]:
        misses.append("errors")
    row["misses"] = misses
    return row


def print_report(rows: list[dict[str, object]]) -> None:
    print()
    header = f"{'target':56} {'req/s':>7} {'p99 ms':>8} {'ratio':>6} {'goal':>5} {'p99 ×':>6} {'non-2xx':>7} {'sockerr':>7}"
    print(header)
    for row in rows:
        name = str(row["target"])
        if row["connections"] != 32:
            name = f"{name} (-c{row['connections']})"
        ratio = f"{row['ratio']:.0%}" if "ratio" in row else "–"
        goal = f"{row['goal']:.0%}" if row.get("goal") else "–"
        p99x = f"{row['p99_x_baseline']:.2f}" if "p99_x_baseline" in row else "–"
        flag = "  ✗ " + ", ".join(row["misses"]) if row["misses"] else ""  # type: ignore[arg-type]
        print(
            f"{name:56} {row['rps']:7.0f} {row['p99_ms']:8.1f} {ratio:>6} {goal:>5} {p99x:>6} "
            f"{row['non2xx']:7d} {row['socket_errors']:7d}{flag}"
        )


def warm_both_workers(request: urllib.request.Request) -> None:
    """Two more GETs at the same time, so that each of the two workers has answered the page once before wrk
    starts: per-process caches (Django's template loader; the barometer's sections with the default local-memory
    cache) are then filled in both, and the figures measure the steady state rather than one worker's first
    request. A busy worker can take both; that only makes the warm-up shorter."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(_index: int) -> None:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=60).read()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(fetch, range(2)))


def run_targets(
    base: str, selected: list[Target], seconds: int
) -> tuple[list[dict[str, object]], dict[str, dict[str, float]]]:
    results: dict[str, dict[str, float]] = {}
    for target in selected:
        warm_up = urllib.request.Request(
            base + target.path,
            headers=target.post_headers or target.headers,
            method="POST" if target.post_headers else "GET",
        )
        try:
            urllib.request.urlopen(warm_up, timeout=60).read()  # warm up, and fail early on errors
        except urllib.error.HTTPError as error:
            print(f"{target.name}: {target.path} answers {error.code}; skipped")
            continue
        if not target.post_headers:
            warm_both_workers(warm_up)
        results[target.name] = wrk(base + target.path, seconds, target)
        print(f"  {target.name}: {results[target.name]['rps']:.0f} req/s", flush=True)
    baselines = {
        "rows50": results["baseline: template with 50 ORM rows"],
        "json50": results["baseline: JSON list of 50 rows"],
    }
    rows = [judge(t, results[t.name], baselines) for t in selected if t.name in results]
    return rows, baselines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--size", default="large", choices=["small", "large"])
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--pg-name", default="idv_bench", help="the PostgreSQL database (dropped and made anew)"
    )
    parser.add_argument(
        "--keep",
        nargs="?",
        const="yes",
        help="SQLite: reuse this database file if it exists; PostgreSQL: reuse --pg-name if it exists",
    )
    parser.add_argument(
        "--only",
        help="run only the targets whose name contains this text, or one of these comma-separated texts "
        "(baselines always run)",
    )
    parser.add_argument("--json", help="write every figure to this file")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8765")))
    parser.add_argument(
        "--nodes", type=int, default=1, choices=[1, 2], help="2: two app servers behind HAProxy"
    )
    args = parser.parse_args()
    if args.database == "sqlite" and args.keep == "yes":
        parser.error("--keep needs a file name with SQLite")
    if args.nodes == 2 and args.database != "postgres":
        parser.error("--nodes 2 runs against PostgreSQL (one database for both app servers)")
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="idv-bench-"))
    database_url, db_label, fresh = prepare_database(args, workdir)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",  # persistent connections (PostgreSQL: reconnecting per request costs ~3×)
        "STATIC_ROOT": str(workdir / "static"),
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "BENCH_BASELINES": "1",
        "AXES_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    sh([PY, "manage.py", "migrate", "--noinput"], env)
    if fresh:
        print(f"loading demo --size {args.size} into {db_label} …", flush=True)
        started = time.monotonic()
        sh([PY, "manage.py", "demo", "--size", args.size], {**env, "DEBUG": "true"})
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    sh([PY, "manage.py", "collectstatic", "--noinput"], env)
    monday = date.today() - timedelta(days=date.today().weekday())
    ctx = Context(env, workdir, monday, f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}")
    if args.nodes == 2:
        from nodes import run_two_nodes  # type: ignore[import-not-found]

        try:
            return run_two_nodes(ctx, args, [t for group in TARGET_GROUPS for t in group(ctx)])
        finally:
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
    selected = [t for group in TARGET_GROUPS for t in group(ctx)]
    if args.only:
        wanted = [part.strip().lower() for part in args.only.split(",") if part.strip()]
        selected = [
            t
            for t in selected
            if t.name.startswith("baseline") or any(part in t.name.lower() for part in wanted)
        ]
    server = start_gunicorn(env, args.port)
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_until_up(base)
        rows, _ = run_targets(base, selected, args.seconds)
        memory = worker_rss_mb(server.pid)
    finally:
        stop(server)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print_report(rows)
    setup = f"wrk -t2 -c32 -d{args.seconds}s; gunicorn 2 sync workers; {db_label}; demo size {args.size}"
    print()
    print(setup)
    print(f"resident memory of the workers after the run: {', '.join(f'{mb:.0f} MB' for mb in memory)}")
    failed = [row for row in rows if row["misses"]]
    too_big = [mb for mb in memory if mb > MEMORY_LIMIT_MB]
    if args.json:
        report = {
            "date": date.today().isoformat(),
            "database": args.database,
            "setup": setup,
            "command": " ".join(["bench/run.py", *sys.argv[1:]]),
            "worker_rss_mb": [round(mb, 1) for mb in memory],
            "targets": rows,
        }
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if failed or too_big:
        print(
            f"{len(failed)} target(s) under their goal"
            + (f"; a worker over {MEMORY_LIMIT_MB} MB" if too_big else "")
        )
        return 1
    print("every target meets its goal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
