"""Text normalisation shared by every extraction step."""
import re
import unicodedata
from functools import lru_cache

CJK = "\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》（）、：；，。"
WHITESPACE = re.compile(r"[\s\u3000\u00a0]+")
# Characters that only exist in traditional script; their presence triggers conversion.
TRADITIONAL_HINTS = set("項預級開處該區業務經費執據實際執單總數評價結論養護醫療學條縣鄉鎮農產")


def compact(text: str) -> str:
    """NFKC form without any whitespace: the key used to match labels."""
    return WHITESPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def tidy(text: str) -> str:
    """Trim, fold runs of whitespace to one space and drop spaces between CJK characters."""
    text = WHITESPACE.sub(" ", (text or "").strip())
    # A space next to a CJK character or punctuation is a line-wrap artefact (PDF, Word).
    text = re.sub(rf"(?<=[{CJK}]) | (?=[{CJK}])", "", text)
    return re.sub(r"(?<=\d) (?=%)", "", text)


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified, only when some are present."""
    if not any(ch in TRADITIONAL_HINTS for ch in text):
        return text
    return _t2s().convert(text)


def nfkc(text: str) -> str:
    """NFKC normal form (full-width digits and punctuation to ASCII)."""
    return unicodedata.normalize("NFKC", text or "")
