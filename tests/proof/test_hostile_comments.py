"""Hostile proof PDFs for import-comments: each one is refused with our CommentError or read
to a clean result — never a traceback, a hang, or a file opened because the PDF names it.

Bounded time and memory are checked without asserting timings: every hostile file is
imported in a child process under a CPU-time and an address-space limit, so a hang or a
blow-up kills the child and fails its test. A hypothesis fuzz test then mutates annotation
dictionaries and the word map and fails on any exception that is not ours."""

from __future__ import annotations

import copy
import io
import json
import os
import re
import subprocess
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from epaperdesk.export.proof_pdf import export_proof
from epaperdesk.io.epd import load_edition
from epaperdesk.model.edition import Edition
from epaperdesk.proof import comment_limits as limits
from epaperdesk.proof.annotations import CommentError, ImportResult, place_comments, read_comments
from epaperdesk.typeset.layout import Typesetter
from tests.proof.test_comments import marked_sample

ROOT = Path(__file__).resolve().parents[2]
CPU_SECONDS = 5
ADDRESS_SPACE = 1536 * 1024**2

# The child: loads the edition and lays it out once, then imports each hostile file in a
# forked process of its own, under the limits. A child that hangs is killed after a wait.
WORKER = r"""
import copy, json, os, resource, signal, sys, time, traceback
from epaperdesk.export.proof_pdf import CommentError, import_comments
from epaperdesk.io.epd import load_edition
from epaperdesk.model.edition import Edition
from epaperdesk.typeset.layout import Typesetter

cpu, space, edition_path, *proofs = sys.argv[1:]
edition = load_edition(edition_path)
typesetter = Typesetter()
typesetter.layout(edition)

def outcome(path):
    target = copy.deepcopy(edition)  # the edit must apply
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu) + 1))
    resource.setrlimit(resource.RLIMIT_AS, (int(space), int(space)))
    try:
        result = import_comments(edition, path, typesetter)
    except CommentError as error:
        return {"refused": str(error)}
    if result.edit is not None:
        result.edit.apply(target)
    return {"corrections": len(result.corrections), "unplaced": result.unplaced, "skipped": result.skipped}

for path in proofs:
    pid = os.fork()
    if pid == 0:
        try:
            found = outcome(path)
        except BaseException:
            found = {"crashed": traceback.format_exc()}
        with open(path + ".json", "w") as handle:
            json.dump(found, handle)
        os._exit(0)
    deadline = time.monotonic() + 30
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            status = None
            break
        time.sleep(0.01)
    if status is None:
        found = {"hung": "killed after waiting 30 s"}
    elif os.WIFSIGNALED(status):
        found = {"killed": signal.Signals(os.WTERMSIG(status)).name}
    else:
        continue
    with open(path + ".json", "w") as handle:
        json.dump(found, handle)
"""


@pytest.fixture(scope="module")
def proof(sample_path, tmp_path_factory) -> bytes:
    """Our proof of the sample with six corrections (the way test_comments makes it)."""
    path = tmp_path_factory.mktemp("proof") / "proof.pdf"
    export_proof(marked_sample(sample_path), path)
    return path.read_bytes()


# -- building hostile files ------------------------------------------------------------------------


