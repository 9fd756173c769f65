"""Which formats this machine cannot read, and the Debian package each needs (said by ``cchc-kg ingest`` and
``serve`` at start, so ``make run`` works without them and says what is missing)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class MissingFormat:
    """Files of ``formats`` cannot be read here: ``reason``; installing ``packages`` (Debian) fixes it."""

    formats: str
    packages: str
    reason: str

    def hint(self) -> str:
        return f"{self.formats} need {self.packages}"


def _tesseract_problem() -> str | None:
    """Why OCR of scanned PDF pages cannot run (no tesseract, or no Vietnamese model), None when it can."""
    binary = shutil.which("tesseract")
    if binary is None:
        return "the tesseract program is not installed"
    try:
        done = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract does not run: {exc}"
    if "vie" not in (done.stdout + done.stderr).split():
        return "Tesseract's Vietnamese model is not installed"
    return None


@cache
def unavailable_formats() -> tuple[MissingFormat, ...]:
    """The formats a reader is registered for that cannot be read on this machine, with why."""
    from ingest.readers.office import SOFFICE_PACKAGE, soffice_binary

    missing: list[MissingFormat] = []
    ocr = _tesseract_problem()
    if ocr is not None:
        missing.append(MissingFormat("PDF scans", "tesseract-ocr and tesseract-ocr-vie", ocr))
    if soffice_binary() is None:
        missing.append(
            MissingFormat(".doc/.odt/.rtf", SOFFICE_PACKAGE, "LibreOffice (soffice) is not installed")
        )
    return tuple(missing)


def availability_note() -> str | None:
    """One line naming the unavailable formats and the packages they need, None when all are readable."""
    missing = unavailable_formats()
    if not missing:
        return None
    return "Formats unavailable here (install the Debian packages): " + "; ".join(m.hint() for m in missing)
