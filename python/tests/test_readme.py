"""The README's notebook example runs as written (plots go to a recording pandas backend)."""

import re
import shutil
import sys
import types

import pytest

from conftest import REPO

pd = pytest.importorskip("pandas")


def readme_example():
    text = (REPO / "README.md").read_text()
    section = text.split("## Python and Spark", 1)
    if len(section) < 2:
        pytest.skip("README has no 'Python and Spark' section")
    blocks = re.findall(r"```python\n(.*?)```", section[1].split("\n## ", 1)[0], re.S)
    assert blocks, "no python block in the README section"
    return blocks[0]


def test_readme_notebook_example(corpus_store, tmp_path, monkeypatch):
    db, cli_events = corpus_store
    plots = []
    backend = types.ModuleType("tidings_test_plot_backend")
    backend.plot = lambda data, kind=None, **kw: plots.append((kind, data.copy(), kw))
    monkeypatch.setitem(sys.modules, "tidings_test_plot_backend", backend)
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    shutil.copy(db, tmp_path / "tidings.db")
    monkeypatch.chdir(tmp_path)
    with pd.option_context("plotting.backend", "tidings_test_plot_backend"):
        ns = {}
        exec(compile(readme_example(), "README.md", "exec"), ns)
    df, per_day = ns["df"], ns["per_day"]
    assert len(df) > 0 and per_day.to_numpy().sum() == len(df)
    assert len(plots) == 2
    kind, data, _ = plots[0]
    assert kind == "bar" and data.to_numpy().sum() == len(df)
    # the store plot counts the store's 19x (fight) events since 2024, per day
    import tidings

    fights = tidings.Store(db).events(since="2024-01-01", code="19")
    assert plots[1][1].sum() == len(fights)
