"""Byte-level checks shared by every format: size, binary content, encoding."""

from __future__ import annotations

import codecs

from newsprism.errors import InputError
from newsprism.options import Options

# byte-order marks of the wide Unicode encodings (Windows tools save text so): UTF-32's first,
# as its little-endian mark begins with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, source: str, options: Options) -> str:
    """Decode UTF-8 input (or UTF-16 or UTF-32 that says so by its byte-order mark), refusing
    what is too large, empty, binary or not in its encoding."""
    if len(data) > options.max_file_bytes:
        raise InputError(source, f"input too large (more than {options.max_file_bytes} bytes)")
    codec = next((c for bom, c in _BOMS if data.startswith(bom)), "utf-8-sig")
    if codec != "utf-8-sig":
        try:
            data = data.decode(codec).encode("utf-8")
        except UnicodeDecodeError as exc:
            name = codec.upper()
            raise InputError(source, f"not valid {name} (bad byte at offset {exc.start})") from exc
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
