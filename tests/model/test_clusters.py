"""Words without spaces (Thai, Chinese, Japanese) break between clusters, never inside one."""

from __future__ import annotations

import unicodedata

from app.model.clusters import clusters, reads_right_to_left
from app.model.layout import wrap_text


def width(text: str) -> float:
    """One unit per character that takes room (marks take none)."""
    return float(sum(1 for char in text if not unicodedata.combining(char)))


def test_a_long_thai_sentence_breaks_only_between_clusters() -> None:
    thai = "การเดินทางของลูกค้าที่ร้านค้าในเมืองใหญ่"
    lines = wrap_text(thai, 6, width)
    assert len(lines) > 2 and "".join(lines) == thai
    for line in lines:
        assert not unicodedata.combining(line[0]), line  # no line starts with a mark
        assert line[-1] not in "เแโใไ", line  # nor ends with a vowel written before its consonant


def test_conjuncts_emoji_sequences_and_marks_stay_whole() -> None:
    assert clusters("क्षत्रिय")[0] == "क्ष"
    assert clusters("👨\u200d👩\u200d👧👍🏽") == ["👨\u200d👩\u200d👧", "👍🏽"]
    assert clusters("é") == ["é"]
    assert clusters("日本語") == ["日", "本", "語"]


def test_a_texts_direction_is_its_first_strong_characters() -> None:
    assert reads_right_to_left("42% رحلة app")
    assert reads_right_to_left("«מסע»")
    assert not reads_right_to_left("Checkout עם")
    assert not reads_right_to_left("123")
