"""The `kg` command: exit codes, output, and one-line errors for bad input.

In-process (`kg()` below) wherever a process is not what is tested; killed builds, worker
processes and the credentials read from the environment run the real command.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "mss-consultancy-warning.txt"
SHORT = "The Harbour Authority fined a ferry company. The company did not appeal. The authority said the ferry company polluted the bay.\n"


class _Stdin:
    """What `sys.stdin` looks like to kg: a text stream with a binary buffer."""

    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)

    def close(self) -> None:  # a forked query child closes its stdin, as for a real pipe
        self.buffer.close()


def kg(
    *args, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`kg ARGS` with its exit status, stdout and stderr (bytes).

    In this process (`graph.cli.main`, the model already loaded) with stdin, stdout and
    stderr replaced; in a real process only when `env` is given, since the environment
    (credentials, netrc) is what those tests are about.
    """
    if env is not None:
        return subprocess.run(
            [sys.executable, "-m", "graph", *map(str, args)],
            input=stdin,
            capture_output=True,
            cwd=cwd or ROOT,
            env=env,
            timeout=300,
        )
    from graph.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    saved, folder = (sys.stdin, sys.stdout, sys.stderr), os.getcwd()
    text_out = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    text_err = io.TextIOWrapper(
        err, encoding="utf-8", errors="backslashreplace", write_through=True
    )
    sys.stdin, sys.stdout, sys.stderr = _Stdin(stdin or b""), text_out, text_err  # type: ignore[assignment]
    os.chdir(cwd or ROOT)
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse: --help, usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(folder)
    result = subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())
    text_out.detach(), text_err.detach()  # the wrappers must not close the buffers read above
    return result


def assert_clean_error(result: subprocess.CompletedProcess, fragment: str) -> None:
    err = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert fragment in lines[0], err


