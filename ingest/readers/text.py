"""Plain text (.txt, .md): decode UTF-8 / UTF-16 / GB18030, one origin per line."""
import codecs
import unicodedata

import charset_normalizer

from ingest.readers import problems
from ingest.readers.base import Rendered

BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16")]
CHINESE_FALLBACK = "gb18030"
ALLOWED_CONTROLS = set("\t\n\r\f\v\x1a")
MAX_CONTROL_SHARE = 0.01
MAX_STRAY_SHARE = 0.002      # NULs or undecodable sequences tolerated, per byte of the file …
MIN_TOLERATED_BYTES = 8      # … and at least this many in a short one


def _is_texty(text: str) -> bool:
    """True when control characters (other than tabs and line ends) are rare."""
    controls = sum(1 for c in text if c not in ALLOWED_CONTROLS and unicodedata.category(c) == "Cc")
    return controls <= MAX_CONTROL_SHARE * max(len(text), 1)


def _strict(data: bytes, encoding: str) -> str | None:
    """Decode or None."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and encoding name; raises IngestError 'binary' when the bytes are not text."""
    text, encoding, _ = decode_text(data)
    return text, encoding


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Text, encoding name and warnings about bytes dropped or replaced; 'binary' when the bytes are not text.

    A few stray bytes (a NUL, an invalid GB18030 sequence from a bad copy) do not make a report
    binary: they are removed or replaced and counted in a warning.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is not None:
                return text, encoding, []
    nuls = data.count(b"\x00")
    if nuls > _tolerated(data):
        raise problems.binary()
    warnings = [f"文本中有 {nuls} 个空字符（NUL），已删除"] if nuls else []
    text, encoding, bad = _guess(data.replace(b"\x00", b""))
    if bad:
        warnings.append(f"文本中有 {bad} 处字节无法按 {encoding.upper()} 解码，已替换为 \ufffd")
    return text, encoding, warnings


def _tolerated(data: bytes) -> int:
    """How many stray bytes a text may hold and still be read as text."""
    return max(MIN_TOLERATED_BYTES, int(len(data) * MAX_STRAY_SHARE))


def _guess(data: bytes) -> tuple[str, str, int]:
    """Text, encoding and count of replaced sequences: strict UTF-8 / GB18030, then lenient, then detection."""
    # Short GB18030 text is often mis-guessed (cp949, big5), so try it strictly first.
    for encoding in ("utf-8", CHINESE_FALLBACK):
        text = _strict(data, encoding)
        if text is not None and _is_texty(text):
            return text, encoding, 0
    for encoding in ("utf-8", CHINESE_FALLBACK):
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if bad <= _tolerated(data) and _is_texty(text):
            return text, encoding, bad
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and _is_texty(str(best)):
        return str(best), best.encoding, 0
    raise problems.binary()


def normalize_newlines(text: str) -> str:
    """\\r\\n and lone \\r become \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(data: bytes) -> Rendered:
    """Plain text as it is, with origins ``第N行``."""
    text, encoding, warnings = decode_text(data)
    text = normalize_newlines(text)
    if encoding not in ("utf-8", "utf-8-sig", "utf-16", CHINESE_FALLBACK):
        warnings.append(f"文本编码按 {encoding} 识别，可能有乱码")
    origins = [f"第{n}行" for n in range(1, text.count("\n") + 2)]
    return Rendered("text", text, origins, warnings)
