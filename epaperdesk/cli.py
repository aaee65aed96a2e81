"""The `epaperdesk` command: headless tools for editions (and, once the canvas lands, the GUI)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epaperdesk import __version__
from epaperdesk.geometry import from_points, parse_length
from epaperdesk.io.epd import EpdError, load_edition
from epaperdesk.model.edition import Edition
from epaperdesk.model.frames import ImageFrame, TextFrame
from epaperdesk.model.page import PAGE_PRESETS, ColumnGrid, Margins
from epaperdesk.model.page_setup import PageGeometry, geometry_of, with_orientation

if TYPE_CHECKING:
    from epaperdesk.export.options import PdfOptions


def describe_edition(edition: Edition, path: str) -> dict[str, Any]:
    """What `info --json` prints: pages, frames, stories with word counts, total words."""
    placed: dict[str, list[str]] = {}
    for _, frame in edition.all_frames():
        if isinstance(frame, TextFrame) and frame.story_id is not None:
            placed[frame.story_id] = [f.id for f in edition.thread(frame.id)]
    captions = {
        frame.caption_story_id: frame.id
        for _, frame in edition.frames()
        if isinstance(frame, ImageFrame) and frame.caption_story_id
    }
    return {
        "file": path,
        "title": edition.title,
        "volume": edition.volume,
        "number": edition.number,
        "date": edition.date.isoformat(),
        "edition_line": edition.edition_line,
        "language": edition.language,
        "pages": [
            {
                "number": index + 1,
                "id": page.id,
                "size": page.size_preset,
                "width_mm": round(from_points(page.width, "mm"), 1),
                "height_mm": round(from_points(page.height, "mm"), 1),
                "columns": page.grid.count,
                "frames": [{"id": f.id, "kind": f.kind} for f in page.frames],
            }
            for index, page in enumerate(edition.pages)
        ],
        "stories": [
            {
                "id": story.id,
                "name": story.name,
                "words": story.word_count(),
                "paragraphs": len(story.paragraph_styles),
                "language": story.language,
                "frames": placed.get(story.id, []),
                "caption_of": captions.get(story.id),
            }
            for story in edition.stories.values()
        ],
        "images": len(edition.images),
        "total_words": edition.total_words(),
    }


def format_info(info: dict[str, Any]) -> str:
    lines = [
        f"{info['title']} — VOL.{info['volume']}-NO.{info['number']} — {info['date']} — {info['edition_line']}",
        f"File: {info['file']}",
        f"Pages: {len(info['pages'])}",
    ]
    for page in info["pages"]:
        kinds = Counter(f["kind"] for f in page["frames"])
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        lines.append(
            f"  page {page['number']} ({page['id']}): {page['size']} {page['width_mm']:g} x {page['height_mm']:g} mm, "
            f"{page['columns']} columns, {len(page['frames'])} frames ({counts})"
        )
    lines.append(f"Stories: {len(info['stories'])}")
    width = max((len(s["name"] or s["id"]) for s in info["stories"]), default=0)
    for story in info["stories"]:
        where = (
            f"caption of {story['caption_of']}"
            if story["caption_of"]
            else ("in " + " → ".join(story["frames"]) if story["frames"] else "not placed")
        )
        lines.append(
            f"  {(story['name'] or story['id']).ljust(width)}  {story['words']:>5} word{'' if story['words'] == 1 else 's'}  {where}"
        )
    lines.append(f"Images: {info['images']}")
    lines.append(f"Total words: {info['total_words']:,}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epaperdesk",
        description="EpaperDesk: make newspaper pages. Headless commands work without a display.",
        epilog="Without a command: epaperdesk [FILE.epd] [--screenshot OUT.png] opens the window on FILE.epd "
        "(with --screenshot: saves a screenshot of the window after its first full paint and quits; "
        "offscreen where there is no display).",
    )
    parser.add_argument("--version", action="version", version=f"EpaperDesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    info = commands.add_parser("info", help="describe an edition: pages, frames, stories and word counts")
    info.add_argument("file", metavar="FILE.epd")
    info.add_argument("--json", action="store_true", help="print machine-readable JSON")
    export = commands.add_parser(
        "export",
        help="export a print-ready PDF",
        description="Export pages of an edition as a print PDF: fonts embedded, trim and bleed boxes, crop and "
        "registration marks, CMYK (or grey or RGB), optionally PDF/X-4 or PDF/X-1a.",
    )
    export.add_argument("file", metavar="FILE.epd")
    export.add_argument(
        "-o", "--output", metavar="OUT.pdf", help="the PDF to write; with --split, a name holding %%d (OUT-%%d.pdf)"
    )
    export.add_argument(
        "--epaper",
        metavar="DIR",
        help="write the e-paper edition into DIR instead: an RGB PDF with bookmarks and jump links, "
        "page images and the article package (articles.json)",
    )
    export.add_argument(
        "--widths",
        default="1200,600",
        metavar="W,W",
        help="with --epaper: widths of the page images in pixels (default 1200,600)",
    )
    export.add_argument(
        "--image-format",
        choices=["jpeg", "png"],
        default="jpeg",
        help="with --epaper: page image format (default jpeg)",
    )
    export.add_argument("--pages", metavar="LIST", help="pages to export, for example 1,3-4 (default: all)")
    export.add_argument("--bleed", metavar="LENGTH", help="bleed, 0–10 mm, for example 3mm (default: the page's)")
    export.add_argument("--no-marks", action="store_true", help="no crop or registration marks, no slug")
    export.add_argument("--colour", "--color", choices=["cmyk", "gray", "rgb"], default="cmyk", help="colour mode")
    export.add_argument("--pdfx", choices=["none", "x4", "x1a"], default="none", help="PDF/X flavour")
    export.add_argument("--icc", metavar="PROFILE.icc", help="CMYK output profile (default: ISO Coated v2)")
    export.add_argument("--split", action="store_true", help="one file per page")
    export.add_argument("--jobs", type=int, default=1, metavar="N", help="with --split: pages exported in N processes")
    export.add_argument(
        "--date", metavar="YYYY-MM-DD[THH:MM]", help="creation date written into the file (default: the edition's date)"
    )
    export.add_argument(
        "--preflight",
        metavar="PROFILE",
        help="preflight first: refuse (or warn, as the profile says) on errors; images are separated "
        "within the profile's total ink limit",
    )
    check = commands.add_parser(
        "check",
        help="proof-check an edition: spelling, repeated words, pasted breaks, bad breaks, overset text, "
        "open corrections",
        description="Print unknown and repeated words, breaks pasted copy kept (words split at a paragraph end or "
        "by a hyphen and a space, sentences cut by a paragraph end), bad breaks (hyphen ladders, hyphens at column "
        "feet, hyphenated proper nouns, words split with no hyphen, widows, orphans, words broken across a jump), "
        "overset text and open corrections, each with its page, story, frame column and line and the line's words. "
        "Exit status 0 when clean, 1 with findings (notes on loose lines and stacks do not count).",
    )
    check.add_argument("file", metavar="FILE.epd")
    check.add_argument("--json", action="store_true", help="print machine-readable JSON")
    check.add_argument("--notes", action="store_true", help="also list loose or tight lines and stacks")
    check.add_argument(
        "--preflight",
        metavar="PROFILE",
        help="run a preflight profile instead (newsprint, magazine, a copy of yours, or a .json file)",
    )
    proof = commands.add_parser("proof", help="export a proof PDF with the corrections as PDF comments")
    proof.add_argument("file", metavar="FILE.epd")
    proof.add_argument("-o", "--output", required=True, metavar="PROOF.pdf")
    comments = commands.add_parser(
        "import-comments",
        help="turn the comments of an annotated proof PDF into corrections",
        description="Read the comments a proofreader made on a proof PDF (in any viewer), find the text they mark "
        "and add them to the edition as typed corrections; lists what could not be placed.",
    )
    comments.add_argument("file", metavar="FILE.epd")
    comments.add_argument("pdf", metavar="PROOF.pdf")
    comments.add_argument("-o", "--output", metavar="OUT.epd", help="save the result here (default: FILE.epd itself)")
    add_new_parser(commands)
    add_import_parser(commands)
    return parser


COMMANDS = ("info", "new", "import", "export", "check", "proof", "import-comments")


def add_new_parser(commands: Any) -> None:
    new = commands.add_parser(
        "new",
        help="start an edition from a template",
        description="Start a new edition: its pages (size, margins, column grid, bleed, baseline grid) and, from a "
        "template, the house styles, swatches and master pages. Page setup not given is the template's. "
        "Lengths take units: 12mm, 12p6, 0.5in, 9pt (a bare number is mm).",
    )
    new.add_argument("output", metavar="OUT.epd")
    new.add_argument("--template", default="tabloid", help="a template name or .epd file, or none (default: tabloid)")
    new.add_argument("--pages", type=int, default=1, metavar="N", help="how many pages (default 1)")
    new.add_argument("--title", default="Untitled", help="the paper's title (the masthead shows it)")
    new.add_argument("--size", metavar="NAME|WxH", help="tabloid, berliner, broadsheet, a3, a4, or WxH like 280x430mm")
    new.add_argument("--landscape", action="store_true", help="turn the page")
    new.add_argument("--margins", metavar="L[,L,L,L]", help="all margins, or top,bottom,inside,outside")
    new.add_argument("--columns", type=int, metavar="N", help="columns of the page grid")
    new.add_argument("--gutter", metavar="LENGTH", help="space between columns")
    new.add_argument("--bleed", metavar="LENGTH", help="bleed, 0–10 mm")
    new.add_argument("--baseline-grid", metavar="LENGTH", help="baseline grid increment, 0 for none (9pt, 10.5pt…)")
    new.add_argument("--facing", action="store_true", help="facing pages (inside margins mirrored on left pages)")
    new.add_argument("--language", choices=["en_US", "en_GB"], help="the language of new stories")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="the issue date (default: today)")
    new.add_argument("--force", action="store_true", help="replace OUT.epd if it exists")


def add_import_parser(commands: Any) -> None:
    copy = commands.add_parser(
        "import",
        help="bring copy (text, Markdown, Word) into an edition",
        description="Import a .txt, .md or .docx file into an edition as a new story, or into a frame: an empty "
        "text frame gets the new story, a frame that holds a story gets its text replaced with --replace. "
        "Word and Markdown headings are mapped to the house styles (Heading 1 → headline, …).",
    )
    copy.add_argument("file", metavar="FILE.epd")
    copy.add_argument("copy", metavar="COPY.txt|md|docx")
    copy.add_argument("--frame", metavar="ID", help="the text frame the copy goes into")
    copy.add_argument("--replace", action="store_true", help="replace the story in --frame")
    copy.add_argument("--style", action="append", default=[], metavar="SOURCE=HOUSE", help="map a source style")
    copy.add_argument("--no-cleanup", action="store_true", help="keep quotes, dashes and spaces as they are")
    copy.add_argument("-o", "--output", metavar="OUT.epd", help="save the result here (default: FILE.epd itself)")


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epaperdesk",
        description="EpaperDesk: make newspaper pages. Without a command, opens the window "
        f"(commands: {', '.join(COMMANDS)}; see epaperdesk COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"EpaperDesk {__version__}")
    parser.add_argument("file", nargs="?", metavar="FILE.epd", help="the edition to open")
    parser.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help="open the window (offscreen where there is no display), save a screenshot of it after "
        "the first full paint, and quit",
    )
    return parser


def run_gui(argv: list[str]) -> int:
    import os

    args = build_gui_parser().parse_args(argv)
    has_display = bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    )
    if args.screenshot and not has_display:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif not has_display and sys.platform.startswith("linux"):
        print(
            "epaperdesk: no display found (DISPLAY and WAYLAND_DISPLAY are not set). Run it in a desktop "
            "session, or use --screenshot OUT.png to see the window without one.",
            file=sys.stderr,
        )
        return 1
    from epaperdesk.ui.app import run

    return run(Path(args.file) if args.file else None, Path(args.screenshot) if args.screenshot else None)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        if argv and argv[0] == "--version":
            print(f"EpaperDesk {__version__}")
            return 0
        return run_gui(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run_command(parser, args)
    except KeyboardInterrupt:
        print("epaperdesk: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print(f"epaperdesk {args.command}: not enough memory for this file", file=sys.stderr)
        return 1
    except Exception as error:  # a bug of ours: one line, never a traceback (EPAPERDESK_DEBUG=1 shows it)
        if os.environ.get("EPAPERDESK_DEBUG"):
            raise
        print(
            f"epaperdesk {args.command}: could not finish ({type(error).__name__}: {str(error)[:300]}); "
            "this is a bug in EpaperDesk, please report it",
            file=sys.stderr,
        )
        return 1


def run_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run the command `args` names; errors of ours are reported by each command."""
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "info":
        try:
            edition = load_edition(args.file)
        except EpdError as error:
            print(f"epaperdesk: {error}", file=sys.stderr)
            return 1
        info = describe_edition(edition, str(Path(args.file)))
        if args.json:
            print(json.dumps(info, ensure_ascii=False, indent=2))
        else:
            print(format_info(info))
        return 0
    if args.command == "export":
        return run_export(args)
    if args.command == "check":
        return run_check(args)
    if args.command in ("proof", "import-comments"):
        return run_proof(args)
    if args.command == "new":
        return run_new(args)
    if args.command == "import":
        return run_import(args)
    parser.error(f"unknown command {args.command}")
    return 2


