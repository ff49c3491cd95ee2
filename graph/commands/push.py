"""`kg push`: a graph file or a store loaded into a SPARQL 1.1 Graph Store Protocol endpoint."""

from __future__ import annotations

from pathlib import Path

from graph.commands.output import say
from graph.io.atomic import GraphFileError


def push(
    source: str | Path,
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    timeout: float = 30.0,
    cacert: str | None = None,
    user: str | None = None,
    token: str | None = None,
    quiet: bool = False,
) -> int:
    """Load a graph file or a store into a SPARQL 1.1 Graph Store Protocol endpoint.

    Example:
      kg push seed.ttl --endpoint http://localhost:7878/store
      kg push kb/ --endpoint http://localhost:7878/store --graph https://example.org/kg/news --replace
      KG_PUSH_TOKEN=... kg push seed.ttl --endpoint https://kg.example.org/store --cacert ca.pem

    Credentials: --user USER[:PASS] or --token TOKEN, else the endpoint URL's
    user info, else KG_PUSH_TOKEN or KG_PUSH_USER (+ KG_PUSH_PASSWORD), else the
    netrc entry for the host ($NETRC or ~/.netrc). None of them is ever printed.

    Returns the endpoint's HTTP status.
    """
    from graph.rdf.formats import format_for
    from graph.store.push import display_url, find_credentials, media_type, push_graph

    source = Path(source)
    if source.is_dir():
        from graph.store.kgstore import open_store

        with open_store(source, write=False) as store:
            data, fmt = store.serialize("nt"), "nt"
    elif source.is_file():
        data, fmt = source.read_bytes(), format_for(source)
    else:
        raise GraphFileError(f"nothing to push: {source} is neither a graph file nor a store")
    credentials = find_credentials(endpoint, user=user, token=token)
    status = push_graph(
        data,
        media_type(fmt),
        endpoint,
        graph,
        timeout=timeout,
        replace=replace,
        credentials=credentials,
        cacert=cacert,
    )
    if not quiet:
        say(f"pushed {source} to {display_url(endpoint)} (HTTP {status})")
    return status
