"""The distributed recipe's story signatures and their merge (no Spark needed)."""

from tidings import _tidings


def _doc(text, title, source):
    return (text, title, "2024-03-01", source, [0], [len(text)], [])


def test_signatures_carry_lead_terms():
    res = _tidings.local_stories([_doc("Floods hit Riverton after the dam failed.", "Riverton floods", "a")])
    st = res["stories"]
    assert res["doc_story"] == [0]
    assert len(st["lead"][0]) > 0
    assert len(st["lead"][0]) == len(st["lead_weights"][0])
    assert abs(sum(w * w for w in st["lead_weights"][0]) - 1.0) < 1e-6


def _sig(part, terms, names, lead):
    w = lambda xs: [1.0 / len(xs) ** 0.5] * len(xs) if xs else []  # noqa: E731
    return (part, terms, w(terms), names, w(names), "2024-03-01", "2024-03-01", [], lead, w(lead))


def test_merge_reads_the_lead_cosine():
    # the same terms and names; only the leads differ
    same = [_sig(0, [1, 2, 3, 4], [10, 11], [100, 101]), _sig(1, [1, 2, 3, 4], [10, 11], [100, 101])]
    other = [_sig(0, [1, 2, 3, 4], [10, 11], [100, 101]), _sig(1, [1, 2, 3, 4], [10, 11], [200, 201])]
    labels, merges = _tidings.merge_stories(same, 0.9)
    assert labels == [0, 0] and len(merges) == 1
    assert abs(merges[0][2] - 1.0) < 1e-9
    labels, merges = _tidings.merge_stories(other, 0.9)
    assert labels == [0, 1] and merges == []
    # without leads the text cosine stands in
    no_lead = [_sig(0, [1, 2, 3, 4], [10, 11], []), _sig(1, [1, 2, 3, 4], [10, 11], [200, 201])]
    labels, _ = _tidings.merge_stories(no_lead, 0.9)
    assert labels == [0, 0]
