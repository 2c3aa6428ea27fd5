"""Parsing Vietnamese official documents into records (see docs/record.md)."""

from .document import Record, deadlines, parse_file, parse_text, target_groups
from .source import decode_source, read_bytes, read_source

__all__ = ["Record", "deadlines", "decode_source", "parse_file", "parse_text", "read_bytes", "read_source", "target_groups"]
