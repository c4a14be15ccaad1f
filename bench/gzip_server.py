"""A static file server that compresses as a real host does, for the browser measures.

Text responses (HTML, CSS, JavaScript, JSON, SVG, XML, plain text) are sent gzip-compressed
(level 6, as nginx and most hosts) when the request accepts gzip, with ``Vary:
Accept-Encoding``; everything else is sent as it is. The server counts the bytes of every
response it sends (``Server.sent``). Responses carry ``Last-Modified``, an
``ETag`` and ``Cache-Control: max-age=600`` (what GitHub Pages sends) and answer conditional
requests with 304: URLs are never rewritten and nothing is cache-busted.

    python bench/gzip_server.py SITE_DIR [PORT]
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import http.server
import os
import sys
import threading
from functools import lru_cache, partial
from pathlib import Path

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


@lru_cache(maxsize=4096)
def _compressed(path: str, mtime_ns: int, size: int) -> bytes:  # the stamp keys the cache: edits are seen
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real host
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def flush_headers(self) -> None:
        """Count what goes on the wire: the status line and headers here, the body in send_head."""
        self._header_bytes = sum(len(h) for h in getattr(self, "_headers_buffer", []))
        super().flush_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the stdlib's redirect to the folder URL
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404, "File not found")
            return None
        stat = os.stat(path)
        etag = '"' + hashlib.md5(f"{stat.st_mtime_ns}-{stat.st_size}".encode()).hexdigest() + '"'  # noqa: S324
        kind = self.guess_type(path)
        compress = kind.startswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        body = _compressed(path, stat.st_mtime_ns, stat.st_size) if compress else Path(path).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "max-age=600")
        if kind.startswith(TEXT_TYPES):
            self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.server.sent.append((self.path, self._header_bytes, len(body) if self.command != "HEAD" else 0))
        return _Body(body)


class _Body:
    """What send_head returns: the stdlib copies it to the socket and closes it."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


class Server:
    """``with Server(site) as base_url: ...``: served on 127.0.0.1 in a background thread."""

    def __init__(self, folder: Path, port: int = 0):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=str(folder)))
        self.httpd.daemon_threads = True
        self.httpd.sent = []  # type: ignore[attr-defined]  # (path, header bytes, body bytes) per 200 response

    @property
    def sent(self) -> list[tuple[str, int, int]]:
        return self.httpd.sent  # type: ignore[attr-defined]

    def __enter__(self) -> str:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    with Server(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8000) as url:
        print(f"serving {sys.argv[1]} with gzip at {url} (Ctrl-C to stop)", flush=True)
        threading.Event().wait()
