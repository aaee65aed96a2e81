"""The proof PDF and the e-paper edition write their files whole: a failed export leaves the
old files as they were and no temporary files behind."""

import pikepdf
import pytest

from epaperdesk.export import ExportError
from epaperdesk.export.proof_pdf import export_proof
from epaperdesk.io.epd import load_edition
from epaperdesk.model.correcting import mark_correction


@pytest.fixture(scope="module")
def marked(sample_path):
    edition = load_edition(sample_path)
    mark_correction(edition, "lead", 0, 5, "query", "Sure?", "Ann", "2026-11-30T10:00:00+00:00").apply(edition)
    return edition


def test_the_proof_replaces_the_old_file_whole(marked, tmp_path):
    path = tmp_path / "proof.pdf"
    path.write_bytes(b"old")
    path.chmod(0o640)
    assert export_proof(marked, path) == 1
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/Title"]).endswith("— proof")
        assert any("/Annots" in page.obj for page in pdf.pages)
    assert path.stat().st_mode & 0o777 == 0o640  # the old file's mode, not a temporary file's 0600
    assert [p.name for p in tmp_path.iterdir()] == ["proof.pdf"]


def test_a_failed_proof_leaves_the_old_file(marked, tmp_path, monkeypatch):
    import epaperdesk.export.proof_pdf as proof_pdf

    def refuse(pdf, handle, **kwargs):
        handle.write(b"%PDF-1.6 half a file")
        raise OSError(28, "No space left on device")

    plain_document = proof_pdf.finished_document

    def then_the_disk_is_full(*args, **kwargs):
        data = plain_document(*args, **kwargs)
        monkeypatch.setattr(pikepdf.Pdf, "save", refuse)  # the proof's own save fails half-way
        return data

    monkeypatch.setattr(proof_pdf, "finished_document", then_the_disk_is_full)
    path = tmp_path / "proof.pdf"
    path.write_bytes(b"old")
    with pytest.raises(ExportError, match=r"cannot write .*proof\.pdf: No space left on device"):
        export_proof(marked, path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["proof.pdf"]


def test_a_failed_epaper_export_leaves_the_old_edition_pdf(sample_path, tmp_path, monkeypatch):
    import epaperdesk.export.epaper as epaper

    def broken(package):
        raise ExportError("the article package does not match its schema at articles: test")

    monkeypatch.setattr(epaper, "validate_package", broken)
    (tmp_path / "edition.pdf").write_bytes(b"old")
    with pytest.raises(ExportError, match="does not match its schema"):
        epaper.export_epaper(load_edition(sample_path), tmp_path, (200,))
    assert (tmp_path / "edition.pdf").read_bytes() == b"old"  # the PDF is written last, whole
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.startswith(".")]
    assert leftovers == []


def test_epaper_re_export_is_byte_identical(sample_path, tmp_path):
    from epaperdesk.export.epaper import export_epaper

    edition = load_edition(sample_path)
    first = export_epaper(edition, tmp_path / "a", (200,))
    second = export_epaper(edition, tmp_path / "b", (200,))
    for name in ("edition.pdf", "articles.json", "pages/page-1-200.jpg"):
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name
    assert not [p for p in (tmp_path / "b").rglob("*") if p.name.startswith(".")]