def run_export(args: argparse.Namespace) -> int:
    """`epaperdesk export`: imports ReportLab but never Qt (start-up time matters)."""
    if args.epaper:
        return run_epaper(args)
    if not args.output:
        print("epaperdesk: export needs -o OUT.pdf (or --epaper DIR)", file=sys.stderr)
        return 2

    from epaperdesk.export import ExportError, OptionError, export_pdf

    try:
        # the edition is loaded here only when its pages are needed; otherwise the export loads
        # it (and --split --jobs N can hand the file to its worker processes)
        edition = load_edition(args.file) if args.pages is not None or args.preflight else None
        options = export_options_from(args, edition)
        if edition is not None and args.preflight:
            checked = preflight_before_export(edition, args.preflight, options)
            if checked is None:
                return 1
            options = checked
        if args.split and "%d" not in args.output:
            print("epaperdesk: note: --split writes one file per page, named OUTPUT-N.pdf", file=sys.stderr)
        written = export_pdf(
            edition if edition is not None else args.file, args.output, options, jobs=max(1, args.jobs)
        )
    except (ExportError, OptionError, EpdError) as error:
        print(f"epaperdesk: export failed: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


def export_options_from(args: argparse.Namespace, edition: Edition | None) -> PdfOptions:
    """The PDF options the words of `epaperdesk export` ask for (OptionError names a bad one);
    `edition` is needed for --pages."""
    import datetime

    from epaperdesk.export import OptionError, PdfOptions
    from epaperdesk.export.options import parse_length, parse_pages

    def progress(done: int, total: int) -> None:
        if total > 1:
            print(f"epaperdesk: exported {done} of {total}", file=sys.stderr)

    pages = parse_pages(args.pages, len(edition.pages)) if args.pages is not None and edition is not None else None
    date = None
    if args.date:
        try:
            date = datetime.datetime.fromisoformat(args.date)
        except ValueError:
            raise OptionError(f"--date: {args.date!r} is not a date like 2026-11-26 or 2026-11-26T22:30") from None
    return PdfOptions(
        pages=pages,
        bleed=parse_length(args.bleed) if args.bleed else None,
        marks=not args.no_marks,
        colour=args.colour,
        pdfx=args.pdfx,
        icc_profile=Path(args.icc) if args.icc else None,
        date=date,
        split=args.split,
        progress=progress,
    )


def preflight_before_export(edition: Edition, profile_name: str, options: PdfOptions) -> PdfOptions | None:
    """Preflight with a profile before a print export, the way the window does it (one
    function, `export_verdict`, decides): errors under a refusing profile stop the export
    (None); otherwise the errors and warnings are listed and, as nobody can be asked on the
    command line, the export goes on with the profile's options (its total ink limit)."""
    from dataclasses import replace

    from epaperdesk.export import OptionError
    from epaperdesk.export.preflight import ProfileError, export_options, export_verdict, load_profile, run_preflight
    from epaperdesk.typeset.layout import Typesetter

    try:
        profile = load_profile(profile_name)
    except ProfileError as error:
        raise OptionError(str(error)) from None
    verdict = export_verdict(run_preflight(edition, Typesetter().layout(edition), profile), profile)
    listing = verdict.message(limit=None)
    if listing:
        print(f"epaperdesk: preflight with the {profile.name} profile:", file=sys.stderr)
        for line in listing.splitlines():
            if line:
                print(f"  {line}", file=sys.stderr)
    if verdict.action == "refuse":
        print(f"epaperdesk: export refused by the {profile.name} profile: {verdict.counts()}", file=sys.stderr)
        return None
    if verdict.action == "ask":
        print(
            f"epaperdesk: exporting despite {verdict.counts()}: the {profile.name} profile does not refuse them",
            file=sys.stderr,
        )
    return replace(options, **export_options(profile))


def run_check(args: argparse.Namespace) -> int:
    from epaperdesk.proof.check import check_edition, format_findings
    from epaperdesk.typeset.layout import Typesetter

    try:
        edition = load_edition(args.file)
    except EpdError as error:
        print(f"epaperdesk: {error}", file=sys.stderr)
        return 2
    if args.preflight:
        return run_preflight_check(edition, args)
    findings, problems = check_edition(edition, Typesetter().layout(edition))
    if args.json:
        print(
            json.dumps(
                {"file": str(args.file), "findings": [f.as_dict() for f in findings], "problems": problems},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(format_findings(findings, problems, edition, args.notes))
    return 1 if problems or any(f.severity == "warning" for f in findings) else 0


def run_proof(args: argparse.Namespace) -> int:
    from epaperdesk.export import ExportError
    from epaperdesk.export.proof_pdf import CommentError, export_proof, import_comments
    from epaperdesk.io.epd import SaveError, save_edition

    try:
        edition = load_edition(args.file)
        if args.command == "proof":
            count = export_proof(edition, args.output)
            print(f"{args.output}: {count} correction{'s' if count != 1 else ''}")
            return 0
        result = import_comments(edition, args.pdf)
        if result.edit is not None:
            result.edit.apply(edition)
            save_edition(edition, args.output or args.file)
        for correction in result.corrections:
            print(f"added {correction.id}: {correction.label} ({correction.author})")
        for line in result.skipped:
            print(f"already there: {line}")
        for line in result.updated:
            print(f"updated: {line}")
        for line in result.unplaced:
            print(f"not placed: {line}", file=sys.stderr)
        return 1 if result.unplaced else 0
    except (EpdError, ExportError, CommentError, SaveError) as error:
        print(f"epaperdesk: {error}", file=sys.stderr)
        return 2


def run_preflight_check(edition: Edition, args: argparse.Namespace) -> int:
    from epaperdesk.export.preflight import ProfileError, load_profile, run_preflight, summary
    from epaperdesk.typeset.layout import Typesetter

    try:
        profile = load_profile(args.preflight)
    except ProfileError as error:
        print(f"epaperdesk: {error}", file=sys.stderr)
        return 2
    findings = run_preflight(edition, Typesetter().layout(edition), profile)
    if args.json:
        print(
            json.dumps(
                {"file": str(args.file), "profile": profile.name, "findings": [f.as_dict() for f in findings]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"{profile.name}: {profile.description}")
        for finding in findings:
            where = f"page {finding.page}" if finding.page else "edition"
            print(f"  {finding.severity:7} {where:8} {finding.rule:22} {finding.message}")
        print(summary(findings))
    return 1 if any(f.severity in ("error", "warning") for f in findings) else 0


def run_epaper(args: argparse.Namespace) -> int:
    from epaperdesk.export import ExportError
    from epaperdesk.export.epaper import export_epaper, parse_widths

    try:
        edition = load_edition(args.file)
        result = export_epaper(edition, args.epaper, parse_widths(args.widths), args.image_format)
    except (EpdError, ExportError) as error:
        print(f"epaperdesk: e-paper export failed: {error}", file=sys.stderr)
        return 1
    print(f"{result.pdf}\n{result.package} ({result.articles} articles)")
    for path in result.page_images:
        print(path)
    return 0


def geometry_from_args(args: argparse.Namespace, base: PageGeometry) -> PageGeometry:
    """The template's page geometry with what the command line changes (ValueError: why not)."""
    geometry = base
    if args.size:
        size = args.size.strip().lower()
        if size in PAGE_PRESETS:
            width, height = PAGE_PRESETS[size]
            geometry = dataclasses.replace(geometry, width=width, height=height, size_preset=size)
        else:
            match = re.fullmatch(r"([0-9.]+)\s*x\s*([0-9.]+)\s*(mm|cm|in|pt)?", size)
            if match is None:
                raise ValueError(f"--size {args.size!r}: a preset ({', '.join(PAGE_PRESETS)}) or WxH like 280x430mm")
            unit = match.group(3) or "mm"
            width, height = parse_length(match.group(1) + unit), parse_length(match.group(2) + unit)
            geometry = dataclasses.replace(geometry, width=width, height=height, size_preset="custom")
    if args.landscape:
        width, height = with_orientation(geometry.width, geometry.height, True)
        geometry = dataclasses.replace(geometry, width=width, height=height)
    if args.margins:
        values = [parse_length(part) for part in args.margins.split(",")]
        if len(values) not in (1, 4):
            raise ValueError("--margins takes one length, or four: top,bottom,inside,outside")
        top, bottom, inside, outside = values * 4 if len(values) == 1 else values
        geometry = dataclasses.replace(geometry, margins=Margins(top, bottom, inside, outside))
    if args.columns is not None or args.gutter is not None:
        count = args.columns if args.columns is not None else geometry.grid.count
        gutter = parse_length(args.gutter) if args.gutter is not None else geometry.grid.gutter
        if not 1 <= count <= 40:
            raise ValueError("--columns: a page grid has 1–40 columns")
        geometry = dataclasses.replace(geometry, grid=ColumnGrid(count, gutter))
    if args.bleed is not None:
        geometry = dataclasses.replace(geometry, bleed=parse_length(args.bleed))
    if args.baseline_grid is not None:
        geometry = dataclasses.replace(geometry, baseline_grid=parse_length(args.baseline_grid, "pt"))
    return geometry


def run_new(args: argparse.Namespace) -> int:
    from epaperdesk.io.epd import SaveError, save_edition
    from epaperdesk.io.templates import TemplateError, load_template
    from epaperdesk.model.new_edition import EditionSetup, default_geometry, new_edition

    output = Path(args.output)
    if output.exists() and not args.force:
        print(f"epaperdesk: {output} exists; choose another name or add --force to replace it", file=sys.stderr)
        return 1
    try:
        template = None if args.template.lower() == "none" else load_template(args.template)
        base = geometry_of(template.pages[0]) if template is not None and template.pages else default_geometry()
        date = datetime.date.fromisoformat(args.date) if args.date else datetime.date.today()
        setup = EditionSetup(geometry_from_args(args, base), args.pages, args.facing, args.title, args.language, date)
        edition = new_edition(setup, template)
        save_edition(edition, output)
    except (TemplateError, ValueError, SaveError) as error:
        print(f"epaperdesk: {error}", file=sys.stderr)
        return 1
    page = edition.pages[0]
    print(
        f"{output}: {len(edition.pages)} page{'s' if len(edition.pages) != 1 else ''} "
        f"{from_points(page.width, 'mm'):.0f} x {from_points(page.height, 'mm'):.0f} mm, "
        f"{page.grid.count} columns, {len(edition.paragraph_styles)} paragraph styles, "
        f"master pages: {', '.join(m.name or m.id for m in edition.masters) or 'none'}"
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from epaperdesk.io.epd import SaveError, save_edition
    from epaperdesk.io.importers import CopyError, ImportOptions, import_edit, read_copy
    from epaperdesk.model.edits import CompositeEdit, EditError, SetFrameProperty
    from epaperdesk.model.frame_edits import empty_text_frame
    from epaperdesk.typeset.layout import Typesetter

    try:
        edition = load_edition(args.file)
        copy = read_copy(args.copy)
        style_map = dict(ImportOptions().style_map)
        for pair in args.style:
            source, equals, house = pair.partition("=")
            if not equals or house.strip() not in edition.paragraph_styles:
                raise EditError(f"--style {pair!r}: give SOURCE=HOUSE with one of the edition's styles")
            style_map[source.strip()] = house.strip()
        options = ImportOptions(style_map, None) if args.no_cleanup else ImportOptions(style_map)
        target, story_id, place = "new", None, None
        if args.frame:
            frame = edition.frame_by_id(args.frame) if _has_frame(edition, args.frame) else None
            if not isinstance(frame, TextFrame):
                raise EditError(f"--frame {args.frame!r}: no text frame of that name")
            story_id = edition.thread_head(frame).story_id
            if story_id is not None and not args.replace:
                raise EditError(f"frame {args.frame!r} holds the story {story_id!r}: add --replace to replace its text")
            if story_id is not None:
                target = "replace"
            elif empty_text_frame(edition, [frame.id]) == frame.id:
                place = frame.id
            else:
                raise EditError(f"frame {args.frame!r} continues a thread: import into its first frame")
        edit, story_id = import_edit(edition, copy, options, target, story_id, name=Path(args.copy).stem)
        if place is not None:
            edit = CompositeEdit((edit, SetFrameProperty(place, "story_id", None, story_id)), "Import copy")
        edit.apply(edition)
        save_edition(edition, args.output or args.file)
    except (EpdError, CopyError, EditError, SaveError) as error:
        print(f"epaperdesk: {error}", file=sys.stderr)
        return 1
    story = edition.stories[story_id]
    styles = Counter(story.paragraph_styles)
    print(
        f"{story_id}: {story.word_count()} words in {len(story.paragraph_styles)} paragraphs "
        f"({', '.join(f'{n} {s}' for s, n in styles.most_common())})"
    )
    frames = edition.story_frames(story_id)
    if frames:
        report = Typesetter().layout(edition).stories.get(story_id)
        where = " → ".join(f.id for f in frames)
        if report is not None and report.overset_lines:
            print(f"placed in {where}: {report.overset_lines} lines overset")
        else:
            print(f"placed in {where}")
    else:
        print("not placed: select a text frame for it in the window, or import with --frame")
    for note in copy.notes:
        print(f"note: {note}")
    return 0


def _has_frame(edition: Edition, frame_id: str) -> bool:
    try:
        edition.frame_by_id(frame_id)
    except KeyError:
        return False
    return True
