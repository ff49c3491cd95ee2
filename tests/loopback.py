"""Loopback HTTP(S) servers for the push tests: they record what arrives and answer as told.

Every server listens on 127.0.0.1 only. A test gives `respond(handler)`, which writes the
answer through `handler.wfile` (unbuffered, so a trickle reaches the client byte by byte) and may
use `handler.sent` to count what it wrote. TLS certificates are made on the spot, with the
`cryptography` package when it is installed, else with the `openssl` command.

`python -m tests.loopback [--tls DIR]` runs one as a stand-in endpoint (README: kg push).
"""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append(Seen(self.command, self.path, dict(self.headers.items()), body))
        self.sent = 0
        try:
            self.server.respond(self)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # the client gave up: that is what some tests want
        finally:
            self.server.sent.append(self.sent)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _any

    def log_message(self, format, *args):  # keep pytest's output clean
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1; `with` starts and stops it."""

    def __init__(
        self,
        respond: Callable[[_Handler], None],
        *,
        tls: ssl.SSLContext | None = None,
        port: int = 0,
    ):
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.respond = respond
        self._server.seen = []
        self._server.sent = []
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._server.server_address[1]}"

    @property
    def seen(self) -> list[Seen]:
        return self._server.seen

    @property
    def sent(self) -> list[int]:
        return self._server.sent

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def answer(
    handler: _Handler, status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    """Write a complete HTTP answer."""
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)
    handler.sent += len(body)


def self_signed_certificate(folder: Path) -> tuple[Path, Path] | None:
    """(certificate, key) PEM files for 127.0.0.1, or None when neither cryptography nor openssl is there."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        _with_cryptography(cert, key)
        return cert, key
    except ImportError:
        pass
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


def _with_cryptography(cert_path: Path, key_path: Path) -> None:
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """The server side of a TLS connection with the given certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def main(argv: list[str] | None = None) -> None:
    """`python -m tests.loopback [--tls DIR] [--port N]`: a stand-in endpoint to try kg push against.

    It answers every request with 204 and prints one line per request (method,
    path, size, and the authentication scheme, never the credentials); with
    --tls it makes DIR/cert.pem and DIR/key.pem and speaks HTTPS.
    """
    import argparse
    import time

    parser = argparse.ArgumentParser(prog="python -m tests.loopback", description=main.__doc__)
    parser.add_argument(
        "--tls",
        metavar="DIR",
        type=Path,
        help="serve HTTPS with a self-signed certificate made in DIR",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)"
    )
    args = parser.parse_args(argv)

    def respond(handler: _Handler) -> None:
        seen = handler.server.seen[-1]
        scheme = seen.headers.get("Authorization", "none").partition(" ")[0]
        print(f"{seen.method} {seen.path} {len(seen.body)} bytes, auth: {scheme}", flush=True)
        answer(handler, 204)

    tls = None
    if args.tls is not None:
        args.tls.mkdir(parents=True, exist_ok=True)
        made = self_signed_certificate(args.tls)
        if made is None:
            parser.error("neither the cryptography package nor openssl is available")
        tls = tls_context(*made)
        print(f"certificate: {made[0]}", flush=True)
    with LoopbackServer(respond, tls=tls, port=args.port) as server:
        print(f"listening on {server.url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
