"""`standgen check --links` against a local HTTP server on 127.0.0.1 that the test starts: alive, redirected,
dead and silent urls, each reported with the position that holds it. Nothing leaves the machine."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.cli import main
from generator.model import load_content
from generator.preflight.links import MAX_CONCURRENT, check_url, collect_urls

SLOW_S = 2.0
TIMEOUT_S = 0.4


class Handler(BaseHTTPRequestHandler):
    """/ok 200, /moved 301 → /ok, /gone 404, /slow answers too late, /nohead refuses HEAD, /loop → itself."""

    active = 0
    most = 0
    lock = threading.Lock()

    def _answer(self, head: bool) -> None:
        path = self.path.split("?")[0]
        if path == "/slow":
            time.sleep(SLOW_S)
        if path.startswith("/busy"):
            self._busy()
        if path == "/moved":
            self._send(301, {"Location": "/ok"})
        elif path == "/loop":
            self._send(302, {"Location": "/loop"})
        elif path == "/gone":
            self._send(404)
        elif path == "/nohead" and head:
            self._send(405)
        else:
            self._send(200, body=b"" if head else b"hello")

    @staticmethod
    def _busy() -> None:
        """Count requests in progress; the count drops before the answer leaves, so a client's next request
        cannot overlap it."""
        with Handler.lock:
            Handler.active += 1
            Handler.most = max(Handler.most, Handler.active)
        time.sleep(0.15)
        with Handler.lock:
            Handler.active -= 1

    def _send(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # a proxy would carry the requests off the machine
    monkeypatch.setenv("no_proxy", "*")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.active = Handler.most = 0
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def point_data_at(project: Path, base: str, paths: dict[str, str]) -> None:
    """Every url in the data → the local server: the stand's and organiser's, and each project's by file name."""
    stand = project / "data/stand.yaml"
    text = stand.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  url: .*$", f"  url: {base}{paths.get('organiser', '/ok')}", text)
    text = re.sub(r"(?m)^url: .*$", f"url: {base}{paths.get('stand', '/ok')}", text)
    stand.write_text(text, encoding="utf-8")
    for file in sorted((project / "data/projects").glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^url: .*$", f"url: {base}{paths.get(file.stem, '/ok')}", text)
        text = re.sub(r"(?m)^short_url: .*\n", "", text)  # would be checked as https://…, off the machine
        file.write_text(text, encoding="utf-8")
    hosts = {use.url.split("/")[2] for use in collect_urls(load_content(project / "data"))}
    assert hosts == {base.split("/")[2]}, hosts  # nothing but 127.0.0.1


def position(file: Path, key: str) -> str:
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{key}: "):
            return f"data/{file.parent.name + '/' if file.parent.name == 'projects' else ''}{file.name}:{number}:" \
                   f"{len(key) + 3}"
    raise AssertionError(key)


def test_dead_redirected_and_silent_links_are_reported(project: Path, server: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    point_data_at(project, server, {"02-kifaz": "/moved", "03-careleaver": "/gone", "04-pflegekinderhilfe": "/slow",
                                    "05-adoptionsvermittlung": "/nohead", "06-gewaltpraevention": "/loop"})
    started = time.perf_counter()
    code = main(["check", "--links", "--timeout", str(TIMEOUT_S)])
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()
    projects = project / "data/projects"
    assert code == 1
    assert [line for line in err.splitlines() if not line.startswith("warning: ")] == [
        f"{position(projects / '03-careleaver.yaml', 'url')}: dead link {server}/gone (404 Not Found)",
        f"{position(projects / '04-pflegekinderhilfe.yaml', 'url')}: dead link {server}/slow (no answer within "
        f"{TIMEOUT_S:g} s)",
        f"{position(projects / '06-gewaltpraevention.yaml', 'url')}: dead link {server}/loop (redirect loop: "
        f"302 → {server}/loop)",
    ]
    assert f"{position(projects / '02-kifaz.yaml', 'url')}: {server}/moved redirects to {server}/ok " \
           f"(301 → {server}/ok); consider the new address" in out
    assert "6 links checked: 2 ok, 1 redirected, 3 dead" in out
    assert elapsed < SLOW_S  # the timeout cut the silent server short


def test_all_links_alive(project: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:
    point_data_at(project, server, {})
    assert main(["check", "--links", "--timeout", "2"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "1 links checked: 1 ok, 0 redirected, 0 dead"


def test_at_most_four_requests_at_a_time(project: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:
    point_data_at(project, server, {f.stem: f"/busy/{i}" for i, f in enumerate(sorted(
        (project / "data/projects").glob("*.yaml")))} | {"stand": "/busy/s", "organiser": "/busy/o"})
    assert main(["check", "--links", "--timeout", "2"]) == 0
    assert "10 links checked: 10 ok" in capsys.readouterr().out
    assert 1 < Handler.most <= MAX_CONCURRENT


def test_head_refused_falls_back_to_get(server: str) -> None:
    result = check_url(f"{server}/nohead", 2.0)
    assert (result.status, result.detail) == ("ok", "200 OK")


def test_offline_says_so_and_marks_no_link_dead(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """No network: every server name fails to resolve (simulated), so no url is called dead."""
    import socket

    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    code = main(["check", "--links", "--timeout", "1"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "dead" not in (out + err).replace("no link is marked dead", "")
    assert "data/stand.yaml: no link could be checked: this computer has no network connection (none of the " in err
    assert "connect to the internet and run 'standgen check --links' again" in err


def test_one_unknown_host_is_dead_not_offline(project: Path, server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    real = socket.getaddrinfo

    def some_dns(host: str, *args: object, **kwargs: object):
        if host == "no-such-host.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", some_dns)
    result = check_url("https://no-such-host.example/", 1)
    assert result.status == "dead" and "unreachable" in result.detail
