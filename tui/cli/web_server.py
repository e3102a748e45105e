"""The web server behind `timedialog serve`: textual-serve's, with a secret and local assets.

See `tui.cli.serve` for what it guards against and why. Every request passes `_guard`, which
answers 403 unless the path (or `?token=`) holds the token; the websocket also checks
`Origin`. The page is timedialog's own (`serve_page.html`): textual-serve's script, styles and
font, all from this server, and a Content Security Policy that allows nothing else. Only
textual-serve's packaged assets are served, by exact name; downloads (Textual's
`deliver_binary`) are not served at all.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

from tui.core.i18n import _, current_language

PAGE = Path(__file__).with_name("serve_page.html")
FORBIDDEN = "403: Forbidden\n"
"""All a request without the token gets."""


def token_matches(given: str, token: str) -> bool:
    """True when `given` is the token; the comparison takes as long wherever they differ."""
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


class GuardedServer(Server):
    """textual-serve's server behind the token and the Origin check, with its assets local."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        public_url: str,
        token: str,
        origins: frozenset[str],
        user: str,
    ) -> None:
        super().__init__(command, host=host, port=port, title="timedialog", public_url=public_url)
        self.token = token
        self.origins = origins
        self.user = user
        self.assets = {
            path.relative_to(self.statics_path).as_posix(): path
            for path in self.statics_path.rglob("*")
            if path.is_file()
        }
        """textual-serve's page assets by name: nothing else is ever served."""

    @property
    def page_url(self) -> str:
        """The secret address of the page."""
        return f"{self.public_url}/{self.token}/"

    def initialize_logging(self) -> None:
        """Plain log lines, no access log (the token is in every path), no variables."""
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        logging.getLogger("aiohttp.access").disabled = True

    def serve(self, debug: bool = False) -> None:
        """Serve until SIGINT or SIGTERM; the address is printed once the port is open."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            access_log=None,
            print=self._announce,
        )

    def _announce(self, *_aiohttp_says: object) -> None:
        """Tell the clerk the secret address, and that it is secret."""
        print(
            _(
                "timedialog i nettleseren: åpne\n\n    {url}\n\nAdressen er hemmelig: den gir "
                "tilgang til innboksen som «{user}». Ctrl+C stopper serveren."
            ).format(url=self.page_url, user=self.user),
            flush=True,
        )

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes(
            [
                web.get("/", self._redirect_to_page),
                web.get("/{token}/", self._page),
                web.get("/{token}/ws", self._websocket),
                web.get("/{token}/static/{name:.+}", self._asset),
                web.route("*", "/{tail:.*}", self._refuse),
            ]
        )
        return app

    @staticmethod
    def _forbidden(_request: web.Request) -> web.Response:
        return web.Response(status=403, text=FORBIDDEN)

    async def _refuse(self, request: web.Request) -> web.StreamResponse:
        return self._forbidden(request)

    @web.middleware
    async def _guard(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        """403 for any request without the token; no caching and no referrer for the rest."""
        given = request.match_info.get("token") or request.query.get("token", "")
        if not token_matches(given, self.token):
            return self._forbidden(request)
        response = await handler(request)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def _redirect_to_page(self, _request: web.Request) -> web.StreamResponse:
        raise web.HTTPSeeOther(f"/{self.token}/")

    async def _page(self, _request: web.Request) -> web.StreamResponse:
        import jinja2

        nonce = secrets.token_urlsafe(16)
        static = f"{self.public_url}/{self.token}/static/"
        websocket = "ws" + f"{self.public_url}/{self.token}/ws".removeprefix("http")
        environment = jinja2.Environment(autoescape=True)
        page = environment.from_string(PAGE.read_text(encoding="utf-8")).render(
            language=current_language(),
            title="timedialog",
            static=static,
            nonce=nonce,
            websocket=websocket,
            font_size=16,
            closed=_("Økten er avsluttet."),
            restart=_("Start på nytt (Enter)"),
        )
        response = web.Response(text=page, content_type="text/html")
        response.headers["Content-Security-Policy"] = "; ".join(
            (
                "default-src 'none'",
                f"script-src 'self' 'nonce-{nonce}'",
                "style-src 'self' 'unsafe-inline'",  # xterm.js styles the terminal inline
                "font-src 'self'",
                "img-src 'self' data:",
                f"connect-src 'self' {websocket}",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'",
            )
        )
        response.headers["X-Frame-Options"] = "DENY"
        return response

    async def _asset(self, request: web.Request) -> web.StreamResponse:
        path = self.assets.get(request.match_info["name"])
        if path is None:
            return self._forbidden(request)
        return web.FileResponse(path)

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        """The app's session, for a page of this server only (the `Origin` header says whose)."""
        origin = request.headers.get("Origin", "").lower()
        if origin not in self.origins:
            return self._forbidden(request)
        return await self.handle_websocket(request)
