"""Repeated words: "the the" in any case and across a set line's end, never across a
paragraph end, the doubles English means allowed; reported by the check with the line."""

import pytest

from epaperdesk.model import Edition, ParagraphStyle, Story
from epaperdesk.proof.check import check_edition
from epaperdesk.proof.repeats import find_repeated_words
from tests.proof.test_breaks import layout_of, line


def doubles(text):
    return [
        (r.word, text[r.start : r.end])
        for r in find_repeated_words(Story("s", text, ["body"] * (text.count("\n") + 1)))
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("He met the the envoy.", [("the", "the the")]),
        ("The the envoy met THE THE press.", [("The", "The the"), ("THE", "THE THE")]),
        ("He met the\u00a0\tthe envoy.", [("the", "the\u00a0\tthe")]),
        ("It is is a test of of repeats.", [("of", "of of")]),  # "is is" is English ("what it is is")
        ("She had had enough; that that was so.", []),
        ("Paper ends with the\nthe next paragraph.", []),  # not across a paragraph end
        ("That, that and 2 2 and Bora Bora and pago-pago.", []),  # punctuation, numbers, a name
        ("See https://the.example/ the page.", []),  # a link between is no space
    ],
)
def test_repeated_words(text, found):
    assert doubles(text) == found


def test_a_repeat_across_a_line_end_is_reported_with_both_lines():
    text = "Talks went on and the\nNegotiators met the the envoy on Monday"
    edition = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    edition.stories["s"] = Story("s", text, ["body", "body"])
    split = text.index("the envoy")  # a line ends after the first "the"
    layout = layout_of(
        [line(0, 22, last_par=True), line(22, split), line(split, len(text), baseline=10, last_par=True)]
    )
    findings, _ = check_edition(edition, layout)
    (repeat,) = [f for f in findings if f.kind == "repeated-word"]
    assert (
        repeat.category == "spelling" and repeat.severity == "warning" and repeat.message == "repeated word “the the”"
    )
    assert (repeat.page, repeat.column, repeat.line) == (1, 1, 2)
    assert repeat.line_text == "Negotiators met the / the envoy on Monday"
