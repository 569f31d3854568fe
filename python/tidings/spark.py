"""Distributed recipe: tidings inside PySpark.

Pass 1 codes a partitioned corpus with ``mapInArrow`` (each task calls
:func:`tidings.code_files` on its files; dictionaries are loaded once per Python
worker), drops repeated texts exactly as the store does (first copy in ``tidings run``
order wins) and writes Parquet events (and documents).

Pass 2 builds stories across partitions: every partition runs the streaming story
engine over its own documents and emits one *signature* per local story (top terms and
names, date range, event keys); the driver merges the signatures
(:func:`tidings._tidings.merge_stories`) and the final story of each document is joined
back in Spark. See README "Python and Spark" for the algorithm and its limits.

Usage::

    from pyspark.sql import SparkSession
    from tidings.spark import run
    spark = SparkSession.builder.master("local[2]").getOrCreate()
    result = run(spark, ["examples/corpus"], "/tmp/out", partitions=4)
    result.events.groupBy("date").count().show()
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence

import pyarrow as pa

import tidings
from tidings import _tidings

# Documents as pass 1 writes them: DOCUMENT_SCHEMA plus the document's events.
_DOC_WITH_EVENTS = pa.schema(
    list(tidings.DOCUMENT_SCHEMA) + [pa.field("events", pa.list_(pa.struct(list(tidings.EVENT_SCHEMA))))]
)

_SIGNATURE = pa.schema(
    [
        ("partition", pa.int64()),
        ("local_story", pa.int64()),
        ("terms", pa.list_(pa.int64())),
        ("term_weights", pa.list_(pa.float64())),
        ("names", pa.list_(pa.int64())),
        ("name_weights", pa.list_(pa.float64())),
        ("lead", pa.list_(pa.int64())),
        ("lead_weights", pa.list_(pa.float64())),
        ("date_min", pa.string()),
        ("date_max", pa.string()),
        ("event_keys", pa.list_(pa.int64())),
        ("num_articles", pa.int64()),
        ("num_mentions", pa.int64()),
        ("members", pa.list_(pa.struct([("file", pa.int64()), ("item", pa.int64())]))),
    ]
)


def _with_events(documents: pa.Table, events: pa.Table) -> pa.RecordBatch:
    """Attach each document's events (rows in ``doc_index`` order) as a list column."""
    counts = [0] * documents.num_rows
    for d in events["doc_index"].to_pylist():
        counts[d] += 1
    offsets = [0]
    for c in counts:
        offsets.append(offsets[-1] + c)
    structs = pa.StructArray.from_arrays(
        [events[f.name].combine_chunks() for f in tidings.EVENT_SCHEMA],
        fields=list(tidings.EVENT_SCHEMA),
    )
    lists = pa.ListArray.from_arrays(pa.array(offsets, type=pa.int32()), structs)
    table = documents.append_column("events", lists)
    return table.cast(_DOC_WITH_EVENTS).combine_chunks().to_batches()[0] if table.num_rows else None


def code_partition(batches, dictionaries: Optional[str] = None, threads: int = 1):
    """``mapInArrow`` function of pass 1: (ordinal, path) rows -> documents with events.

    No deduplication here: a text repeated in two partitions is dropped after the
    shuffle (first copy in ``tidings run`` order wins)."""
    for batch in batches:
        ordinals = batch.column("ordinal").to_pylist()
        paths = batch.column("path").to_pylist()
        if not paths:
            continue
        documents, events, _ = tidings.code_files(
            paths, dictionaries, ordinals=ordinals, threads=threads, dedup=False
        )
        out = _with_events(documents, events)
        if out is not None:
            yield out


def _stories_partition(batches):
    """``mapInArrow`` function of pass 2: the partition's documents -> story signatures."""
    from pyspark import TaskContext

    rows = []
    for batch in batches:
        rows.extend(batch.to_pylist())
    if not rows:
        return
    rows.sort(key=lambda r: (r["file"], r["item"]))
    part = TaskContext.get().partitionId() if TaskContext.get() else 0
    docs = []
    for r in rows:
        key = r["file"] * (1 << 24) + r["item"]
        source = _tidings.source_key(r["outlet"], r["url"], key)
        sentences = r["sentences"] or []
        events = [
            (
                e["evidence"]["sentence"],
                e["verb_span"][0],
                e["verb_span"][1],
                e["code"],
                (e["actor1"] or {}).get("code"),
                (e["actor2"] or {}).get("code"),
                None if e["date"] is None else e["date"].isoformat(),
                (e["location"] or {}).get("name"),
            )
            for e in (r["events"] or [])
        ]
        date = None if r["date"] is None else r["date"].isoformat()
        docs.append(
            (r["text"], r["title"], date, source, [s[0] for s in sentences], [s[1] for s in sentences], events)
        )
    res = _tidings.local_stories(docs)
    st = res["stories"]
    members = [[] for _ in st["terms"]]
    for r, s in zip(rows, res["doc_story"]):
        if s >= 0:
            members[s].append({"file": r["file"], "item": r["item"]})
    n = len(st["terms"])
    cols = {
        "partition": [part] * n,
        "local_story": list(range(n)),
        **{k: st[k] for k in ("terms", "term_weights", "names", "name_weights", "lead", "lead_weights",
                              "date_min", "date_max", "event_keys", "num_articles", "num_mentions")},
        "members": members,
    }
    yield pa.RecordBatch.from_pydict(cols, schema=_SIGNATURE)


