"""`timedialog serve`: a real server, an HTTP client and a websocket client.

Nothing of the app without the secret address it prints: not the page, not its scripts, not
a session (whatever the path, a missing or wrong token gets 403); a session also needs the
server's own Origin; and the page asks for nothing from another host.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from argparse import Namespace
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.helpers.terminal import installed_command
from tui.cli import main
from tui.cli.serve import EXIT_SERVE_MISSING, allowed_origins, is_loopback, new_token
from tui.cli.web_server import FORBIDDEN, token_matches

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Served:
    """A running `timedialog serve`: its base address, its token and its process."""

    base: str
    token: str
    process: subprocess.Popen[str]

    @property
    def page(self) -> str:
        return f"{self.base}/{self.token}/"

    @property
    def websocket(self) -> str:
        return f"ws{self.base.removeprefix('http')}/{self.token}/ws"


def start_server(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Served:
    """Start `timedialog --demo serve` on a free port; wait for the address it prints."""
    port = free_port()
    process = subprocess.Popen(
        [installed_command(), "--demo", "serve", "--port", str(port), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "HOME": str(tmp_path), "LANG": "C.UTF-8", **(env or {})},
        start_new_session=True,
    )
    assert process.stdout is not None
    printed = ""
    while "/\n" not in printed:
        line = process.stdout.readline()
        assert line, f"serve ended before it printed its address: {printed}"
        printed += line
    found = re.search(rf"http://127\.0\.0\.1:{port}/([A-Za-z0-9_-]+)/", printed)
    assert found, printed
    return Served(f"http://127.0.0.1:{port}", found.group(1), process)


def stop_server(served: Served) -> str:
    """Stop the server (if it still runs); what it wrote after its address."""
    if served.process.poll() is None:
        os.killpg(served.process.pid, signal.SIGTERM)
        try:
            served.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(served.process.pid, signal.SIGKILL)
            served.process.wait()
    assert served.process.stdout is not None
    if served.process.stdout.closed:
        return ""
    rest = served.process.stdout.read()
    served.process.stdout.close()
    return rest


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    running = start_server(tmp_path)
    try:
        yield running
    finally:
        stop_server(running)


def get(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_args: object, **_kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, method=method)
    try:
        with opener.open(request, timeout=10) as response:  # loopback only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_without_the_token_every_path_gets_403_and_nothing_of_the_app(served: Served) -> None:
    wrong = new_token()
    paths = [
        "/",
        "/?token=",
        f"/?token={wrong}",
        f"/{wrong}/",
        f"/{served.token[:-1]}/",
        f"/{served.token}x/",
        f"/{served.token.upper()}/" if served.token.upper() != served.token else "/A/",
        "/ws",
        f"/{wrong}/ws",
        "/static/js/textual.js",  # where textual-serve itself serves it
        f"/{wrong}/static/js/textual.js",
        "/download/abc",
        "/favicon.ico",
        f"/{served.token}/static/../../../tui/cli/serve.py",
        f"/{served.token}/static/%2e%2e/server.py",
    ]
    for path in paths:
        status, _headers, body = get(served.base + path)
        assert (path, status, body) == (path, 403, FORBIDDEN.encode()), path
    status, _headers, body = get(served.base + "/", method="POST")
    assert (status, body) == (403, FORBIDDEN.encode())


def test_with_the_token_the_page_loads_only_from_the_server(served: Served) -> None:
    status, headers, body = get(f"{served.base}/?token={served.token}")
    assert status == 303
    assert headers["Location"] == f"/{served.token}/"

    status, headers, body = get(served.page)
    assert status == 200
    page = body.decode()
    assert "timedialog" in page
    assert "googleapis" not in page
    assert headers["Referrer-Policy"] == "no-referrer"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert f"connect-src 'self' {served.websocket}" in policy
    addresses = re.findall(r"""(?:src|href|url)\s*[=(]\s*["']([^"']+)["']""", page)
    addresses += re.findall(r'data-session-websocket-url="([^"]+)"', page)
    assert len(addresses) >= 5  # style sheet, script, two fonts, websocket
    for address in addresses:
        assert address.startswith((served.page, served.websocket)), address
        if address.startswith("http"):
            status, headers, asset = get(address)
            assert (address, status) == (address, 200)
            assert asset


def test_the_session_needs_the_token_and_the_servers_own_origin(served: Served) -> None:
    own = {"Origin": served.base}

    async def handshake(url: str, headers: dict[str, str]) -> int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(url, headers=headers) as ws:
                    await ws.send_json(["stdin", "q"])
                    return 101
            except aiohttp.WSServerHandshakeError as error:
                return error.status

    wrong = f"ws{served.base.removeprefix('http')}/{new_token()}/ws"
    assert asyncio.run(handshake(wrong, own)) == 403
    assert asyncio.run(handshake(served.websocket, {"Origin": "http://evil.example"})) == 403
    assert asyncio.run(handshake(served.websocket, {"Origin": "null"})) == 403
    assert asyncio.run(handshake(served.websocket, {})) == 403  # no Origin at all
    port = served.base.rsplit(":", 1)[1]
    assert asyncio.run(handshake(served.websocket, {"Origin": f"http://localhost:{port}"})) == 101


def test_the_app_runs_behind_the_websocket(served: Served) -> None:
    async def first_screen() -> str:
        seen = b""
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(
                served.websocket + "?width=80&height=24", headers={"Origin": served.base}
            ) as ws,
        ):
            while "åpne".encode() not in seen or b"Avslutt" not in seen:
                message = await asyncio.wait_for(ws.receive(), timeout=30)
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
                seen += message.data if isinstance(message.data, bytes) else b""
            await ws.send_json(["stdin", "q"])
        return seen.decode(errors="replace")

    screen = asyncio.run(first_screen())
    assert "forfalt (!!)" in screen
    assert "q Avslutt" in re.sub(r"\x1b\[[0-9;]*m", "", screen)  # the footer, without focus


def test_each_start_has_its_own_token(tmp_path: Path) -> None:
    first = start_server(tmp_path)
    try:
        second = start_server(tmp_path)
        try:
            assert first.token != second.token
            assert get(f"{second.base}/{first.token}/")[0] == 403
        finally:
            stop_server(second)
    finally:
        stop_server(first)
    assert len(first.token) >= 43  # 256 bits


def test_the_token_is_in_no_log_nor_command_line(served: Served) -> None:
    assert get(served.page)[0] == 200
    assert get(f"{served.base}/nope/")[0] == 403
    command_line = Path(f"/proc/{served.process.pid}/cmdline").read_bytes()
    assert served.token.encode() not in command_line
    written = stop_server(served)  # no access log: requests leave no line with the token
    assert served.token not in written


def test_tokens_are_compared_in_constant_time() -> None:
    token = new_token()
    assert token_matches(token, token)
    assert not token_matches(token[:-1], token)
    assert not token_matches("", token)
    source = Path(sys.modules["tui.cli.web_server"].__file__ or "").read_text(encoding="utf-8")
    assert "hmac.compare_digest" in source


def test_the_default_address_is_this_machine_only() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("localhost")
    assert is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("10.1.2.3")


def test_another_address_needs_to_be_behind_an_authenticating_proxy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert "--behind-proxy" in capsys.readouterr().err
    assert main(["serve", "--host", "0.0.0.0", "--port", "1", "--behind-proxy"]) == 2
    assert "https" in capsys.readouterr().err
    argv = ["serve", "--host", "0.0.0.0", "--port", "1", "--behind-proxy"]
    assert main([*argv, "--public-url", "http://proxy.sykehus.no"]) == 2


def test_the_origins_follow_the_address() -> None:
    local = Namespace(host="127.0.0.1", port=8123, public_url=None)
    assert allowed_origins(local) == {
        "http://127.0.0.1:8123",
        "http://localhost:8123",
        "http://[::1]:8123",
    }
    proxied = Namespace(host="10.0.0.5", port=8123, public_url="https://timedialog.sykehus.no/")
    assert allowed_origins(proxied) == {"https://timedialog.sykehus.no"}


def test_the_served_command_carries_the_options() -> None:
    from tui.cli.serve import app_command

    command = app_command(Namespace(db="/data/inn boks.json", config=None, demo=False), "kari")
    assert command.startswith(sys.executable)
    assert "--user kari" in command
    assert "'/data/inn boks.json'" in command
    assert "--lang nb" in command


def test_serve_without_its_extra_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if it were not installed
    assert main(["serve", "--demo", "--lang", "nb"]) == EXIT_SERVE_MISSING
    error = capsys.readouterr().err
    assert "trenger tillegget «serve»" in error
    assert "textual_serve mangler" in error
    assert "pip install 'timedialog[serve]'" in error
