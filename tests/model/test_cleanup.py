"""House clean-up of incoming copy: typographic quotes, dashes, single spaces."""

from epaperdesk.model.cleanup import CleanupOptions, clean_text


def test_cleanup_rules():
    assert (
        clean_text("\"Yes,\" she said -- 'twice'.  Done") == "\u201cYes,\u201d she said \u2014 \u2018twice\u2019. Done"
    )
    assert clean_text("rock 'n' roll", options=CleanupOptions(quotes=False)) == "rock 'n' roll"
    assert clean_text('"', before="word") == "\u201d"
