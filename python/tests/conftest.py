"""Shared fixtures: the repository, the bundled corpus and the `tidings` CLI."""

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"


def tidings_bin():
    """The CLI to compare against: $TIDINGS_BIN, else a build in target/, else PATH."""
    env = os.environ.get("TIDINGS_BIN")
    if env:
        return env
    for profile in ("release", "debug"):
        p = REPO / "target" / profile / "tidings"
        if p.is_file():
            return str(p)
    return shutil.which("tidings")


@pytest.fixture(scope="session")
def cli():
    b = tidings_bin()
    if not b:
        pytest.skip("tidings CLI not built (cargo build -p tidings-cli, or set TIDINGS_BIN)")
    return b


def cli_run(cli, paths, db):
    """`tidings run PATHS --db DB --quiet`; returns the JSONL events export."""
    subprocess.run([cli, "run", *map(str, paths), "--db", str(db), "--quiet"], check=True)
    out = subprocess.run(
        [cli, "export", "--db", str(db), "--what", "events"], check=True, capture_output=True, text=True
    ).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def corpus_store(cli, tmp_path_factory):
    """The bundled corpus run through the CLI: (store path, JSONL events)."""
    db = tmp_path_factory.mktemp("cli") / "corpus.db"
    return db, cli_run(cli, [CORPUS], db)


def key_of_jsonl(e):
    """Comparison key of an exported event: doc, sentence span, actor codes, code."""
    a1, a2 = e.get("actor1") or {}, e.get("actor2") or {}
    ev = e["evidence"]
    return (e["doc"], ev["sentence"], tuple(ev["span"]), a1.get("code"), a2.get("code"), e["code"])


def key_of_row(e):
    """The same key for a row of an Arrow/Spark event table (as Python dicts)."""
    a1, a2 = e.get("actor1") or {}, e.get("actor2") or {}
    ev = e["evidence"]
    return (e["doc"], ev["sentence"], tuple(ev["span"]), a1.get("code"), a2.get("code"), e["code"])


def multiset(keys):
    return Counter(keys)
