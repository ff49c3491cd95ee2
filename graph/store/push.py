"""Sending a graph to a SPARQL server with the Graph Store Protocol (SPARQL 1.1 GSP).

POST adds the triples to the target graph, PUT replaces it; the target is
`?graph=<iri>` or, without an IRI, `?default`. Only the standard library is
used, and every failure is a `PushError` with a one-line message.

The endpoint is not trusted to behave: a redirect is refused (following one
would resend or drop the graph somewhere else), the timeout bounds the whole
exchange rather than each socket read, and of an error answer only a bounded
prefix is read for its message. Credentials (HTTP basic or a bearer token) come
from the caller, the endpoint URL, the environment or a netrc file; no message
ever shows a password or token, nor the user info of a URL.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import math
import netrc
import os
import re
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extract.errors import KgError, one_line

#: graph.rdf.formats format name -> media type for the Content-Type header
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}

#: bytes of an error answer read for its message; the rest is never downloaded
MAX_ERROR_BODY = 64 * 1024
#: the longest timeout accepted, in seconds (one day: longer is a typo, and timers overflow)
MAX_TIMEOUT = 86_400.0


class PushError(KgError, ValueError):
    """A graph that could not be sent to the endpoint."""


def media_type(fmt: str) -> str:
    """The media type for a graph.rdf.formats format name ("turtle", "nt", ...)."""
    try:
        return MEDIA_TYPES[fmt]
    except KeyError:
        raise PushError(
            f"cannot push format {fmt!r}; use one of: {', '.join(sorted(MEDIA_TYPES))}"
        ) from None


def check_timeout(seconds: float) -> float:
    """`seconds` if it is a usable timeout (finite, above 0, at most MAX_TIMEOUT), else PushError.

    NaN, infinity, zero and negative numbers would otherwise surface as a ValueError
    or OverflowError from deep inside the socket layer.
    """
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not math.isfinite(seconds)
        or not 0 < seconds <= MAX_TIMEOUT
    ):
        raise PushError(
            f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, got {seconds!r}"
        )
    return float(seconds)


def display_url(endpoint: str) -> str:
    """`endpoint` as it may be shown in a message: without any user name or password in it."""
    return _split_userinfo(endpoint)[0]


def target_url(endpoint: str, graph_iri: str | None) -> str:
    """`endpoint` with the GSP graph parameter (`?graph=<iri>` or `?default`) added."""
    try:
        parts = urllib.parse.urlsplit(endpoint)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if any(c.isspace() or not c.isprintable() for c in endpoint):
        parts = None  # http.client would refuse it later with a misleading InvalidURL
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
        raise PushError(
            f"endpoint must be an http:// or https:// URL with a host (and a numeric port), got {display_url(endpoint)!r}"
        )
    if graph_iri is not None and not urllib.parse.urlsplit(graph_iri).scheme:
        raise PushError.naming(
            "{graph_iri} must be an absolute IRI, got {value!r}", value=graph_iri
        )
    param = "default" if graph_iri is None else "graph=" + urllib.parse.quote(graph_iri, safe="")
    query = f"{parts.query}&{param}" if parts.query else param
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def push_graph(
    data: bytes,
    content_type: str,
    endpoint: str,
    graph_iri: str | None,
    *,
    timeout: float = 30,
    replace: bool = False,
    credentials: Credentials | None = None,
    cacert: str | Path | None = None,
) -> int:
    """Send serialised RDF to a Graph Store Protocol endpoint; returns the HTTP status.

    Parameters
    ----------
    data
        The serialised graph.
    content_type
        Its media type, e.g. "text/turtle" (see `media_type`).
    endpoint
        The server's graph store URL, e.g. http://localhost:7878/store.
    graph_iri
        The named graph to write, or None for the default graph.
    timeout
        Seconds for the whole exchange: connecting, sending the graph and
        receiving the answer (a server that trickles its answer is cut off).
    replace
        PUT (replace the graph) instead of POST (add to it).
    credentials
        What to authenticate with (see `find_credentials`); None uses the user
        info of `endpoint` if it has any. The URL's user info is never sent
        as part of the URL, nor shown in a message.
    cacert
        A PEM file of CA certificates to trust for an https:// endpoint, e.g.
        a server's self-signed certificate; None trusts the system's CAs.

    Raises
    ------
    PushError
        When the endpoint cannot be reached, does not answer in time, redirects
        elsewhere, or answers with an HTTP error (status and first line of its
        message).
    """
    timeout = check_timeout(timeout)
    shown, in_url = _split_userinfo(endpoint)
    url = target_url(shown, graph_iri)
    if credentials is None and in_url is not None:
        credentials = Credentials(_URL_SOURCE, user=in_url[0], password=in_url[1] or "")
    request = _request(url, data, content_type, replace=replace, credentials=credentials)
    tls = _tls_context(cacert, url)
    deadline = _Deadline(timeout)
    opener = _opener(url, deadline, tls)
    with deadline:
        try:
            with opener.open(request, timeout=timeout) as response:
                status = response.status  # a success's body says nothing kg needs: never read
        except urllib.error.HTTPError as exc:
            with exc:
                raise PushError(_http_error(shown, exc, credentials)) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            if deadline.expired:
                raise PushError(f"cannot push to {shown}: no answer within {timeout:g} s") from None
            if isinstance(exc, urllib.error.URLError):
                raise PushError(f"cannot reach {shown}: {_reason(exc.reason, timeout)}") from None
            if isinstance(exc, http.client.HTTPException):
                raise PushError(
                    f"cannot push to {shown}: not an HTTP answer ({type(exc).__name__})"
                ) from None
            # timeouts and resets after the connection was made
            raise PushError(f"cannot reach {shown}: {_reason(exc, timeout)}") from None
    if deadline.expired:  # the cut came while headers were arriving: they read as complete
        raise PushError(f"cannot push to {shown}: no answer within {timeout:g} s")
    return status


def _request(
    url: str, data: bytes, content_type: str, *, replace: bool, credentials: Credentials | None
) -> urllib.request.Request:
    """The PUT (replace) or POST (add) of `data`, with its credentials."""
    headers = {"Content-Type": content_type}
    if credentials is not None:
        headers["Authorization"] = credentials.authorization
    return urllib.request.Request(
        url, data=data, method="PUT" if replace else "POST", headers=headers
    )


def _opener(
    url: str, deadline: _Deadline, tls: ssl.SSLContext | None
) -> urllib.request.OpenerDirector:
    """An opener that refuses redirects, keeps to `deadline`, and sends loopback traffic direct."""
    handlers: list[urllib.request.BaseHandler] = [
        _RefuseRedirects(),
        _WatchedHTTPHandler(deadline),
        _WatchedHTTPSHandler(deadline, tls),
    ]
    if _is_loopback(urllib.parse.urlsplit(url).hostname):
        handlers.append(urllib.request.ProxyHandler({}))  # never send loopback traffic to a proxy
    return urllib.request.build_opener(*handlers)


def _http_error(shown: str, exc: urllib.error.HTTPError, credentials: Credentials | None) -> str:
    """One line for an HTTP error answer: status, reason, where a redirect pointed, what to do.

    Text from the server (its reason, Location, first line) is cut short, stripped
    of control characters and of any secret it might echo back.
    """
    secrets = credentials.secrets if credentials is not None else ()
    status = (
        f"{shown} answered HTTP {exc.code} {_printable(str(exc.reason), 100, secrets)}".rstrip()
    )
    if 300 <= exc.code < 400:
        location = exc.headers.get("Location")
        where = f" to {_printable(display_url(location), 300, secrets)}" if location else ""
        return (
            f"{status}, a redirect{where}; kg does not follow redirects (the graph would be "
            "resent or dropped elsewhere): give the final URL with --endpoint"
        )
    first = _first_line(exc, secrets)
    line = status + (f": {first}" if first else "")
    if exc.code in (401, 403):
        line += (
            f" (credentials from {credentials.source} were refused)"
            if credentials is not None
            else " (give --user or --token)"
        )
    return line


def _first_line(response, secrets: tuple[str, ...] = ()) -> str:
    """The first line of an answer's body, reading at most MAX_ERROR_BODY bytes of it."""
    try:
        body = response.read(MAX_ERROR_BODY)
    except http.client.IncompleteRead as exc:
        body = exc.partial
    except (OSError, http.client.HTTPException):
        body = b""
    text = body.decode("utf-8", errors="replace").strip()
    return _printable(text.splitlines()[0], 200, secrets) if text else ""


