"""tidings: news event data from Python.

* :func:`code` codes raw texts into CAMEO events (a ``pyarrow.Table``; ``.to_pandas()``
  for a DataFrame) with their evidence spans, through the same library functions as
  ``tidings run``.
* :func:`code_files` reads and codes input files exactly as ``tidings run`` does
  (every input format; first copy of a text wins, as in the store).
* :class:`Store` queries a tidings SQLite store (``tidings run`` output) into DataFrames.
* :mod:`tidings.spark` is the distributed recipe (PySpark ``mapInArrow``).

Dictionaries are loaded once per process and dictionary path (cached); coding releases
the GIL and runs documents in parallel.
"""

from __future__ import annotations

import io
from typing import Iterable, Optional, Sequence

import pyarrow as pa

from . import _tidings

__all__ = [
    "code",
    "code_files",
    "input_files",
    "load_dictionaries",
    "Store",
    "EVENT_SCHEMA",
    "DOCUMENT_SCHEMA",
]
__version__ = _tidings.__version__

_SPAN = pa.list_(pa.int64())
_EVIDENCE = pa.struct(
    [("doc", pa.string()), ("sentence", pa.int64()), ("span", _SPAN), ("text", pa.string())]
)
_LOCATION = pa.struct(
    [
        ("name", pa.string()),
        ("country", pa.string()),
        ("adm1", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("feature_id", pa.string()),
    ]
)

_ACTOR = pa.struct(
    [("code", pa.string()), ("text", pa.string()), ("span", _SPAN), ("location", _LOCATION)]
)

#: Events as :func:`code` returns them: the JSONL export's field names and nesting
#: (README "Output formats"), plus ``doc_index`` (position of the text in the input).
#: ``table.flatten()`` gives the CSV/Parquet export's dotted column names.
EVENT_SCHEMA = pa.schema(
    [
        ("doc_index", pa.int64()),
        ("doc", pa.string()),
        ("date", pa.date32()),
        ("date_precision", pa.string()),
        ("date_source", pa.string()),
        ("location", _LOCATION),
        ("actor1", _ACTOR),
        ("actor2", _ACTOR),
        ("code", pa.string()),
        ("root", pa.string()),
        ("quad_class", pa.int64()),
        ("goldstein", pa.float64()),
        ("plover", pa.string()),
        ("verb_span", _SPAN),
        ("evidence", _EVIDENCE),
        ("pattern", pa.string()),
    ]
)

#: Documents as :func:`code_files` returns them (the articles export's fields plus
#: ``file``/``item`` positions, the text and its sentence spans).
DOCUMENT_SCHEMA = pa.schema(
    [
        ("file", pa.int64()),
        ("item", pa.int64()),
        ("doc", pa.string()),
        ("path", pa.string()),
        ("format", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("byline", pa.string()),
        ("date", pa.date32()),
        ("date_raw", pa.string()),
        ("content_hash", pa.string()),
        ("text", pa.string()),
        ("sentences", pa.list_(_SPAN)),
    ]
)


def _spans(starts, ends) -> pa.Array:
    return pa.array(
        [None if s is None else [s, e] for s, e in zip(starts, ends)], type=_SPAN
    )


def _dates(values) -> pa.Array:
    return pa.array(values, type=pa.string()).cast(pa.date32())


def _struct(fields, arrays, present) -> pa.Array:
    mask = pa.array([not p for p in present], type=pa.bool_())
    return pa.StructArray.from_arrays(arrays, fields=list(fields), mask=mask)


def _events_table(c: dict) -> pa.Table:
    """Nest the native layer's flat columns into :data:`EVENT_SCHEMA`."""
    n = len(c["doc"])
    s = pa.string

    def place(p):
        return _struct(
            _LOCATION,
            [
                pa.array(c[f"{p}.name"], type=s()),
                pa.array(c[f"{p}.country"], type=s()),
                pa.array(c[f"{p}.adm1"], type=s()),
                pa.array(c[f"{p}.lat"], type=pa.float64()),
                pa.array(c[f"{p}.lon"], type=pa.float64()),
                pa.array(c[f"{p}.feature_id"], type=s()),
            ],
            [x is not None for x in c[f"{p}.name"]],
        )

    def actor(p):
        return _struct(
            _ACTOR,
            [
                pa.array(c[f"{p}.code"], type=s()),
                pa.array(c[f"{p}.text"], type=s()),
                _spans(c[f"{p}.start"], c[f"{p}.end"]),
                place(f"{p}.location"),
            ],
            [x is not None for x in c[f"{p}.code"]],
        )

    location = place("location")
    evidence = _struct(
        _EVIDENCE,
        [
            pa.array(c["doc"], type=s()),
            pa.array(c["evidence.sentence"], type=pa.int64()),
            _spans(c["evidence.start"], c["evidence.end"]),
            pa.array(c["evidence.text"], type=s()),
        ],
        [True] * n,
    )
    cols = [
        pa.array(c["doc_index"], type=pa.int64()),
        pa.array(c["doc"], type=s()),
        _dates(c["date"]),
        pa.array(c["date_precision"], type=s()),
        pa.array(c["date_source"], type=s()),
        location,
        actor("actor1"),
        actor("actor2"),
        pa.array(c["code"], type=s()),
        pa.array(c["root"], type=s()),
        pa.array(c["quad_class"], type=pa.int64()),
        pa.array(c["goldstein"], type=pa.float64()),
        pa.array(c["plover"], type=s()),
        _spans(c["verb_span.start"], c["verb_span.end"]),
        evidence,
        pa.array(c["pattern"], type=s()),
    ]
    return pa.Table.from_arrays(cols, schema=EVENT_SCHEMA)


def _documents_table(c: dict) -> pa.Table:
    s = pa.string
    sentences = pa.array(
        [[[a, b] for a, b in zip(st, en)] for st, en in zip(c["sentence_starts"], c["sentence_ends"])],
        type=pa.list_(_SPAN),
    )
    cols = [
        pa.array(c["file"], type=pa.int64()),
        pa.array(c["item"], type=pa.int64()),
        *(pa.array(c[k], type=s()) for k in ("doc", "path", "format", "url", "outlet", "title", "byline")),
        _dates(c["date"]),
        pa.array(c["date_raw"], type=s()),
        pa.array(c["content_hash"], type=s()),
        pa.array(c["text"], type=s()),
        sentences,
    ]
    return pa.Table.from_arrays(cols, schema=DOCUMENT_SCHEMA)


def _date_str(d) -> Optional[str]:
    if d is None:
        return None
    if isinstance(d, str):
        return d
    try:  # datetime.date, datetime.datetime, pandas.Timestamp, numpy.datetime64
        import datetime

        if isinstance(d, datetime.datetime):
            return d.date().isoformat()
        if isinstance(d, datetime.date):
            return d.isoformat()
    except ImportError:  # pragma: no cover
        pass
    if hasattr(d, "isoformat"):
        return d.isoformat()[:10]
    if str(d) in ("NaT", "nan", "None"):
        return None
    return str(d)[:10]


def code(
    texts: Iterable[str],
    dates: Optional[Sequence] = None,
    dictionaries: Optional[str] = None,
    *,
    docs: Optional[Sequence[str]] = None,
    threads: int = 0,
) -> pa.Table:
    """Code raw texts into events.

    ``texts``: article texts. ``dates``: publication dates (``YYYY-MM-DD`` strings or
    ``datetime.date``; None for undated), one per text, used to resolve "on Tuesday".
    ``dictionaries``: a ``PETR_config.ini``, a directory of PETRARCH or tidings-format
    dictionaries (as ``tidings run --dictionaries``); None for the built-in ones.
    ``docs``: document names (default: the text's index). ``threads``: worker threads
    (0 = one per core); output does not depend on it.

    Returns a ``pyarrow.Table`` (:data:`EVENT_SCHEMA`), one row per event, in input
    order; every span is a byte range into the UTF-8 text.
    """
    texts = [str(t) for t in texts]
    if dates is None:
        dates = [None] * len(texts)
    dates = [_date_str(d) for d in dates]
    if docs is None:
        docs = [str(i) for i in range(len(texts))]
    docs = [str(d) for d in docs]
    cols = _tidings.code_texts(texts, dates, docs, dictionaries, threads)
    return _events_table(cols)


def input_files(paths: Sequence[str]) -> list:
    """The files ``tidings run PATHS...`` reads, in its order."""
    return _tidings.input_files([str(p) for p in paths])


def code_files(
    paths: Sequence[str],
    dictionaries: Optional[str] = None,
    *,
    ordinals: Optional[Sequence[int]] = None,
    threads: int = 0,
    dedup: bool = True,
):
    """Read and code files (any input format, directories walked) as ``tidings run`` does.

    Returns ``(documents, events, diagnostics)`` pyarrow Tables. With ``dedup`` (the
    default) only the first copy of each text is kept, as in the store; events carry the
    ``doc_index`` of their row in ``documents``.
    """
    if ordinals is None:
        files = input_files(paths)
        ordinals = list(range(len(files)))
    else:
        files = [str(p) for p in paths]
        ordinals = [int(o) for o in ordinals]
    out = _tidings.code_files(files, ordinals, dictionaries, threads)
    documents = _documents_table(out["documents"])
    events = _events_table(out["events"])
    diagnostics = pa.table(
        {"path": pa.array(out["diagnostics"]["path"], type=pa.string()),
         "reason": pa.array(out["diagnostics"]["reason"], type=pa.string())}
    )
    if dedup:
        documents, events = _dedup(documents, events)
    return documents, events, diagnostics


def _dedup(documents: pa.Table, events: pa.Table):
    """Keep the first document of each content hash in (file, item) order."""
    order = sorted(
        range(documents.num_rows),
        key=lambda i: (documents["file"][i].as_py(), documents["item"][i].as_py()),
    )
    hashes = documents["content_hash"].to_pylist()
    seen, keep = set(), []
    for i in order:
        if hashes[i] not in seen:
            seen.add(hashes[i])
            keep.append(i)
    new_index = {old: new for new, old in enumerate(keep)}
    documents = documents.take(pa.array(keep, type=pa.int64()))
    idx = events["doc_index"].to_pylist()
    rows = sorted(
        (i for i, d in enumerate(idx) if d in new_index), key=lambda i: (new_index[idx[i]], i)
    )
    events = events.take(pa.array(rows, type=pa.int64()))
    events = events.set_column(
        0, "doc_index", pa.array([new_index[idx[i]] for i in rows], type=pa.int64())
    )
    return documents, events


def load_dictionaries(dictionaries: Optional[str] = None) -> list:
    """Load a dictionary set into the per-process cache now; returns its diagnostics
    (malformed lines). Later calls with the same path reuse the loaded set."""
    return _tidings.load_dictionaries_cached(dictionaries)


class Store:
    """A tidings store (the SQLite file ``tidings run`` writes), read into DataFrames.

    Tables come from the same code as ``tidings export`` (Parquet), so columns are the
    export's flat names (``actor1.code``, ``evidence.sentence``, ...). Filters are those
    of ``tidings export``: ``since``/``until`` (``YYYY-MM-DD``), ``actor`` and ``code``
    prefixes, ``story`` id.
    """

    def __init__(self, path):
        import os

        self.path = os.fspath(path)
        if not os.path.isfile(self.path):
            raise FileNotFoundError(f"{self.path}: no tidings store (run `tidings run` first)")

    def arrow(self, what: str, **filters) -> pa.Table:
        """One table (articles|documents, sentences, events, mentions, stories) as Arrow."""
        import pyarrow.parquet as pq

        args = {k: (None if v is None else str(v)) for k, v in filters.items()}
        data = _tidings.export_store(self.path, what, "parquet", **args)
        return pq.read_table(io.BytesIO(data))

    def _df(self, what, **filters):
        return self.arrow(what, **filters).to_pandas()

    def events(self, since=None, until=None, actor=None, code=None, story=None):
        return self._df("events", since=since, until=until, actor=actor, code=code, story=story)

    def mentions(self, since=None, until=None, actor=None, code=None, story=None):
        return self._df("mentions", since=since, until=until, actor=actor, code=code, story=story)

    def stories(self, since=None, until=None, story=None):
        return self._df("stories", since=since, until=until, story=story)

    def documents(self, since=None, until=None, story=None):
        return self._df("articles", since=since, until=until, story=story)

    def sentences(self, story=None):
        return self._df("sentences", story=story)

    def __repr__(self):
        return f"tidings.Store({self.path!r})"
