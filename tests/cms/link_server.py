"""Loopback HTTP servers for the link-check tests, counting what the checker does to them.

Each server listens on one loopback address (127.0.0.1, 127.0.0.2, ...: every 127/8 address is this
machine, and each is a different host to the checker). They share one record: every request (host,
method, path, start time), how many were open at once in all, and how many at once per host."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from cms import links


class Record:
    def __init__(self):
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.active_by_host: dict[str, int] = {}
        self.max_by_host: dict[str, int] = {}
        self.log: list[tuple[str, str, str, float]] = []
        self.flaky_status = 500

    def starts(self, host: str) -> list[float]:
        return sorted(at for h, _, _, at in self.log if h == host)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _finish(self):
        """This request stops counting as active: called just before its answer is sent, because once
        the client has the answer it may start the next request to this host at once, before this
        handler thread gets round to its own bookkeeping (which read as two at a time under load)."""
        if self._active:
            record = self.server.record
            with record.lock:
                record.active -= 1
                record.active_by_host[self.server.host] -= 1
            self._active = False

    def _redirect(self, status, location):
        self._finish()
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _respond(self, method):  # noqa: C901  (one branch per test path)
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        record = self.server.record
        if path == "/slow":
            time.sleep(1.5)
        elif path == "/pause":
            time.sleep(0.3)
        if path in ("/redirect", "/moved"):
            return self._redirect(301, "/ok")
        if path == "/found":
            return self._redirect(302, "/ok")
        if path == "/loop":
            return self._redirect(301, "/loop")
        if path == "/to-missing":
            return self._redirect(308, "/missing")
        if path == "/to":
            return self._redirect(301, query["target"][0])
        if path == "/drip":
            self._finish()
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for n in range(15):
                self.wfile.write(f"X-Drip-{n}: x\r\n".encode())
                self.wfile.flush()
                time.sleep(0.2)
            self.wfile.write(b"\r\n")
            return None
        if path == "/no-head":
            status = 405 if method == "HEAD" else 200
        elif path == "/flaky":
            status = record.flaky_status
        else:
            status = {"/ok": 200, "/slow": 200, "/pause": 200, "/missing": 404, "/error": 500}.get(path, 404)
        self._finish()
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None

    def _answer(self, method):
        record, host = self.server.record, self.server.host
        with record.lock:
            record.active += 1
            record.max_active = max(record.max_active, record.active)
            record.active_by_host[host] = record.active_by_host.get(host, 0) + 1
            record.max_by_host[host] = max(record.max_by_host.get(host, 0), record.active_by_host[host])
            record.log.append((host, method, self.path, time.monotonic()))
        self._active = True
        try:
            self._respond(method)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self._finish()

    def do_HEAD(self):
        self._answer("HEAD")

    def do_GET(self):
        self._answer("GET")


class Servers:
    """Start loopback servers on demand: `servers.base("127.0.0.3")` is that host's http://ip:port."""

    def __init__(self):
        self.record = Record()
        self._running: dict[str, ThreadingHTTPServer] = {}

    def base(self, ip: str = "127.0.0.1") -> str:
        if ip not in self._running:
            httpd = ThreadingHTTPServer((ip, 0), Handler)
            httpd.daemon_threads = True
            httpd.record = self.record
            httpd.host = ip
            threading.Thread(target=httpd.serve_forever, daemon=True).start()
            self._running[ip] = httpd
        return f"http://{ip}:{self._running[ip].server_address[1]}"

    def stop(self):
        for httpd in self._running.values():
            httpd.shutdown()
            httpd.server_close()


@pytest.fixture
def servers():
    running = Servers()
    yield running
    running.stop()


@pytest.fixture
def loopback_only(settings, monkeypatch):
    """Allow loopback addresses, make the checks quick, and fail a test that connects anywhere else."""
    settings.LINK_CHECK_ALLOW_LOOPBACK = True
    settings.LINK_CHECK_HOST_INTERVAL = 0.05
    settings.LINK_CHECK_TIMEOUT = 0.5
    real_connect = links.open_socket

    def guarded(address, port, timeout):
        assert address.startswith("127."), f"the tests must not connect to {address}"
        return real_connect(address, port, timeout)

    monkeypatch.setattr(links, "open_socket", guarded)