def _printable(text: str, limit: int, secrets: tuple[str, ...] = ()) -> str:
    """`text` without `secrets`, cut to `limit` characters, control characters (terminal escapes) replaced."""
    for secret in secrets:
        text = text.replace(secret, "***")
    return "".join(c if c.isprintable() else "?" for c in text[:limit])


def _tls_context(cacert: str | Path | None, url: str) -> ssl.SSLContext | None:
    """The TLS settings for `url`: None (the system's CAs) unless `cacert` is given."""
    if cacert is None:
        return None
    if urllib.parse.urlsplit(url).scheme != "https":
        raise PushError.naming(
            "{cacert} applies to https:// endpoints, not {url}", url=display_url(url)
        )
    try:
        return ssl.create_default_context(cafile=str(cacert))
    except OSError as exc:  # ssl.SSLError is one: a file without a certificate
        detail = getattr(exc, "reason", None) or exc.strerror or type(exc).__name__
        raise PushError.naming(
            "cannot use {cacert} {path}: {detail}; it must be a PEM file of CA certificates",
            path=cacert,
            detail=detail,
        ) from None


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, ssl.SSLCertVerificationError):
        return (
            f"its TLS certificate was rejected ({reason.verify_message}); if your own CA "
            "signed it, or it is self-signed, give that certificate with --cacert FILE"
        )
    if isinstance(reason, ssl.SSLError):
        return f"TLS failed ({reason.reason or reason.strerror}); is it an https:// server?"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, socket.gaierror):
        return "host name not found"
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return one_line(reason)


