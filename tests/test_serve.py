"""`timedialog serve`: the page, the app behind its websocket, and the loopback default."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.terminal import installed_command, wait_for
from tui.cli import main
from tui.serve import is_loopback, no_authentication_warning

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
        body: bytes = response.read()
        return body.decode()


def answers(url: str) -> bool:
    try:
        fetch(url)
    except OSError:
        return False
    return True


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`timedialog --demo serve` on a free loopback port; its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [installed_command(), "--demo", "serve", "--port", str(port), "--user", "web"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "HOME": str(tmp_path), "LANG": "C.UTF-8"},
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(url), timeout=30, what="the server to answer")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        assert process.stdout is not None
        process.stdout.close()


def test_serve_gives_the_page_and_runs_the_app_behind_its_websocket(served: str) -> None:
    page = fetch(served + "/")
    assert "timedialog" in page
    assert "/ws" in page

    async def first_screen() -> str:
        seen = b""
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(served.replace("http", "ws") + "/ws?width=80&height=24") as ws,
        ):
            while "åpne".encode() not in seen:
                message = await asyncio.wait_for(ws.receive(), timeout=30)
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
                seen += message.data if isinstance(message.data, bytes) else b""
            await ws.send_json(["stdin", "q"])
        return seen.decode(errors="replace")

    screen = asyncio.run(first_screen())
    assert "forfalt (!!)" in screen
    assert "web" in screen  # the user serve was started as


def test_the_default_address_is_this_machine_only() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("localhost")
    assert is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("10.1.2.3")


def test_another_address_needs_allow_remote(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "--allow-remote" in err
    assert "ingen pålogging" in err


def test_the_warning_says_there_is_no_authentication() -> None:
    warning = no_authentication_warning("0.0.0.0", 8000, "kari")
    assert warning.startswith("ADVARSEL: textual-serve har ingen pålogging.")
    assert "0.0.0.0:8000" in warning
    assert "proxy" in warning


def test_the_served_command_carries_the_options() -> None:
    from argparse import Namespace

    from tui.serve import app_command

    command = app_command(Namespace(db="/data/inn boks.json", config=None, demo=False), "kari")
    assert command.startswith(sys.executable)
    assert "--user kari" in command
    assert "'/data/inn boks.json'" in command
    assert "--lang nb" in command
