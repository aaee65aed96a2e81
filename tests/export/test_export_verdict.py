"""The verdict of preflight on an export (export/preflight.py `export_verdict`): a decision of
the core that the window and the command line both use, tested without Qt."""

import pytest

from epaperdesk.export.preflight import ExportVerdict, Finding, Profile, export_verdict


def finding(severity, n=1, page=None, rule="overset"):
    return Finding(rule, severity, f"{severity} {n}", page=page)


REFUSING = Profile("Newsprint", on_error="refuse")
WARNING = Profile("Lenient", on_error="warn")


@pytest.mark.parametrize(
    ("severities", "profile", "action"),
    [
        ([], REFUSING, "go"),
        (["info", "info"], REFUSING, "go"),  # infos never stop an export or ask
        (["warning"], REFUSING, "ask"),
        (["warning", "info"], WARNING, "ask"),
        (["error"], REFUSING, "refuse"),
        (["error", "warning"], REFUSING, "refuse"),
        (["error"], WARNING, "ask"),
        (["error", "warning", "info"], WARNING, "ask"),
        ([], WARNING, "go"),
    ],
)
def test_the_action(severities, profile, action):
    verdict = export_verdict([finding(s, i) for i, s in enumerate(severities)], profile)
    assert verdict.action == action
    assert verdict.errors == tuple(f for f in verdict.errors if f.severity == "error")
    assert len(verdict.errors) == severities.count("error")
    assert len(verdict.warnings) == severities.count("warning")


def test_no_profile_lets_the_export_go():
    verdict = export_verdict([finding("error")], None)
    assert verdict == ExportVerdict("go")
    assert verdict.message() == ""


def test_the_message_lists_errors_and_warnings_under_their_headings_with_pages():
    verdict = export_verdict(
        [finding("warning", 1, page=2), finding("error", 1, page=1), finding("info", 1), finding("error", 2)],
        REFUSING,
    )
    assert verdict.message() == ("Errors (2):\n• error 1 (page 1)\n• error 2\n\nWarnings (1):\n• warning 1 (page 2)")
    assert verdict.counts() == "2 errors and 1 warning"
    assert verdict.headline() == "Export refused by the Newsprint profile: 2 errors and 1 warning."
    assert (
        export_verdict([finding("warning")], WARNING).headline()
        == "Preflight with the Lenient profile found 1 warning."
    )
    assert "info" not in verdict.message()


def test_a_long_message_stops_at_twelve_lines_and_counts_the_rest():
    errors = [finding("error", i, page=1) for i in range(15)]
    warnings = [finding("warning", i) for i in range(4)]
    message = export_verdict(errors + warnings, REFUSING).message()
    lines = message.splitlines()
    assert sum(1 for line in lines if line.startswith("•")) == 12
    assert "… and 6 more" in lines and "… and 1 more" in lines  # 9 errors and 3 warnings shown
    assert lines[0] == "Errors (15):" and "Warnings (4):" in lines
    only_errors = export_verdict(errors, REFUSING).message().splitlines()
    assert sum(1 for line in only_errors if line.startswith("•")) == 12 and only_errors[-1] == "… and 3 more"
    everything = export_verdict(errors + warnings, REFUSING).message(limit=None)
    assert everything.count("•") == 19 and "more" not in everything


def test_the_verdict_is_a_value():
    verdict = export_verdict([finding("warning")], REFUSING)
    with pytest.raises(AttributeError):
        verdict.action = "go"
    assert verdict == export_verdict([finding("warning")], REFUSING)
