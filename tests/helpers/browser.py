"""A real browser for the tests: Debian's headless Chromium, driven through the DevTools protocol.

Nothing is downloaded: `tests/run` installs the `chromium` package when it is missing, and
the tests talk to it over its DevTools websocket with aiohttp (already a dependency). The
browser runs with a fresh profile and everything that would reach the network switched off.

The page's terminal is xterm.js inside textual-serve's script, which keeps it to itself. A
script added before the page's own catches it as textual-serve stores it (`this.terminal =
...`), so a test can read the rows the browser shows; every request the page makes is
recorded, so a test can see that nothing left for another host.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import aiohttp
import pytest

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--remote-debugging-port=0",
)

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    window.__terminal = value;
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
  },
});
"""
"""textual-serve's script assigns `this.terminal = new Terminal(...)`: caught on the way."""

SCREEN = """
(() => {
  const terminal = window.__terminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    rows.push(buffer.getLine(buffer.viewportY + y).translateToString(true));
  }
  return rows;
})()
"""


def chromium() -> str:
    """Debian's Chromium; the test fails (not skips) without it: `tests/run` installs it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is missing: tests/run installs it (apt package chromium)")
    return found


class Page:
    """One tab, attached through the DevTools protocol."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse, session: str) -> None:
        self._socket = socket
        self._session = session
        self._ids = itertools.count(1)
        self.requests: list[str] = []
        """Every URL the page asked for (documents, scripts, fonts, websockets)."""
        self.console: list[str] = []
        """Console messages and uncaught errors."""

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its answer, noting the events that arrive meanwhile."""
        number = next(self._ids)
        await self._socket.send_json(
            {"id": number, "method": method, "params": params, "sessionId": self._session}
        )
        while True:
            message = await asyncio.wait_for(self._socket.receive_json(), timeout=30)
            self._note(message)
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def _note(self, message: dict[str, Any]) -> None:
        method = message.get("method", "")
        params = message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.requests.append(params["url"])
        elif method == "Runtime.consoleAPICalled":
            self.console.append(" ".join(str(a.get("value", "")) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            self.console.append(json.dumps(params["exceptionDetails"])[:500])

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = await self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(json.dumps(result["exceptionDetails"])[:500])
        return result["result"].get("value")

    async def screen(self) -> list[str]:
        """The terminal's rows as the page shows them ([] before the terminal exists)."""
        rows = await self.evaluate(SCREEN)
        return list(rows or [])

    async def wait_for_screen(self, condition: str, timeout: float = 30.0) -> list[str]:
        """Wait until some row holds `condition`; the rows then."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            rows = await self.screen()
            if any(condition in row for row in rows):
                return rows
            if loop.time() > deadline:
                shown = "\n".join(rows)
                raise AssertionError(
                    f"{condition!r} not in the browser after {timeout} s:\n{shown}"
                )
            await asyncio.sleep(0.2)

    async def type(self, text: str) -> None:
        """Type `text` into the focused element, a key at a time, as a keyboard does."""
        for character in text:
            for kind in ("keyDown", "keyUp"):
                await self.call(
                    "Input.dispatchKeyEvent",
                    type=kind,
                    key=character,
                    text=character if kind == "keyDown" else "",
                    code=f"Key{character.upper()}" if character.isalpha() else "",
                )

    async def screenshot(self, path: Path) -> None:
        """A PNG of the page as the browser paints it."""
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


@asynccontextmanager
async def browser_page(
    url: str, *, width: int = 1280, height: int = 800, origin: str = ""
) -> AsyncIterator[Page]:
    """A fresh headless Chromium showing `url`, the terminal caught, requests recorded.

    `origin` is granted the clipboard, as a clerk's browser asks for it on the first copy.
    """
    profile = tempfile.mkdtemp(prefix="timedialog-chromium-")
    process = subprocess.Popen(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stderr is not None
        endpoint = ""
        loop = asyncio.get_running_loop()
        while not endpoint:
            line = await asyncio.wait_for(loop.run_in_executor(None, process.stderr.readline), 30)
            if not line:
                raise AssertionError("chromium ended before it listened for DevTools")
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            endpoint = found.group(1) if found else ""
        async with (
            aiohttp.ClientSession() as client,
            client.ws_connect(endpoint, max_msg_size=0) as socket,
        ):
            target = await _browser_call(socket, "Target.createTarget", url="about:blank")
            attached = await _browser_call(
                socket, "Target.attachToTarget", targetId=target["targetId"], flatten=True
            )
            page = Page(socket, attached["sessionId"])
            if origin:
                await _browser_call(
                    socket,
                    "Browser.grantPermissions",
                    origin=origin,
                    permissions=["clipboardReadWrite", "clipboardSanitizedWrite"],
                )
            for domain in ("Page", "Runtime", "Network"):
                await page.call(f"{domain}.enable")
            await page.call("Emulation.setFocusEmulationEnabled", enabled=True)
            await page.call("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
            await page.call("Page.navigate", url=url)
            yield page
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
        shutil.rmtree(profile, ignore_errors=True)


async def _browser_call(
    socket: aiohttp.ClientWebSocketResponse, method: str, **params: Any
) -> dict[str, Any]:
    """A command to the browser itself (no page session)."""
    number = 10_000 + len(method)  # browser-level calls are few and sequential
    await socket.send_json({"id": number, "method": method, "params": params})
    while True:
        message = await asyncio.wait_for(socket.receive_json(), timeout=30)
        if message.get("id") == number:
            if "error" in message:
                raise RuntimeError(f"{method}: {message['error']}")
            result: dict[str, Any] = message.get("result", {})
            return result
