"""Requests per second and server CPU per request of the public pages, through gunicorn, with the page
cache off (every request renders) and on (anonymous requests answered from Redis).

Usage (from the project root; wrk and a Redis server on 127.0.0.1 needed):
    .venv/bin/python benchmarks/page_cache.py [--duration 10] [--connections 8] [--port 8641]
        [--redis-url redis://127.0.0.1:6379/12] [--skip-setup] [--only cached|uncached]

The method of issue 13's comparison with bakerydemo: gunicorn with 2 sync workers and the production
settings (made to run on plain HTTP on loopback), the seeded demo database of benchmarks/pages.py
(var/bench.sqlite3, or DATABASE_URL), `wrk -t2 -cN -dD` against one address at a time. Server CPU
per request is the user and system CPU time of gunicorn's master and workers (read from /proc before
and after each run) divided by the requests wrk completed, so wrk's own CPU is not counted. Each
address gets one warm-up request first (the cached run's fills the cache).

Runs:
- "uncached": PAGE_CACHE_ENABLED=false and no Redis (Django's local-memory cache in each worker, as
  the figures in the issue were taken), so every request renders the page.
- "cached": REDIS_URL set and PAGE_CACHE_ENABLED=true: anonymous requests are answered from Redis.

The machine's other work shares its cores with the server and wrk; say so next to the figures.
Not part of the test run. The Redis database named by --redis-url is emptied before the cached run.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
TICKS = os.sysconf("SC_CLK_TCK")
LOG = ROOT / "var" / "bench-page-cache-gunicorn.log"


def page_addresses() -> list[tuple[str, str]]:
    """(name, address) of the pages measured, found in the seeded database by benchmarks/pages.py."""
    out = subprocess.run(
        [PY, "benchmarks/pages.py", "--print-urls"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    found = dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)
    wanted = [
        ("home", "home"),
        ("news listing", "news index"),
        ("news item", "news page"),
        ("guidance", "guidance"),
        ("case studies", "case study index"),
        ("case study", "case study page"),
    ]
    return [(label, found[key]) for label, key in wanted]


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (gunicorn's workers), from /proc."""
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        if each == pid:  # and the workers it has already reaped (cutime, cstime)
            total += (int(fields[13]) + int(fields[14])) / TICKS
    return total


def start_gunicorn(port: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        # gunicorn.conf.py in the project root applies (production's access log included); its
        # lines go to a file, and no worker is recycled during a measurement.
        env={**env, "GUNICORN_MAX_REQUESTS": "0"},
        stdout=LOG.open("ab"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120)  # noqa: S310 - loopback
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def wrk(url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    row = {"non_2xx": 0}
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            row["rps"] = float(parts[1])
        elif "requests in" in line:
            row["requests"] = int(parts[0])
        elif parts[:1] == ["99%"]:
            row["p99"] = parts[1]
        elif parts[:1] == ["50%"]:
            row["p50"] = parts[1]
        elif line.strip().startswith("Non-2xx"):
            row["non_2xx"] = int(parts[-1])
    return row


def run(name: str, env: dict, args, pages) -> list[dict]:
    server = start_gunicorn(args.port, env)
    rows = []
    try:
        for label, path in pages:
            url = f"http://127.0.0.1:{args.port}{path}"
            with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310 - loopback
                cache_control = response.headers.get("Cache-Control", "")
            before = process_cpu_seconds(server.pid)
            row = wrk(url, args.duration, args.connections)
            used = process_cpu_seconds(server.pid) - before
            row.update(
                run=name,
                page=label,
                path=path,
                cpu_ms=1000 * used / max(row["requests"], 1),
                public="public" in cache_control,
            )
            rows.append(row)
            print(f"measured {name} {label}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8641)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12"))
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument("--only", choices=["cached", "uncached"])
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    base = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PAGE_CACHE_ENABLED")}
    base.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    if not args.skip_setup:
        subprocess.run([PY, "benchmarks/pages.py", "--setup-only"], cwd=ROOT, env=base, check=True)
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=base, check=True
    )
    pages = page_addresses()

    rows = []
    if args.only != "cached":
        rows += run("uncached", {**base, "PAGE_CACHE_ENABLED": "false"}, args, pages)
    if args.only != "uncached":
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
        rows += run(
            "cached", {**base, "REDIS_URL": args.redis_url, "PAGE_CACHE_ENABLED": "true"}, args, pages
        )

    print(
        f"gunicorn 2 sync workers, production settings, {database_url.split(':')[0]}; "
        f"wrk -t2 -c{args.connections} -d{args.duration}s; {os.cpu_count()} cores shared by server, wrk and "
        f"anything else running; load average {os.getloadavg()[0]:.1f} at the end"
    )
    header = f"{'run':<9} {'page':<14} {'req/s':>9} {'CPU ms/req':>10} {'p50':>8} {'p99':>8} {'non-2xx':>7} {'public':>6}  address"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['run']:<9} {r['page']:<14} {r['rps']:>9.0f} {r['cpu_ms']:>10.2f} {r.get('p50', '-'):>8} "
            f"{r.get('p99', '-'):>8} {r['non_2xx']:>7} {'yes' if r['public'] else 'no':>6}  {r['path']}"
        )


if __name__ == "__main__":
    main()
