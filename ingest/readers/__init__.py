"""Format readers: turn a file (.txt/.md, .docx, .html) into numbered text lines."""

from __future__ import annotations

from ingest.readers.source import SourceText, read_source, register_reader

__all__ = ["SourceText", "read_source", "register_reader"]
