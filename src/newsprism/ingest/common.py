"""Byte-level checks shared by every format: size, binary content, encoding."""

from __future__ import annotations

from newsprism.errors import InputError
from newsprism.options import Options


def decode(data: bytes, source: str, options: Options) -> str:
    """Decode UTF-8 input, refusing what is too large, empty, binary or not UTF-8."""
    if len(data) > options.max_file_bytes:
        raise InputError(source, f"input too large (more than {options.max_file_bytes} bytes)")
    if not data.strip():
        raise InputError(source, "empty file")
    if b"\x00" in data[:65536]:
        raise InputError(source, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid UTF-8 (bad byte at offset {exc.start})") from exc
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise InputError(source, "binary file (control characters), not text")
    return text