def edit_pdf(proof: bytes, change: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(io.BytesIO(proof)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def map_stream(pdf: pikepdf.Pdf, page: int = 0) -> pikepdf.Stream:
    return pdf.pages[page].obj.PieceInfo["/EpaperDesk"].Private


def word_map(pdf: pikepdf.Pdf) -> dict:
    return json.loads(zlib.decompress(map_stream(pdf).read_raw_bytes()))


def put_word_map(pdf: pikepdf.Pdf, text: bytes | dict, packed: bytes | None = None) -> None:
    if isinstance(text, dict):
        text = json.dumps(text).encode()
    map_stream(pdf).write(packed if packed is not None else zlib.compress(text), filter=pikepdf.Name.FlateDecode)


def annots(pdf: pikepdf.Pdf, page: int = 0) -> pikepdf.Array:
    return pdf.pages[page].obj.Annots


def strike(pdf: pikepdf.Pdf, **entries) -> pikepdf.Dictionary:
    """A StrikeOut over the word the proof's delete marks (so it is placed), with `entries`."""
    delete = next(a for a in annots(pdf) if str(a.get("/Contents")) == "Delete")
    base = dict(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.StrikeOut, Rect=delete.Rect, QuadPoints=delete.QuadPoints)
    base.update(entries)
    return pdf.make_indirect(pikepdf.Dictionary(**base))


def bomb(size: int) -> bytes:
    """zlib data that unpacks to `size` spaces, made without ever holding them: one block
    of a full flush repeats exactly; the checksum of equal bytes has a closed form."""
    chunk = b" " * 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    count = size // len(chunk)
    n = count * len(chunk)
    a, b = (1 + n * 32) % 65521, (n + 32 * n * (n + 1) // 2) % 65521
    return b"\x78\xda" + block * count + packer.flush() + ((b << 16) | a).to_bytes(4, "big")


def many_annotations(pdf: pikepdf.Pdf) -> None:
    one = strike(pdf)
    annots(pdf).extend([one] * 10_000)


def many_annotations_in_the_file(pdf: pikepdf.Pdf) -> None:
    one = strike(pdf)
    for _ in range(60):
        pdf.pages.append(pdf.pages[1])
        pdf.pages[-1].obj.Annots = pikepdf.Array([one] * 1_700)


def many_quad_points(pdf: pikepdf.Pdf) -> None:
    annots(pdf).append(strike(pdf, QuadPoints=pikepdf.Object.parse(b"[" + b"100.5 " * 800_000 + b"]")))


def many_quad_points_in_the_file(pdf: pikepdf.Pdf) -> None:
    shared = pdf.make_indirect(pikepdf.Object.parse(b"[" + b"100.5 " * 3_200 + b"]"))
    annots(pdf).extend(strike(pdf, QuadPoints=shared) for _ in range(130))


def many_runs(pdf: pikepdf.Pdf) -> None:
    put_word_map(pdf, {"height": 1600, "runs": [["lead", 0, 1, 50, 100, 9, 0, 1, "f", "a"]] * 300_000})


def unpacks_to_gigabytes(pdf: pikepdf.Pdf) -> None:
    put_word_map(pdf, b"", packed=bomb(1536 * 2**20))


def deep_json(pdf: pikepdf.Pdf) -> None:
    put_word_map(pdf, b'{"height": 1600, "runs": ' + b"[" * 5_000 + b"]" * 5_000 + b"}")


def wrong_types_in_the_map(pdf: pikepdf.Pdf) -> None:
    data = word_map(pdf)
    data["height"] = "1600"
    data["runs"][3][5] = "9pt"
    put_word_map(pdf, data)


def every_run_on_one_line(pdf: pikepdf.Pdf) -> None:
    put_word_map(pdf, {"height": 1600, "runs": [["lead", 0, 40, 50, 100, 9, 0, 1, "f", "x" * 40]] * 30_000})
    line = [0, 1505, 2000, 1505, 0, 1495, 2000, 1495]
    annots(pdf).append(strike(pdf, QuadPoints=pikepdf.Array(line * 500)))


def fonts_named_by_path(fifo: Path) -> Callable[[pikepdf.Pdf], None]:
    """Runs whose font is a FIFO (opening it would hang), /etc/passwd, or an old proof's
    full path to a shipped font."""

    def change(pdf: pikepdf.Pdf) -> None:
        data = word_map(pdf)
        for i, run in enumerate(data["runs"]):
            run[8] = [str(fifo), "/etc/passwd", f"/home/sender/fonts/{run[8]}"][i % 3]
        put_word_map(pdf, data)

    return change


def absurd_rects(pdf: pikepdf.Pdf) -> None:
    for rect in ([Decimal("9" * 400), 0, 1, 1], [10, 20], [pikepdf.Name.Rect] * 4, [1e300, -1e300, 5, 5], 7):
        annots(pdf).append(strike(pdf, Rect=rect))
    annots(pdf).append(strike(pdf, QuadPoints=[1, 2, pikepdf.Name.Q]))
    annots(pdf).append(strike(pdf, QuadPoints=pikepdf.String("quads")))


def not_annotations_in_annots(pdf: pikepdf.Pdf) -> None:
    annots(pdf).extend([5, None, pikepdf.Name.Link, pikepdf.String("x"), pikepdf.Array([1, 2])])


def many_broken_annotations(pdf: pikepdf.Pdf) -> None:
    annots(pdf).extend(range(1_500))


def deep_objects(pdf: pikepdf.Pdf) -> None:
    deep = pikepdf.Array([1])
    for _ in range(3_000):
        deep = pikepdf.Array([deep])
    annots(pdf).append(strike(pdf, Contents=deep, Rect=deep))
    annots(pdf).append(strike(pdf, T=pdf.make_indirect(deep)))


def reply_loops(pdf: pikepdf.Pdf) -> None:
    first, second, third = strike(pdf), strike(pdf), strike(pdf)
    first.IRT, second.IRT = second, first
    third.IRT = third
    third.RT = pikepdf.Name.Group
    annots(pdf).extend([first, second, third])


def page_tree_loop(pdf: pikepdf.Pdf) -> None:
    kid = pdf.Root.Pages.Kids[1]
    kid.Type = pikepdf.Name.Pages
    kid.Kids = pikepdf.Array([pdf.Root.Pages])
    kid.Count = 1


def long_contents(pdf: pikepdf.Pdf) -> None:
    annots(pdf).append(strike(pdf, Contents=pikepdf.String("x" * 50_000)))


def long_author(pdf: pikepdf.Pdf) -> None:
    annots(pdf).append(strike(pdf, T=pikepdf.String("A" * 5_000)))


def doubly_packed_map(pdf: pikepdf.Pdf) -> None:
    twice = zlib.compress(zlib.compress(json.dumps(word_map(pdf)).encode()))
    map_stream(pdf).write(twice, filter=pikepdf.Array([pikepdf.Name.FlateDecode] * 2))


def over_a_jump_line_without_a_map(pdf: pikepdf.Pdf) -> None:
    """A strike over "See page 2" (set for no story) on a page whose word map is gone."""
    data = word_map(pdf)
    x, baseline = next(run[3:5] for run in data["runs"] if run[0] == "")
    top, bottom = data["height"] - baseline + 6, data["height"] - baseline - 1
    annots(pdf).append(
        strike(pdf, Rect=[x, bottom, x + 12, top], QuadPoints=[x, top, x + 12, top, x, bottom, x + 12, bottom])
    )
    del pdf.pages[0].obj["/PieceInfo"]


def password_protected(proof: bytes) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(proof)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    return out.getvalue()


# -- what each should give -------------------------------------------------------------------------


def refused(pattern: str) -> Callable[[dict], None]:
    def check(outcome: dict) -> None:
        assert re.search(pattern, outcome.get("refused", "")), outcome

    return check


def refused_or_clean(outcome: dict) -> None:
    assert "refused" in outcome or "corrections" in outcome, outcome


def placed(count: int, *unplaced: str) -> Callable[[dict], None]:
    """A clean result: `count` corrections, and one not-placed line for each of `unplaced`."""

    def check(outcome: dict) -> None:
        assert outcome.get("corrections") == count, outcome
        matched = [next((p for p in unplaced if re.search(p, line)), line) for line in outcome["unplaced"]]
        assert Counter(matched) == Counter(unplaced), outcome["unplaced"]

    return check


def over(limit: limits.Limit) -> str:
    """The end of the message refusing a count over `limit`."""
    return re.escape(f"{limit.what}, over the limit of {limit.value:,} by ")


@dataclass(frozen=True)
class Case:
    make: Callable[[bytes, Path], bytes | Path]  # (our proof, a folder) → the file, or its path
    expect: Callable[[dict], None]


def changed(change: Callable[[pikepdf.Pdf], None]) -> Callable[[bytes, Path], bytes]:
    return lambda proof, folder: edit_pdf(proof, change)


def fifo_fonts(proof: bytes, folder: Path) -> bytes:
    fifo = folder / "SourceSerifPro-Regular.ttf.fifo"
    os.mkfifo(fifo)
    return edit_pdf(proof, fonts_named_by_path(fifo))


def fifo_proof(proof: bytes, folder: Path) -> Path:
    os.mkfifo(folder / "fifo.pdf")
    return folder / "fifo.pdf"


CASES = {
    "10,000 annotations on a page": Case(
        changed(many_annotations), refused(r"proof\.pdf, page 1: 10,010 " + over(limits.ANNOTATIONS_PER_PAGE))
    ),
    "102,000 annotations in the file": Case(
        changed(many_annotations_in_the_file), refused(r"proof\.pdf: 102,010 " + over(limits.ANNOTATIONS_PER_FILE))
    ),
    "800,000 quad points": Case(
        changed(many_quad_points),
        refused(r"page 1, annotation 11 \(StrikeOut\): 800,000 " + over(limits.QUAD_POINTS_PER_ANNOTATION)),
    ),
    "416,000 quad points in the file": Case(
        changed(many_quad_points_in_the_file),
        refused(r"page 1, annotation \d+ \(StrikeOut\): [\d,]+ " + over(limits.QUAD_POINTS_PER_FILE)),
    ),
    "300,000 word-map runs": Case(
        changed(many_runs), refused(r"page 1, word map: 300,000 " + over(limits.WORD_MAP_RUNS) + "270,000")
    ),
    "a word map that unpacks to 1.5 GB": Case(
        changed(unpacks_to_gigabytes),
        refused(rf"page 1: the word map unpacks to more than the limit of {limits.WORD_MAP_BYTES.value:,} bytes"),
    ),
    "JSON nested 5,000 deep": Case(changed(deep_json), refused(r"word map: 5,001 " + over(limits.JSON_DEPTH))),
    "every run on one line under 500 quads": Case(
        changed(every_run_on_one_line),
        refused(r"proof\.pdf, page 1, annotation 11 \(StrikeOut\): [\d,]+ " + over(limits.PLACING_STEPS)),
    ),
    "50,000 characters of /Contents": Case(
        changed(long_contents), refused(r"annotation 11 \(StrikeOut\) /Contents: 50,000 " + over(limits.CONTENTS_CHARS))
    ),
    "a 5,000-character author": Case(
        changed(long_author),
        refused(r"annotation 11 \(StrikeOut\) /T \(author\): 5,000 " + over(limits.SHORT_TEXT_CHARS)),
    ),
    "a password": Case(lambda proof, folder: password_protected(proof), refused(r"proof\.pdf is password-protected")),
    "not a PDF": Case(lambda proof, folder: os.urandom(4096), refused(r"proof\.pdf is not a readable PDF")),
    "a FIFO for a proof": Case(fifo_proof, refused(r"fifo\.pdf is not a regular file")),
    "cut in half": Case(lambda proof, folder: proof[: len(proof) // 2], refused_or_clean),
    "a loop in the page tree": Case(changed(page_tree_loop), refused_or_clean),
    "a height given as a string": Case(changed(wrong_types_in_the_map), placed(6)),
    "fonts named by a path to a FIFO or a system file": Case(fifo_fonts, placed(6)),
    "a word map packed twice": Case(changed(doubly_packed_map), placed(6)),
    "absurd and two-number rects, bad quads": Case(
        changed(absurd_rects),
        placed(
            6,
            # (a 300-digit number makes the PDF library drop the whole annotation)
            *[r"page 1: annotation 1[1-5]: (/Rect is not four numbers within a page|not an annotation)"] * 5,
            r"annotation 16: /QuadPoints holds something other than numbers",
            r"annotation 17: /QuadPoints is not a list",
            r"^proof\.pdf: the PDF is damaged and parts of it were left out, so comments may be missing",
        ),
    ),
    "integers and names in /Annots": Case(
        changed(not_annotations_in_annots), placed(6, *[r"page 1: annotation 1[1-5]: not an annotation dictionary"] * 5)
    ),
    "1,500 integers in /Annots": Case(
        changed(many_broken_annotations),
        placed(6, *[r"page 1: annotation \d+: not an annotation dictionary"] * 20, r"^… and 1,480 more annotations"),
    ),
    "objects nested 3,000 deep": Case(
        changed(deep_objects),
        placed(
            7,
            r"page 1: annotation 11: (not an annotation dictionary|/Rect is not four)",
            r"^proof\.pdf: the PDF is damaged .* the first: .*deeply nested",
        ),
    ),
    "a strike over a jump line, no word map": Case(
        changed(over_a_jump_line_without_a_map), placed(6, r"page 1: StrikeOut “”: no text under it$")
    ),
    "/IRT loops": Case(changed(reply_loops), placed(6, *[r"StrikeOut “”: its /IRT replies form a loop"] * 3)),
}


@pytest.fixture(scope="module")
def outcomes(proof, sample_path, tmp_path_factory) -> dict[str, dict]:
    """Each case imported by the worker, under the limits."""
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for number, (name, case) in enumerate(CASES.items()):
        made = case.make(proof, folder)
        if isinstance(made, bytes):
            (folder / str(number)).mkdir()
            (folder / str(number) / "proof.pdf").write_bytes(made)
            made = folder / str(number) / "proof.pdf"
        paths[name] = made
    arguments = [str(CPU_SECONDS), str(ADDRESS_SPACE), str(sample_path), *map(str, paths.values())]
    subprocess.run([sys.executable, "-c", WORKER, *arguments], cwd=ROOT, check=True, timeout=900)
    return {name: json.loads(Path(f"{path}.json").read_text()) for name, path in paths.items()}


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_proof_is_refused_or_read_cleanly_within_the_limits(name, outcomes):
    outcome = outcomes[name]
    assert not {"crashed", "killed", "hung"} & set(outcome), outcome
    CASES[name].expect(outcome)


# -- fuzzing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A reference drawn by hypothesis, made an object of the PDF being changed."""

    to: str  # "self", "other", "page" or "loop"


@dataclass(frozen=True)
class Name:
    """A PDF name drawn by hypothesis (plain values keep its reports readable)."""

    name: str


NAMES = ["/StrikeOut", "/Caret", "/Text", "/FreeText", "/Highlight", "/Underline", "/Popup", "/Link", "/R", "/Group"]
STRINGS = [
    "x" * (limits.CONTENTS_CHARS.value + 1),
    "stet",
    "D:99999999999999Z",
    "D:0000",
    "ital",
    "\u00ad\u00ad",
    b"\xfe\xff\xd8\x00\x00A",  # UTF-16 with an unpaired surrogate
]
NUMBERS = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal("9" * 60), Decimal("-0.000000001"), 0, 1600]),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    NUMBERS,
    st.text(max_size=20),
    st.sampled_from(STRINGS),
    st.sampled_from(NAMES).map(Name),
    st.sampled_from(["self", "other", "page", "loop"]).map(Ref),
)
PDF_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=10) | st.dictionaries(st.sampled_from(["/Subtype", "/Rect", "/IRT"]), inner),
    max_leaves=20,
)
KEYS = ["/Rect", "/QuadPoints", "/Contents", "/Subtype", "/IRT", "/Popup", "/RT", "/T", "/M", "/NM", "/State"]
ANNOTATION_CHANGES = st.lists(
    st.tuples(st.integers(0, 9), st.sampled_from([*KEYS, "/EpaperDesk", "entry"]), PDF_VALUES | st.just("delete")),
    min_size=1,
    max_size=6,
)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=12) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)
RAW_MAPS = [
    b"[" * 20_000,
    b'{"height": 1' + b"0" * 5_000 + b', "runs": []}',
    b'{"height": 1' + b"0" * 400 + b', "runs": [["lead", 0, 1, 1' + b"0" * 400 + b', 9, 9, 0, 1, "f", "x"]]}',
    b'{"height": 1600, "runs": [["lead", 0, 1, NaN, Infinity, -Infinity, 1e999, 1, "f", "x"]]}',
    b'{"height": 1600, "runs": "\\',
    b"\xff\xfe\x00 not JSON",
    b"",
]
MAP_CHANGES = st.one_of(
    st.tuples(st.just("height"), JSON_VALUES),
    st.tuples(st.just("field"), st.integers(0, 3_000), st.integers(0, 9), JSON_VALUES),
    st.tuples(st.just("run"), st.integers(0, 3_000), JSON_VALUES),
    st.tuples(st.just("runs"), JSON_VALUES),
    st.tuples(st.just("text"), st.sampled_from(RAW_MAPS)),
)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def to_pdf(value, pdf: pikepdf.Pdf, annotation: pikepdf.Dictionary):
    """A drawn value as a PDF object of `pdf` (references resolved against `annotation`)."""
    if isinstance(value, Ref):
        if value.to == "loop":
            loop = pdf.make_indirect(pikepdf.Array())
            loop.append(loop)
            return loop
        return {"self": annotation, "other": annots(pdf)[0], "page": pdf.pages[0].obj}[value.to]
    if isinstance(value, list):
        return pikepdf.Array([to_pdf(v, pdf, annotation) for v in value])
    if isinstance(value, dict):  # (a dictionary holds no nulls: an entry set to null is left out)
        return pikepdf.Dictionary({k: to_pdf(v, pdf, annotation) for k, v in value.items() if v is not None})
    if isinstance(value, Name):
        return pikepdf.Name(value.name)
    if isinstance(value, (str, bytes)):
        return pikepdf.String(value)
    return value


