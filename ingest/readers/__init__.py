"""Format readers: turn a file into numbered text lines (``supported_suffixes()`` lists the formats,
``unavailable_formats()`` those this machine lacks a system package for)."""

from __future__ import annotations

from ingest.readers.availability import availability_note, unavailable_formats
from ingest.readers.source import SourceText, read_source, register_reader, supported_suffixes

__all__ = [
    "SourceText",
    "availability_note",
    "read_source",
    "register_reader",
    "supported_suffixes",
    "unavailable_formats",
]
