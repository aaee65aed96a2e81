"""Finishing a PDF with pikepdf: unique subset tags, document information, XMP, and the
PDF/X-4 or PDF/X-1a keys with the output intent. Deterministic: same input, same bytes."""

from __future__ import annotations

import datetime
import hashlib
import io
import uuid
from typing import BinaryIO

import pikepdf

from epaperdesk import __version__


def _tag(data: bytes) -> str:
    """Six capital letters derived from the subset's own bytes."""
    digest = hashlib.sha256(data).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def _pdf_date(moment: datetime.datetime) -> str:
    moment = moment.astimezone(datetime.UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def retag_subsets(pdf: pikepdf.Pdf) -> None:
    """ReportLab names the first subset of every font AAAAAA+…; a print system merging
    separately exported pages then mixes up different subsets. Name each subset after a hash
    of its own font program and widths instead."""
    seen: dict[tuple[int, int], str] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for _, font in fonts.items():
            base = str(font.get("/BaseFont", ""))
            if "+" not in base or font.objgen in seen:
                continue
            descriptor = font.get("/FontDescriptor")
            program = descriptor.get("/FontFile2") if descriptor is not None else None
            data = program.read_bytes() if program is not None else b""
            widths = repr(list(font.get("/Widths", []))).encode()
            name = base.split("+", 1)[1]
            new = f"/{_tag(data + widths + name.encode())}+{name}"
            font.BaseFont = pikepdf.Name(new)
            if descriptor is not None:
                descriptor.FontName = pikepdf.Name(new)
            seen[font.objgen] = new


def finish_pdf(
    data: bytes,
    *,
    title: str,
    moment: datetime.datetime,
    pdfx: str,
    profile: tuple[bytes, str] | None,
    trapped: bool = False,
) -> bytes:
    """The finished bytes of a PDF written by ReportLab."""
    out = io.BytesIO()
    write_finished_pdf(out, data, title=title, moment=moment, pdfx=pdfx, profile=profile, trapped=trapped)
    return out.getvalue()


def write_finished_pdf(
    handle: BinaryIO,
    data: bytes,
    *,
    title: str,
    moment: datetime.datetime,
    pdfx: str,
    profile: tuple[bytes, str] | None,
    trapped: bool = False,
) -> None:
    """Finish a PDF written by ReportLab and write it to a binary file (the same bytes as
    `finish_pdf` returns, without a second copy of them in memory)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        retag_subsets(pdf)
        for page in pdf.pages:
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        identity = uuid.UUID(hashlib.sha256(data).hexdigest()[:32])
        # ISO 15930-4: GTS_PDFXVersion "PDF/X-1:2003", GTS_PDFXConformance "PDF/X-1a:2003"
        version = {"x4": "PDF/X-4", "x1a": "PDF/X-1:2003"}.get(pdfx)
        _set_info(pdf, title=title, moment=moment, trapped=trapped, pdfx=pdfx, version=version)
        if version is not None:
            if profile is None:
                raise ValueError(f"{version} needs an output profile")
            _set_output_intent(pdf, profile)
        _set_metadata(pdf, title=title, moment=moment, trapped=trapped, pdfx=pdfx, version=version, identity=identity)
        # the permanent /ID is this document's own (from its content; ReportLab's is a constant),
        # the changing one qpdf makes from the bytes written
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(identity.bytes), pikepdf.String(identity.bytes)])
        pdf.save(
            handle,
            deterministic_id=True,
            force_version={"x4": "1.6", "x1a": "1.4"}.get(pdfx, "1.6"),
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable if pdfx == "x1a" else pikepdf.ObjectStreamMode.preserve,
            linearize=False,
        )


X1A_CONFORMANCE = "PDF/X-1a:2003"  # the conformance level within PDF/X-1:2003


def _set_info(
    pdf: pikepdf.Pdf, *, title: str, moment: datetime.datetime, trapped: bool, pdfx: str, version: str | None
) -> None:
    """The document information dictionary, nothing but ours in it."""
    date = _pdf_date(moment)
    info = pdf.docinfo
    for key in list(info.keys()):
        del info[key]
    info["/Title"] = title
    info["/Creator"] = f"EpaperDesk {__version__}"
    info["/Producer"] = f"EpaperDesk {__version__} (ReportLab, pikepdf)"
    info["/CreationDate"] = date
    info["/ModDate"] = date
    info["/Trapped"] = pikepdf.Name("/True" if trapped else "/False")
    if version is not None:
        info["/GTS_PDFXVersion"] = version
        if pdfx == "x1a":
            info["/GTS_PDFXConformance"] = X1A_CONFORMANCE


def _set_output_intent(pdf: pikepdf.Pdf, profile: tuple[bytes, str]) -> None:
    """The PDF/X output intent with the output profile ("name|colour space" describes it)."""
    icc, description = profile
    name, colour_space = description.split("|", 1)
    stream = pikepdf.Stream(pdf, icc)
    stream["/N"] = 4 if colour_space.upper().startswith("CMYK") else 1
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name("/OutputIntent"),
        S=pikepdf.Name("/GTS_PDFX"),
        OutputConditionIdentifier=name,
        OutputCondition=name,
        Info=name,
        RegistryName="http://www.color.org",
        DestOutputProfile=pdf.make_indirect(stream),
    )
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def _set_metadata(
    pdf: pikepdf.Pdf,
    *,
    title: str,
    moment: datetime.datetime,
    trapped: bool,
    pdfx: str,
    version: str | None,
    identity: uuid.UUID,
) -> None:
    """XMP metadata agreeing with the information dictionary."""
    iso = moment.astimezone(datetime.UTC).isoformat()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["xmp:CreatorTool"] = f"EpaperDesk {__version__}"
        meta["xmp:CreateDate"] = iso
        meta["xmp:ModifyDate"] = iso
        meta["xmp:MetadataDate"] = iso
        meta["pdf:Producer"] = f"EpaperDesk {__version__} (ReportLab, pikepdf)"
        meta["pdf:Trapped"] = "True" if trapped else "False"
        meta["xmpMM:DocumentID"] = f"uuid:{identity}"
        meta["xmpMM:InstanceID"] = f"uuid:{identity}"
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
        if version is not None:
            meta["pdfxid:GTS_PDFXVersion"] = version
            meta["pdfx:GTS_PDFXVersion"] = version
            if pdfx == "x1a":
                meta["pdfx:GTS_PDFXConformance"] = X1A_CONFORMANCE