def change_annotations(pdf: pikepdf.Pdf, changes: list) -> None:
    listed = annots(pdf)
    for index, key, value in changes:
        annotation = listed[index]
        if key == "entry":
            listed[index] = to_pdf(None if value == "delete" else value, pdf, annotation)
        elif not isinstance(annotation, pikepdf.Dictionary):
            continue  # an earlier change made the entry something else
        elif value in ("delete", None):
            if key in annotation:
                del annotation[key]
        else:
            annotation[key] = to_pdf(value, pdf, annotation)


def change_map(pdf: pikepdf.Pdf, change: tuple) -> None:
    if change[0] == "text":
        put_word_map(pdf, change[1])
        return
    data = word_map(pdf)
    if change[0] == "height":
        data["height"] = change[1]
    elif change[0] == "field":
        data["runs"][change[1]][change[2]] = change[3]
    elif change[0] == "run":
        data["runs"][change[1]] = change[2]
    else:
        data["runs"] = change[1]
    put_word_map(pdf, json.dumps(data).encode())


@dataclass
class Ground:
    """The edition without corrections, its current layout, and a file to write to."""

    edition: Edition
    pages: list
    path: Path

    def __repr__(self) -> str:  # hypothesis prints its arguments
        return "Ground(the sample)"


@pytest.fixture(scope="module")
def ground(sample_path, tmp_path_factory) -> Ground:
    edition = load_edition(sample_path)
    return Ground(edition, Typesetter().layout(edition).pages, tmp_path_factory.mktemp("fuzz") / "proof.pdf")