@pytest.fixture(scope="module")
def short_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "harbour.txt"
    path.write_text(SHORT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory, short_file) -> Path:
    out = tmp_path_factory.mktemp("out") / "harbour.ttl"
    result = kg("build", short_file, "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    return out


def test_help_shows_examples():
    result = kg("--help")
    assert result.returncode == 0
    assert b"kg build examples/ -o seed.ttl" in result.stdout
    for command in ("build", "triples", "entities", "query", "plot", "validate"):
        sub = kg(command, "--help")
        assert sub.returncode == 0
        assert b"Example" in sub.stdout


def test_build_writes_parseable_turtle(built):
    g = Graph().parse(built, format="turtle")
    labels = {str(o) for o in g.objects(None, None) if str(o) == "Harbour Authority"}
    assert labels == {"Harbour Authority"}


@pytest.mark.parametrize(
    ("suffix", "rdf_format"), [(".nt", "nt"), (".jsonld", "json-ld"), (".trig", "trig")]
)
def test_build_other_formats_by_extension(tmp_path, short_file, suffix, rdf_format):
    out = tmp_path / f"g{suffix}"
    assert kg("build", short_file, "-o", out, "-q").returncode == 0
    from graph.rdf.formats import read_graph

    assert len(read_graph(out)) > 20


def test_triples_jsonl_has_contract_fields(short_file):
    result = kg("triples", short_file, "--format", "jsonl")
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    required = {
        "doc",
        "sentence",
        "sentence_text",
        "subject",
        "relation",
        "object",
        "subject_entity",
        "object_entity",
        "negated",
        "modality",
        "attributed_to",
        "confidence",
    }
    assert records and all(required <= set(r) for r in records)
    fined = next(r for r in records if r["relation"] == "fined")
    assert (
        fined["subject_entity"] == "Harbour Authority"
        and fined["negated"] is False
        and fined["doc"] == "harbour"
    )
    appeal = next(r for r in records if "appeal" in r["relation"])
    assert appeal["negated"] is True and appeal["subject_entity"] == "ferry company"
    polluted = next(r for r in records if r["relation"] == "polluted")
    assert polluted["attributed_to"] == "Harbour Authority"
    assert all(0 <= r["confidence"] <= 1 for r in records)


def test_triples_carb_format_keeps_lines_verbatim(tmp_path):
    lines = ["The cat , which was hungry , ate the fish .", "Paris is the capital of France ."]
    path = tmp_path / "s.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = kg("triples", path, "--sentences", "--format", "carb")
    assert result.returncode == 0
    rows = [line.split("\t") for line in result.stdout.decode().splitlines()]
    assert rows
    for row in rows:
        assert row[0] in lines
        float(row[1])
        for argument in row[3:]:
            assert argument in row[0]
    assert any(r[2] == "is" and r[3] == "Paris" for r in rows)


def test_entities_json(short_file):
    result = kg("entities", short_file, "--format", "json")
    assert result.returncode == 0
    entities = json.loads(result.stdout)
    board = next(e for e in entities if e["label"] == "Harbour Authority")
    assert board["type"] == "GovernmentOrganization"
    assert "The authority" in board["aliases"] and board["mentions"] >= 2
    assert all({"doc", "start", "end", "text"} <= set(s) for s in board["spans"])
    assert SHORT[board["spans"][0]["start"] : board["spans"][0]["end"]] == board["spans"][0]["text"]


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_formats(built, fmt):
    q = "SELECT ?label WHERE { ?e a schema:GovernmentOrganization ; rdfs:label ?label }"
    result = kg("query", built, q, "--format", fmt)
    assert result.returncode == 0, result.stderr.decode()
    assert "Harbour Authority" in result.stdout.decode()


def test_query_from_file(built, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Statement }", encoding="utf-8")
    result = kg("query", built, "-f", rq)
    assert result.returncode == 0
    assert int(result.stdout.decode().splitlines()[2]) >= 3


def test_plot_png(built, tmp_path):
    out = tmp_path / "g.png"
    result = kg("plot", built, "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- bad input: one line on stderr, non-zero exit, no traceback -------------


def test_missing_input_file(tmp_path):
    assert_clean_error(kg("build", tmp_path / "nope.txt", "-o", tmp_path / "o.ttl"), "not found")


def test_folder_without_text_files(tmp_path):
    (tmp_path / "data.csv").write_text("a,b\n")
    assert_clean_error(kg("build", tmp_path, "-o", tmp_path / "o.ttl"), "no *.txt files")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert_clean_error(kg("build", empty, "-o", tmp_path / "o.ttl"), "empty")


def test_non_utf8_bytes_are_replaced_with_a_warning(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("The caf\xe9 owner sued the city council.".encode("latin-1"))
    out = tmp_path / "o.ttl"
    result = kg("build", bad, "-o", out, "-q")
    assert result.returncode == 0
    assert b"not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr
    Graph().parse(out, format="turtle")


def test_malformed_sparql(built):
    assert_clean_error(kg("query", built, "SELECT ?x WHERE { ?x"), "malformed SPARQL")


def test_update_is_refused(built):
    assert_clean_error(kg("query", built, "DELETE WHERE { ?s ?p ?o }"), "read-only")


def test_malformed_graph_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<")
    assert_clean_error(kg("query", bad, "SELECT * WHERE { ?s ?p ?o }"), "cannot parse")


def test_bad_model_name(short_file, tmp_path):
    assert_clean_error(
        kg("build", short_file, "-o", tmp_path / "o.ttl", "--model", "xx_no_such_model"),
        "not installed",
    )


def test_usage_error_is_one_line():
    assert_clean_error(kg("query"), "error")


def test_unwritable_output_path(short_file, tmp_path):
    if os.geteuid() == 0:
        # root may write into any folder; /proc refuses new files even to root
        assert_clean_error(kg("build", short_file, "-o", "/proc/kg-test.ttl"), "cannot write")
        return
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    assert_clean_error(kg("build", short_file, "-o", locked / "o.ttl"), "not writable")


def test_output_into_missing_folder(short_file, tmp_path):
    assert_clean_error(
        kg("build", short_file, "-o", tmp_path / "no" / "such" / "o.ttl"), "does not exist"
    )


def test_failed_run_keeps_the_previous_output(tmp_path):
    out = tmp_path / "keep.ttl"
    out.write_text("# a good earlier graph\n")
    result = kg("build", tmp_path / "missing.txt", "-o", out)
    assert result.returncode != 0
    assert out.read_text() == "# a good earlier graph\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.ttl"]


def test_stdin_input(tmp_path):
    out = tmp_path / "o.ttl"
    result = kg("build", "-", "-o", out, "-q", stdin=SHORT.encode())
    assert result.returncode == 0
    assert "Harbour Authority" in out.read_text()


def test_bad_base_iri(short_file, tmp_path):
    assert_clean_error(
        kg("build", short_file, "-o", tmp_path / "o.ttl", "--base-iri", "not an iri"), "--base-iri"
    )


def test_update_with_allow_update_rewrites_the_file(tmp_path, built):
    copy = tmp_path / "copy.ttl"
    copy.write_bytes(built.read_bytes())
    update = 'INSERT DATA { <https://example.org/kg/entity/x> rdfs:label "Inserted" }'
    result = kg("query", copy, update, "--allow-update")
    assert result.returncode == 0, result.stderr.decode()
    assert "Inserted" in copy.read_text()


def test_query_timeout_is_a_clean_error(built):
    # a cross product large enough to outlast a 0.2 s limit
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    assert_clean_error(kg("query", built, slow, "--timeout", "0.2"), "timed out")


def test_missing_query_file(built, tmp_path):
    assert_clean_error(kg("query", built, "-f", tmp_path / "none.rq"), "cannot read query file")


@pytest.mark.slow  # a process per case: run once per CI, on the main Python only
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("signum", [2, 15])  # SIGINT, SIGTERM
def test_killed_build_leaves_no_output(tmp_path, signum, jobs):
    import os
    import signal
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(150):
        (folder / f"doc{i}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.ttl"
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "build", str(folder), "-o", str(out), "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a terminal job has
    )
    time.sleep(6)  # model loaded, documents being parsed
    assert process.poll() is None, "the build finished before it could be interrupted"
    if jobs == "1":
        process.send_signal(signal.Signals(signum))
    else:
        os.killpg(process.pid, signal.Signals(signum))  # Ctrl-C reaches the workers too
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert b"Traceback" not in err
    assert not out.exists()
    time.sleep(1)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no worker left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many"]


def test_jobs_2_gives_the_same_graph_as_jobs_1(tmp_path):
    from rdflib.compare import isomorphic

    folder = tmp_path / "docs"
    folder.mkdir()
    for i, sentence in enumerate(SHORT.split(". ")):
        (folder / f"d{i}.txt").write_text(sentence + ".", encoding="utf-8")
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    assert kg("build", folder, "-o", one, "-q", "--jobs", "1").returncode == 0
    assert kg("build", folder, "-o", two, "-q", "--jobs", "2").returncode == 0
    assert isomorphic(Graph().parse(one), Graph().parse(two))


def test_csv_input_with_columns(tmp_path):
    table = tmp_path / "news.csv"
    table.write_text(
        'uid,body\nn1,"The Harbour Authority fined a ferry company."\n', encoding="utf-8"
    )
    result = kg(
        "triples", table, "--text-column", "body", "--id-column", "uid", "--format", "jsonl"
    )
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout.decode().splitlines()[0])
    assert record["doc"] == "n1" and record["relation"] == "fined"


# --- on-disk store, export, push ---------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory, short_file) -> Path:
    folder = tmp_path_factory.mktemp("kb") / "kb"
    first = kg("build", short_file, "--store", folder)
    assert first.returncode == 0, first.stderr.decode()
    return folder


def test_store_rebuild_adds_nothing(store, short_file):
    before = kg(
        "query", "--store", store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"
    )
    again = kg("build", short_file, "--store", store)
    assert again.returncode == 0 and b"0 new document(s), 1 already in the store" in again.stderr
    after = kg(
        "query", "--store", store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"
    )
    assert before.stdout == after.stdout and int(after.stdout.decode().split()[1]) > 50


def test_store_merges_entities_of_new_documents(store, tmp_path):
    other = tmp_path / "more.txt"
    other.write_text("The Harbour Authority opened a new terminal.", encoding="utf-8")
    assert kg("build", other, "--store", store, "-q").returncode == 0
    result = kg(
        "query",
        "--store",
        store,
        'SELECT ?n WHERE { ?e rdfs:label "Harbour Authority" ; kg:mentionCount ?n }',
        "--format",
        "csv",
    )
    assert result.stdout.decode().split() == ["n", "3"]  # 2 mentions + 1, on one node


def test_store_export_and_plot(store, tmp_path):
    out = tmp_path / "kb.ttl"
    assert kg("export", "--store", store, "-o", out).returncode == 0
    assert len(Graph().parse(out, format="turtle")) > 50
    png = tmp_path / "kb.png"
    assert kg("plot", "--store", store, "-o", png, "-q").returncode == 0
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_missing_store(tmp_path):
    assert_clean_error(
        kg("query", "--store", tmp_path / "none", "SELECT * WHERE { ?s ?p ?o }"), "no store at"
    )


def test_locked_store_refuses_a_second_writer(store, short_file):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from graph.store.kgstore import open_store; import time; s = open_store({str(store)!r}, write=True); print('ready', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == b"ready"
        assert_clean_error(
            kg("build", short_file, "--store", store), "in use by another kg process"
        )
    finally:
        holder.kill()
        holder.wait()


def test_push_to_unreachable_endpoint(built):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert_clean_error(
        kg("push", built, "--endpoint", f"http://127.0.0.1:{port}/store", "--timeout", "5"),
        "cannot reach",
    )


@pytest.mark.parametrize("timeout", ["-1", "nan", "inf", "0", "1e10", "soon"])
def test_push_timeout_must_be_a_positive_finite_number(built, timeout):
    result = kg("push", built, "--endpoint", "http://127.0.0.1:9/store", f"--timeout={timeout}")
    assert_clean_error(result, "--timeout")
    assert result.returncode == 2


SECRET = "s3cr:t-pa55"


def _push_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """This process's environment without any KG_PUSH_* or netrc of the machine, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_PUSH_")}
    return {**env, "NETRC": str(tmp_path / "no-netrc"), **extra}


def _basic(user: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _echo_refused(handler) -> None:
    """401, quoting back the Authorization header and the secret in it, as a careless server might."""
    import base64

    from tests.loopback import answer

    sent = handler.headers.get("Authorization", "")
    scheme, _, value = sent.partition(" ")
    secret = base64.b64decode(value).decode().partition(":")[2] if scheme == "Basic" else value
    answer(handler, 401, f"refused {sent} with {secret}\n".encode())


@pytest.mark.parametrize(
    ("how", "header"),
    [
        ("--user", _basic("alice", SECRET)),
        ("--token", "Bearer t0k.en"),
        ("KG_PUSH_TOKEN", "Bearer t0k.en"),
        ("KG_PUSH_USER", _basic("erin", SECRET)),
        ("NETRC", _basic("carol", SECRET)),
        ("url", _basic("alice", SECRET)),
    ],
    ids=["user", "token", "env-token", "env-user", "netrc", "url"],
)
def test_push_credentials_reach_the_server_and_are_never_echoed(
    built, loopback, tmp_path, how, header
):
    import urllib.parse

    from tests.loopback import answer

    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login carol password {SECRET}\n", encoding="utf-8")
    options, env = {
        "--user": (["--user", f"alice:{SECRET}"], {}),
        "--token": (["--token", "t0k.en"], {}),
        "KG_PUSH_TOKEN": ([], {"KG_PUSH_TOKEN": "t0k.en"}),
        "KG_PUSH_USER": ([], {"KG_PUSH_USER": "erin", "KG_PUSH_PASSWORD": SECRET}),
        "NETRC": ([], {"NETRC": str(netrc)}),
        "url": ([], {}),
    }[how]
    stored = loopback(lambda h: answer(h, 204))
    refusing = loopback(_echo_refused)
    for server in (stored, refusing):
        url = f"{server.url}/store"
        if how == "url":
            url = url.replace("://", f"://alice:{urllib.parse.quote(SECRET, safe='')}@")
        result = kg(
            "push",
            built,
            "--endpoint",
            url,
            "--timeout",
            "5",
            *options,
            env=_push_env(tmp_path, **env),
        )
        assert server.seen and server.seen[-1].headers["Authorization"] == header
        err = result.stderr.decode()
        assert (
            SECRET not in err and "s3cr" not in err and "t0k" not in err and "alice" not in err
        ), err
        if server is stored:
            assert result.returncode == 0 and f"to {server.url}/store (HTTP 204)" in err, err
        else:
            assert_clean_error(
                result, "answered HTTP 401 Unauthorized: refused *** with *** (credentials from"
            )


def test_push_credential_mistakes_are_one_line(built, tmp_path):
    endpoint = "http://127.0.0.1:9/store"
    assert_clean_error(
        kg("push", built, "--endpoint", endpoint, "--user", "alice", env=_push_env(tmp_path)),
        "no password",
    )
    result = kg(
        "push",
        built,
        "--endpoint",
        endpoint,
        "--user",
        f"a:{SECRET}",
        "--token",
        "t",
        env=_push_env(tmp_path),
    )
    assert_clean_error(result, "not allowed with argument")
    assert SECRET not in result.stderr.decode()


def test_push_to_https_with_cacert(built, loopback, certificate, tmp_path):
    from tests.loopback import answer, tls_context

    server = loopback(lambda h: answer(h, 201), tls=tls_context(*certificate))
    endpoint = f"{server.url}/store"
    trusted = kg(
        "push",
        built,
        "--endpoint",
        endpoint,
        "--cacert",
        certificate[0],
        "--timeout",
        "5",
        env=_push_env(tmp_path),
    )
    assert trusted.returncode == 0, trusted.stderr.decode()
    assert f"to {endpoint} (HTTP 201)" in trusted.stderr.decode()
    assert len(server.seen) == 1 and server.seen[0].body == built.read_bytes()
    untrusted = kg("push", built, "--endpoint", endpoint, "--timeout", "5", env=_push_env(tmp_path))
    assert_clean_error(untrusted, "its TLS certificate was rejected (self-signed certificate)")
    assert "--cacert" in untrusted.stderr.decode() and len(server.seen) == 1


def test_push_refuses_a_redirect(built, loopback, tmp_path):
    from tests.loopback import answer

    elsewhere = loopback(lambda h: answer(h, 200))
    moved = loopback(lambda h: answer(h, 302, headers={"Location": f"{elsewhere.url}/x"}))
    result = kg(
        "push", built, "--endpoint", f"{moved.url}/store", "--timeout", "5", env=_push_env(tmp_path)
    )
    assert_clean_error(result, f"answered HTTP 302 Found, a redirect to {elsewhere.url}/x")
    assert b"pushed" not in result.stderr and elsewhere.seen == []


def test_build_needs_exactly_one_destination(short_file, tmp_path):
    assert_clean_error(kg("build", short_file), "either -o OUT")


def test_malformed_query_file(built, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?x WHERE { ?x ?y", encoding="utf-8")
    assert_clean_error(kg("query", built, "-f", rq), "malformed SPARQL")
    binary = tmp_path / "binary.rq"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert_clean_error(kg("query", built, "-f", binary), "cannot read query file")
