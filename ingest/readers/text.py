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
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is not None:
                return text, encoding
    if b"\x00" not in data:
        # Short GB18030 text is often mis-guessed (cp949, big5), so try it strictly first.
        for encoding in ("utf-8", CHINESE_FALLBACK):
            text = _strict(data, encoding)
            if text is not None and _is_texty(text):
                return text, encoding
        best = charset_normalizer.from_bytes(data).best()
        if best is not None and _is_texty(str(best)):
            return str(best), best.encoding
    raise problems.binary()


def normalize_newlines(text: str) -> str:
    """\\r\\n and lone \\r become \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(data: bytes) -> Rendered:
    """Plain text as it is, with origins ``第N行``."""
    text, encoding = decode_bytes(data)
    text = normalize_newlines(text)
    warnings = [] if encoding in ("utf-8", "utf-8-sig", "utf-16", CHINESE_FALLBACK) else [
        f"文本编码按 {encoding} 识别，可能有乱码"]
    origins = [f"第{n}行" for n in range(1, text.count("\n") + 2)]
    return Rendered("text", text, origins, warnings)
