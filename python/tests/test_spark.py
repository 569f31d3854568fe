"""The PySpark recipe in local mode: identical events to `tidings run`, stories across partitions."""

import shutil
from pathlib import Path

import pytest

import tidings
from conftest import CORPUS, cli_run, key_of_jsonl, key_of_row, multiset

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed (pip install pyspark)")
if shutil.which("java") is None:
    pytest.skip("java not found: the Spark tests need a JVM (Java 17)", allow_module_level=True)

from tidings import spark as tspark  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    s = (
        SparkSession.builder.master("local[2]")
        .appName("tidings-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def test_spark_events_equal_tidings_run(spark, corpus_store, tmp_path):
    _, cli_events = corpus_store
    result = tspark.run(spark, [str(CORPUS)], str(tmp_path / "out"), partitions=3)
    rows = [r.asDict(recursive=True) for r in result.events.collect()]
    assert rows
    assert multiset(key_of_row(r) for r in rows) == multiset(key_of_jsonl(e) for e in cli_events)
    # Parquet output readable without Spark
    import pyarrow.parquet as pq

    t = pq.read_table(str(tmp_path / "out" / "events"))
    assert t.num_rows == len(cli_events)
    # every document is in exactly one story
    docs = result.documents.select("doc", "story_id").collect()
    assert all(d.story_id is not None for d in docs)
    stories = result.stories.collect()
    assert sum(s.num_articles for s in stories) == len(docs)
    # same story grouping as the single-machine store
    db, _ = corpus_store
    one = tidings.Store(db).documents()
    assert {frozenset(g["doc"]) for _, g in one.groupby("story_id")} == {frozenset(s.docs) for s in stories}


# Own fixture: one flood story told by two outlets (in files that land in different
# partitions) and two unrelated reports.
STORY = {
    "a-flood.txt": (
        "Floods hit Porto Alegre\n\n6 May 2024\n\n"
        "PORTO ALEGRE (River Wire) - Floods in Rio Grande do Sul state killed dozens of people and "
        "forced thousands from their homes in Porto Alegre, Brazilian officials said on Monday. "
        "President Luiz Inacio Lula da Silva visited the flooded state and promised federal aid. "
        "The Guaiba river rose to a record level, flooding the centre of Porto Alegre."
    ),
    "b-chess.txt": (
        "Chess olympiad opens in Budapest\n\n10 Sep 2024\n\n"
        "BUDAPEST (Board Daily) - The chess olympiad opened in Budapest with teams from more than "
        "180 countries. Organisers said the tournament would run for two weeks at the Hungexpo venue."
    ),
    "c-tariffs.txt": (
        "Canada sets steel quotas\n\n2 Mar 2024\n\n"
        "OTTAWA (Trade Post) - Canada announced quotas on imported steel after talks with the "
        "United States, trade officials said on Friday. Industry groups welcomed the decision."
    ),
    "d-flood.txt": (
        "Lula pledges aid as Rio Grande do Sul floods spread\n\n7 May 2024\n\n"
        "PORTO ALEGRE (Southern Herald) - Brazilian President Luiz Inacio Lula da Silva pledged "
        "federal aid on Tuesday as floods across Rio Grande do Sul forced thousands of residents of "
        "Porto Alegre from their homes. The Guaiba river reached a record level and flooded Porto Alegre."
    ),
}


def test_stories_merge_across_partitions(spark, cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in STORY.items():
        (corpus / name).write_text(text)
    cli_events = cli_run(cli, [corpus], tmp_path / "one.db")
    # four files, four partitions: every document alone in its partition
    result = tspark.run(spark, [str(corpus)], str(tmp_path / "out"), partitions=4)
    rows = [r.asDict(recursive=True) for r in result.events.collect()]
    assert multiset(key_of_row(r) for r in rows) == multiset(key_of_jsonl(e) for e in cli_events)
    story = {d.doc: d.story_id for d in result.documents.select("doc", "story_id").collect()}
    assert story["a-flood"] == story["d-flood"], "the two flood reports are one story"
    assert len({story["a-flood"], story["b-chess"], story["c-tariffs"]}) == 3
    assert result.merges, "the merge came from the signature pass"
    # same grouping as the single-machine story engine
    one = tidings.Store(tmp_path / "one.db").documents()
    groups_one = {frozenset(g["doc"]) for _, g in one.groupby("story_id")}
    groups_spark = {frozenset(d for d, s in story.items() if s == sid) for sid in set(story.values())}
    assert groups_spark == groups_one
    fl = [s for s in result.stories.collect() if s.story_id == story["a-flood"]][0]
    assert fl.num_articles == 2 and fl.num_sources == 2