# --- credentials: never in a message --------------------------------------------------------

#: environment variables read when no user or token is given (KG_PUSH_PASSWORD also completes a bare user)
ENV_USER, ENV_PASSWORD, ENV_TOKEN = "KG_PUSH_USER", "KG_PUSH_PASSWORD", "KG_PUSH_TOKEN"
#: an RFC 6750 bearer token: nothing that could end the header or start another
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_URL_SOURCE = "the endpoint URL"


@dataclass(frozen=True)
class Credentials:
    """A user and password (HTTP basic auth) or a bearer token, and where they came from.

    The secrets are left out of repr(), so no log line or traceback shows them;
    messages name only `source` ("--user", "KG_PUSH_TOKEN", a netrc path, ...).
    Values that would break the Authorization header are refused here, without
    repeating them.
    """

    source: str
    user: str | None = None
    password: str = field(default="", repr=False)
    token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if (self.user is None) == (self.token is None):
            raise PushError(f"credentials from {self.source}: need a user or a token (exactly one)")
        if self.token is not None and not _TOKEN.fullmatch(self.token):
            raise PushError(
                f"the token from {self.source} is not a bearer token "
                "(letters, digits and -._~+/ only, optionally ending in =)"
            )
        if self.user is not None:
            if not self.user:
                raise PushError(f"credentials from {self.source}: empty user name")
            if ":" in self.user:
                raise PushError(
                    f"the user name from {self.source} contains ':' (basic auth cannot carry it)"
                )
            if not (self.user + self.password).isprintable():
                raise PushError(
                    f"the user name or password from {self.source} contains control characters"
                )

    @property
    def authorization(self) -> str:
        """The Authorization header value."""
        if self.token is not None:
            return f"Bearer {self.token}"
        pair = f"{self.user}:{self.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    @property
    def secrets(self) -> tuple[str, ...]:
        """What a server must not be able to make kg print: the header, the password or token."""
        found = {
            self.authorization,
            self.authorization.partition(" ")[2],
            self.password,
            self.token,
        }
        return tuple(sorted((s for s in found if s), key=len, reverse=True))


def find_credentials(
    endpoint: str,
    *,
    user: str | None = None,
    token: str | None = None,
    environ: Mapping[str, str] | None = None,
    netrc_file: str | Path | None = None,
) -> Credentials | None:
    """The credentials to push to `endpoint` with, or None; the first source that has any wins.

    The order is the explicit `user` ("USER[:PASS]", as --user) or `token` (as
    --token), the user info of the endpoint URL, KG_PUSH_TOKEN or KG_PUSH_USER in
    `environ` (default: os.environ), then the netrc entry for the endpoint's host
    (`netrc_file`, else $NETRC, else ~/.netrc; a missing file is no entry). A user
    without a password takes KG_PUSH_PASSWORD, else the netrc password for that login.
    """
    environ = os.environ if environ is None else environ
    if user is not None and token is not None:
        raise PushError.naming("give a user ({user}) or a token ({token}), not both")
    bare, in_url = _split_userinfo(endpoint)
    try:
        host = urllib.parse.urlsplit(bare).hostname or ""
    except ValueError:
        host = ""  # push_graph's target_url says what is wrong with the URL
    if token is not None:
        return Credentials("--token", token=token)
    if user is not None:
        return _basic(user, "--user", host, environ, netrc_file)
    if in_url is not None:
        name, password = in_url
        spec = name if password is None else f"{name}:{password}"
        return _basic(spec, _URL_SOURCE, host, environ, netrc_file)
    env_token, env_user = environ.get(ENV_TOKEN), environ.get(ENV_USER)
    if env_token and env_user:
        raise PushError(f"both {ENV_USER} and {ENV_TOKEN} are set: unset one")
    if env_token:
        return Credentials(ENV_TOKEN, token=env_token)
    if env_user:
        return _basic(env_user, ENV_USER, host, environ, netrc_file)
    return _from_netrc(host, environ, netrc_file)


