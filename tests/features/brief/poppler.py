"""Poppler's command-line tools (``pdftotext``, ``pdffonts``, ``pdfinfo``): they read a PDF as
viewers, search and screen readers do, unlike pypdf's extraction, which splits words by glyph
spacing and so depends on how the printing engine positioned them."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def poppler(tool: str, *args: str, data: bytes | None = None) -> str:
    """Output of ``tool args``; ``data`` is sent on stdin (for a "-" file). Fails, with the
    install command, when poppler-utils is missing: a skipped check would prove nothing."""
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: apt-get install -y poppler-utils", pytrace=False)
    result = subprocess.run([tool, *args], input=data, capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


def pdf_text(pdf: bytes) -> str:
    """All the text of ``pdf`` as ``pdftotext`` gives it (UTF-8, reading order)."""
    return poppler("pdftotext", "-enc", "UTF-8", "-", "-", data=pdf)