def import_or_refuse(data: bytes, ground: Ground) -> ImportResult | None:
    """Import the file's comments; None when it is refused with our own error. Any other
    exception fails the test; a result's edit must apply."""
    ground.path.write_bytes(data)
    try:
        comments, maps = read_comments(ground.path)
        result = place_comments(ground.edition, comments, maps, ground.pages)
    except CommentError:
        return None
    if result.edit is not None:
        result.edit.apply(copy.deepcopy(ground.edition))
    return result


@FUZZ
@given(changes=ANNOTATION_CHANGES)
@example(changes=[(0, "entry", 7), (1, "/Rect", [10, 20]), (2, "/IRT", Ref("self")), (3, "/Rect", [Ref("loop")] * 4)])
def test_mutated_annotations_give_our_error_or_a_clean_result(proof, ground, changes):
    import_or_refuse(edit_pdf(proof, lambda pdf: change_annotations(pdf, changes)), ground)


@pytest.mark.parametrize("text", RAW_MAPS)
def test_a_word_map_of_hostile_text_gives_our_error_or_a_clean_result(proof, ground, text):
    result = import_or_refuse(edit_pdf(proof, lambda pdf: put_word_map(pdf, text)), ground)
    assert result is None or len(result.corrections) + len(result.unplaced) == 6


@FUZZ
@given(change=MAP_CHANGES)
@example(change=("height", "1600"))
@example(change=("field", 0, 8, "/etc/passwd"))
def test_a_mutated_word_map_gives_our_error_or_a_clean_result(proof, ground, change):
    result = import_or_refuse(edit_pdf(proof, lambda pdf: change_map(pdf, change)), ground)
    assert result is None or len(result.corrections) + len(result.unplaced) == 6  # each comment is accounted for
