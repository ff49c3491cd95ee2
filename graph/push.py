"""Sending a graph to a SPARQL server with the Graph Store Protocol (SPARQL 1.1 GSP).

POST adds the triples to the target graph, PUT replaces it; the target is
`?graph=<iri>` or, without an IRI, `?default`. Only the standard library is
used, and every failure is a `PushError` with a one-line message.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request

#: graph.io format name -> media type for the Content-Type header
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}


class PushError(ValueError):
    """A graph that could not be sent to the endpoint."""


def media_type(fmt: str) -> str:
    """The media type for a graph.io format name ("turtle", "nt", ...)."""
    try:
        return MEDIA_TYPES[fmt]
    except KeyError:
        raise PushError(
            f"cannot push format {fmt!r}; use one of: {', '.join(sorted(MEDIA_TYPES))}"
        ) from None


def target_url(endpoint: str, graph_iri: str | None) -> str:
    """`endpoint` with the GSP graph parameter (`?graph=<iri>` or `?default`) added."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise PushError(f"endpoint must be an http:// or https:// URL, got {endpoint!r}")
    if graph_iri is not None and not urllib.parse.urlsplit(graph_iri).scheme:
        raise PushError(f"--graph must be an absolute IRI, got {graph_iri!r}")
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
        Seconds to wait for the connection and for the answer.
    replace
        PUT (replace the graph) instead of POST (add to it).

    Raises
    ------
    PushError
        When the endpoint cannot be reached, does not answer in time, or
        answers with an HTTP error (status and first line of its message).
    """
    url = target_url(endpoint, graph_iri)
    request = urllib.request.Request(
        url, data=data, method="PUT" if replace else "POST", headers={"Content-Type": content_type}
    )
    handlers = []
    if _is_loopback(urllib.parse.urlsplit(url).hostname):
        handlers.append(urllib.request.ProxyHandler({}))  # never send loopback traffic to a proxy
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", errors="replace").strip()
        first = body.splitlines()[0][:200] if body else ""
        raise PushError(
            f"{endpoint} answered HTTP {exc.code} {exc.reason}" + (f": {first}" if first else "")
        ) from None
    except urllib.error.URLError as exc:
        raise PushError(f"cannot reach {endpoint}: {_reason(exc.reason, timeout)}") from None
    except http.client.HTTPException as exc:
        raise PushError(
            f"cannot push to {endpoint}: not an HTTP answer ({type(exc).__name__})"
        ) from None
    except OSError as exc:  # timeouts and resets after the connection was made
        raise PushError(f"cannot reach {endpoint}: {_reason(exc, timeout)}") from None


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, socket.gaierror):
        return "host name not found"
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return " ".join(str(reason).split())[:200]