def _spark_schema(schema: pa.Schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


@dataclass
class Result:
    """DataFrames of a run (also written as Parquet under ``out``)."""

    documents: "object"  # pyspark.sql.DataFrame: kept documents with ``story_id``
    events: "object"  # pyspark.sql.DataFrame: one row per event (EVENT_SCHEMA + story_id)
    stories: "object"  # pyspark.sql.DataFrame: story_id, num_articles, num_sources, docs
    merges: list  # (signature a, signature b, score) merges made across partitions


def run(
    spark,
    paths: Sequence[str],
    out: str,
    partitions: int = 4,
    dictionaries: Optional[str] = None,
    threshold: Optional[float] = None,
) -> Result:
    """Code ``paths`` (as ``tidings run PATHS`` would read them) on Spark, write Parquet
    ``out/events``, ``out/documents``, ``out/stories``, and return the DataFrames."""
    from pyspark.sql import functions as F
    from pyspark.sql import Window

    files = tidings.input_files(paths)
    # Contiguous slices of the input order: partition k holds files [k*n/p, (k+1)*n/p).
    rows = [(i, os.path.abspath(f)) for i, f in enumerate(files)]
    parts = max(1, min(partitions, len(rows))) if rows else 1
    inputs = spark.createDataFrame(spark.sparkContext.parallelize(rows, parts), "ordinal long, path string")
    dict_path = None if dictionaries is None else os.path.abspath(dictionaries)

    def code(batches):
        return code_partition(batches, dict_path)

    coded = inputs.mapInArrow(code, _spark_schema(_DOC_WITH_EVENTS))
    # The store keeps the first copy of a text (tidings run order = (file, item)).
    first = Window.partitionBy("content_hash").orderBy("file", "item")
    kept = coded.withColumn("_n", F.row_number().over(first)).where("_n = 1").drop("_n")
    kept.write.mode("overwrite").parquet(os.path.join(out, "coded"))
    # Back to contiguous ranges of the input order for the story pass.
    kept = spark.read.parquet(os.path.join(out, "coded")).repartitionByRange(parts, "file", "item")

    # Pass 2: per-partition stories, merged on the driver by signature.
    sigs = kept.mapInArrow(_stories_partition, _spark_schema(_SIGNATURE)).cache()
    sig_rows = sigs.drop("members").orderBy("partition", "local_story").collect()
    labels, merges = _tidings.merge_stories(
        [
            (r.partition, list(r.terms), list(r.term_weights), list(r.names), list(r.name_weights),
             r.date_min, r.date_max, list(r.event_keys), list(r.lead), list(r.lead_weights))
            for r in sig_rows
        ],
        threshold,
    )
    mapping = spark.createDataFrame(
        [(r.partition, r.local_story, int(g)) for r, g in zip(sig_rows, labels)],
        "partition long, local_story long, story_id long",
    )
    doc_story = (
        sigs.select("partition", "local_story", F.explode("members").alias("m"))
        .join(mapping, ["partition", "local_story"])
        .select(F.col("m.file").alias("file"), F.col("m.item").alias("item"), "story_id")
    )
    documents = kept.join(doc_story, ["file", "item"], "left")
    # source key as the pipeline's: outlet, else URL host, else the document itself
    outlet = F.lower(F.trim(F.col("outlet")))
    host = F.lower(F.regexp_extract(F.col("url"), r"^[A-Za-z][A-Za-z0-9+.-]*://(?:www\.)*([^/?#]+)", 1))
    source = (
        F.when(F.length(outlet) > 0, outlet)
        .when(F.length(host) > 0, host)
        .otherwise(F.concat(F.lit("doc:"), F.col("file").cast("string"), F.lit(":"), F.col("item").cast("string")))
    )
    stories = documents.groupBy("story_id").agg(
        F.count("*").alias("num_articles"),
        F.countDistinct(source).alias("num_sources"),
        F.sum(F.size("events")).alias("num_mentions"),
        F.min("date").alias("date_min"),
        F.max("date").alias("date_max"),
        F.sort_array(F.collect_list("doc")).alias("docs"),
    )
    events = documents.select("story_id", F.explode("events").alias("e")).select("e.*", "story_id")
    events.write.mode("overwrite").parquet(os.path.join(out, "events"))
    documents.drop("events").write.mode("overwrite").parquet(os.path.join(out, "documents"))
    stories.write.mode("overwrite").parquet(os.path.join(out, "stories"))
    return Result(
        documents=spark.read.parquet(os.path.join(out, "documents")),
        events=spark.read.parquet(os.path.join(out, "events")),
        stories=spark.read.parquet(os.path.join(out, "stories")),
        merges=[(int(a), int(b), float(s)) for a, b, s in merges],
    )
