"""tidings.code / code_files / Store against the CLI and the invariants of the README."""

import threading
import time

import pyarrow as pa
import pytest

import tidings
from conftest import CORPUS, REPO, key_of_jsonl, key_of_row, multiset

TEXTS = [
    "BRUSSELS - NATO defence ministers pledged on Thursday to send more air defence systems to Ukraine.",
    "Militants attacked an army post in northern Mali on Friday. The government condemned the attack.",
    "The weather was mild and nothing happened.",
]
DATES = ["2024-06-13", "2024-04-13", None]


def test_code_returns_events_with_evidence():
    t = tidings.code(TEXTS, dates=DATES)
    assert isinstance(t, pa.Table)
    assert t.schema == tidings.EVENT_SCHEMA
    rows = t.to_pylist()
    assert rows, "expected events from the coded sentences"
    assert {r["doc_index"] for r in rows} <= {0, 1}, "the text without events yields none"
    for r in rows:
        text = TEXTS[r["doc_index"]].encode()
        ev = r["evidence"]
        s, e = ev["span"]
        assert text[s:e].decode() == ev["text"]
        for a in (r["actor1"], r["actor2"]):
            if a is not None:
                assert text[a["span"][0] : a["span"][1]].decode() == a["text"]
        vs, ve = r["verb_span"]
        assert s <= vs <= ve <= e
        assert r["root"] == r["code"][:2]
        assert r["quad_class"] in (1, 2, 3, 4)
        assert -10.0 <= r["goldstein"] <= 10.0
        assert r["pattern"]
        assert r["doc"] == str(r["doc_index"])
    # the Mali attack is material conflict, the pledge verbal or material cooperation
    quads = {}
    for r in rows:
        quads.setdefault(r["doc_index"], set()).add(r["quad_class"])
    assert 4 in quads.get(1, set()), quads
    assert quads.get(0, set()) & {1, 2}, quads


def test_dates_resolve_against_the_publication_date():
    dated = tidings.code(TEXTS[:2], dates=DATES[:2]).to_pylist()
    undated = tidings.code(TEXTS[:2]).to_pylist()
    assert [key_of_row(r) for r in dated] == [key_of_row(r) for r in undated]
    # "on Friday" before 2024-04-13 (a Saturday) is 2024-04-12
    mali = [r for r in dated if r["doc_index"] == 1]
    assert mali and str(mali[0]["date"]) == "2024-04-12"
    assert mali[0]["date_source"] == "sentence"
    assert all(r["date"] is None for r in undated)


def test_to_pandas_and_flatten():
    t = tidings.code(TEXTS, dates=DATES, docs=["a", "b", "c"])
    pytest.importorskip("pandas")
    df = t.to_pandas()
    assert len(df) == t.num_rows and set(df["doc"]) <= {"a", "b"}
    flat = t.flatten()
    assert "actor1.code" in flat.column_names and "evidence.sentence" in flat.column_names


def test_bad_input_is_an_error_not_a_crash():
    with pytest.raises(ValueError, match="dates\\[0\\]"):
        tidings.code(["x"], dates=["13/06/2024"])
    with pytest.raises(ValueError, match="same length"):
        tidings.code(["x", "y"], dates=["2024-01-01"])
    with pytest.raises(ValueError, match="nope"):
        tidings.code(["x"], dictionaries=str(REPO / "nope"))
    assert tidings.code([]).num_rows == 0
    assert tidings.code([""]).num_rows == 0


def test_dictionaries_are_loaded_once_per_process():
    tidings.code(TEXTS)
    before = tidings._tidings.loaded_dictionaries()
    assert "" in before
    for _ in range(5):
        tidings.code(TEXTS[:1])
    assert tidings._tidings.loaded_dictionaries() == before
    # a tidings-format directory (the built-in dictionaries' own source files) is one more entry
    data = REPO / "crates" / "cameo" / "data"
    a = tidings.code(TEXTS, dictionaries=str(data))
    after = tidings._tidings.loaded_dictionaries()
    assert len(after) == len(before) + 1
    tidings.code(TEXTS, dictionaries=str(data))
    assert tidings._tidings.loaded_dictionaries() == after
    # ... and codes as the embedded defaults do
    assert [key_of_row(r) for r in a.to_pylist()] == [key_of_row(r) for r in tidings.code(TEXTS).to_pylist()]


def test_threads_do_not_change_output():
    texts = TEXTS * 20
    one = tidings.code(texts, threads=1)
    two = tidings.code(texts, threads=2)
    assert one.equals(two)


def test_the_gil_is_released_while_coding():
    texts = [TEXTS[0] + " " + TEXTS[1]] * 100
    tidings.code(texts[:1])  # dictionaries loaded
    while True:  # an input that takes at least 0.2 s to code on this machine
        t0 = time.perf_counter()
        tidings.code(texts, threads=1)
        if time.perf_counter() - t0 >= 0.2 or len(texts) >= 200_000:
            break
        texts = texts * 2
    ticks, stop = [], threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    th = threading.Thread(target=ticker)
    th.start()
    time.sleep(0.02)
    start = time.perf_counter()
    tidings.code(texts, threads=1)
    end = time.perf_counter()
    stop.set()
    th.join()
    # with the GIL held for the whole call, no Python thread could run inside it
    inside = [t for t in ticks if start + 0.25 * (end - start) < t < end - 0.25 * (end - start)]
    assert len(inside) >= 10, f"only {len(inside)} ticks of another thread during a {end - start:.3f} s call"


def test_code_files_equals_tidings_run(corpus_store):
    _, cli_events = corpus_store
    docs, events, diags = tidings.code_files([CORPUS])
    assert diags.num_rows == 0
    assert multiset(key_of_row(r) for r in events.to_pylist()) == multiset(key_of_jsonl(e) for e in cli_events)
    # repeated texts are dropped as in the store (one document per content hash)
    hashes = docs["content_hash"].to_pylist()
    assert len(set(hashes)) == len(hashes)
    # a document's sentence spans slice its text, events point into them
    for d in docs.to_pylist():
        text = d["text"].encode()
        assert all(0 <= s <= e <= len(text) for s, e in d["sentences"])


def test_store_reads_the_cli_store(corpus_store):
    db, cli_events = corpus_store
    store = tidings.Store(db)
    ev = store.events()
    assert len(ev) == len(cli_events)
    assert sorted(ev["event_id"]) == sorted(e["event_id"] for e in cli_events)
    assert {"actor1.code", "evidence.sentence", "code", "root", "story_id"} <= set(ev.columns)
    conflict = store.events(code="1")
    assert len(conflict) == sum(e["code"].startswith("1") for e in cli_events)
    stories = store.stories()
    assert len(stories) >= 1 and stories["num_articles"].sum() == len(store.documents())
    assert set(ev["story_id"].dropna()) <= set(stories["story_id"])
    with pytest.raises(FileNotFoundError):
        tidings.Store(db.parent / "missing.db")
    with pytest.raises(ValueError, match="since"):
        store.events(since="June")


def test_actor_locations_come_with_the_actor():
    text = "French troops attacked rebel fighters near Gao on Monday."
    rows = tidings.code([text], dates=["2024-03-04"]).to_pylist()
    located = [r["actor1"] for r in rows if r["actor1"] and r["actor1"]["location"]]
    assert located, rows
    a = located[0]
    assert a["code"].startswith("FRA") and a["location"]["country"] == "FRA"
    assert -90 <= a["location"]["lat"] <= 90 and -180 <= a["location"]["lon"] <= 180