def _basic(spec: str, source: str, host: str, environ, netrc_file) -> Credentials:
    """Credentials for "USER[:PASS]"; a missing password from the environment or netrc."""
    password: str | None
    name, colon, password = spec.partition(":")
    if not colon:
        password = environ.get(ENV_PASSWORD)
        if password is None:
            entry = _from_netrc(host, environ, netrc_file)
            password = entry.password if entry is not None and entry.user == name else None
        if password is None:
            raise PushError(
                f"{source} gives a user but no password: write USER:PASS, set {ENV_PASSWORD}, "
                "or put the host in your netrc file"
            )
    return Credentials(source, user=name, password=password)


def _from_netrc(host: str, environ, netrc_file) -> Credentials | None:
    path = Path(netrc_file or environ.get("NETRC") or os.path.expanduser("~/.netrc"))
    if not host or not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:  # its message can quote a password: give the line only
        raise PushError(f"cannot use {path}: malformed at line {exc.lineno}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PushError(
            f"cannot read {path}: {getattr(exc, 'strerror', None) or 'not UTF-8'}"
        ) from None
    if entry is None or not entry[0]:
        return None
    login, _account, password = entry
    return Credentials(str(path), user=login, password=password or "")


def _split_userinfo(endpoint: str) -> tuple[str, tuple[str, str | None] | None]:
    """(endpoint without user info, (user, password or None) percent-decoded, or None)."""
    try:
        parts = urllib.parse.urlsplit(endpoint)
    except ValueError:
        return endpoint, None  # target_url says what is wrong with it
    if "@" not in parts.netloc:
        return endpoint, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    name, colon, password = userinfo.partition(":")
    clean = urllib.parse.urlunsplit(parts._replace(netloc=hostport))
    unquote = urllib.parse.unquote
    return clean, (unquote(name), unquote(password) if colon else None)


# --- the whole-request deadline and the refusal of redirects ---------------------------------


class _Deadline:
    """Cuts every watched connection when `seconds` have passed since `with` began.

    A socket timeout only bounds each read, so a server sending one byte a
    second would hold the push for ever. At the deadline the sockets are shut
    down, which wakes whatever read or write is blocked on them.
    """

    def __init__(self, seconds: float):
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.expired = False

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def watch(self, sock: socket.socket) -> None:
        # a duplicate descriptor: TLS wrapping detaches the original socket object,
        # and shutdown() acts on the connection behind every descriptor of it
        copy = sock.dup()
        with self._lock:
            self._sockets.append(copy)
            if self.expired:
                _shutdown(copy)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other side
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedConnection(http.client.HTTPConnection):
    """An HTTP connection whose TCP socket, once open, is handed to its `deadline`.

    HTTPSConnection.connect calls super().connect() before wrapping the socket in
    TLS; with this class between them in the MRO the deadline also covers the
    TLS handshake. The deadline is set after construction (see `_connections`):
    HTTPSConnection.__init__ passes no extra arguments on.
    """

    deadline: _Deadline

    def connect(self) -> None:
        super().connect()
        self.deadline.watch(self.sock)


class _WatchedHTTPSConnection(http.client.HTTPSConnection, _WatchedConnection):
    pass


def _connections(cls: type[_WatchedConnection], deadline: _Deadline):
    """A connection factory for `AbstractHTTPHandler.do_open` whose connections watch `deadline`."""

    def connection(*args, **kwargs) -> _WatchedConnection:
        made = cls(*args, **kwargs)
        made.deadline = deadline
        return made

    return connection


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self._connection = _connections(_WatchedConnection, deadline)

    def http_open(self, req):
        return self.do_open(self._connection, req)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline, context: ssl.SSLContext | None = None):
        super().__init__(context=context)
        self._connection = _connections(_WatchedHTTPSConnection, deadline)
        self._tls = context

    def https_open(self, req):
        return self.do_open(self._connection, req, context=self._tls)


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Leaves every 3xx answer to the error handler, so it becomes an HTTPError.

    urllib would turn a POST answered by 301/302/303 into a bodiless GET to the
    new place and report that request's success as the push's.
    """

    def http_error_302(self, req, fp, code, msg, headers):
        return None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302
