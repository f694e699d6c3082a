"""Tell a file's format from its content (magic bytes), and refuse zip bombs before unpacking."""
import copy
import io
import re
import zipfile
import zlib

import xlrd

from ingest import settings
from ingest.readers import problems
from ingest.readers.text import decode_bytes

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
PDF_HEADER_WINDOW = 1024  # the PDF spec lets the header start anywhere in the first 1 KB
ZIP_MARKERS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
LOCAL_HEADER_HINTS = {b"word/": "docx", b"xl/": "xlsx"}
MIN_RATIO_MEMBER_BYTES = 1024 * 1024  # tiny members compress absurdly well and are harmless
HTML_WINDOW = 2048
INFLATE_CHUNK = 1024 * 1024
HTML_START = re.compile(r"^(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|table|head|body)\b",
                        re.I | re.S)
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def check_zip_members(infos: list[zipfile.ZipInfo]) -> None:
    """Raise 'zip_bomb' from the declared sizes alone, before anything is inflated."""
    limit_mb, max_ratio = settings.MAX_UNZIPPED_MB.number(), settings.MAX_ZIP_RATIO.number()
    total = sum(info.file_size for info in infos)
    if total > limit_mb * problems.MB:
        got = f"{total / problems.MB:.0f}"
        raise problems.zip_bomb(f"解压后共 {got} MB，超过上限 {limit_mb:g} MB",
                                f"{got} MB unpacked, over the {limit_mb:g} MB limit")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= MIN_RATIO_MEMBER_BYTES and ratio > max_ratio:
            raise problems.zip_bomb(f"成员 {info.filename} 压缩比 {ratio:.0f} 超过 {max_ratio:g}",
                                    f"member {info.filename} ratio {ratio:.0f} over {max_ratio:g}")


def check_inflated(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Inflate every member, counting, and refuse once the real total passes max_unzipped_mb.

    The sizes in a zip's headers are the file's own claims: each member is inflated as far as its
    compressed data goes (not only to its declared size), so a member that holds more than it
    declares is caught, and nothing is kept while counting.
    """
    limit_mb = settings.MAX_UNZIPPED_MB.number()
    left = int(limit_mb * problems.MB)
    for info in infos:
        inflated = inflate_count(archive, info, left)
        if inflated > info.file_size:
            raise problems.zip_bomb(f"成员 {info.filename} 实际解压超过其声明的 {info.file_size:,} 字节",
                                    f"member {info.filename} inflates beyond its declared {info.file_size:,} bytes")
        left -= inflated
        if left < 0:
            raise problems.zip_bomb(f"实际解压超过上限 {limit_mb:g} MB", f"inflates past the {limit_mb:g} MB limit")


def inflate_count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> int:
    """Bytes a member really inflates to, counted in chunks; stops just past cap (or past its declared size)."""
    unbounded = copy.copy(info)
    unbounded.file_size = max(cap, info.file_size) + 1   # zipfile stops at file_size; let it read past
    del unbounded.CRC                                     # the CRC is checked by the reader itself later
    count = 0
    with archive.open(unbounded) as member:
        while chunk := member.read(INFLATE_CHUNK):
            count += len(chunk)
            if count > cap or count > info.file_size:
                break
    return count


def sniff_zip(data: bytes, hint: str | None) -> str | None:
    """docx or xlsx by the parts inside; a zip that will not open is 'corrupt'."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            check_zip_members(infos)
            check_inflated(archive, infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError, zlib.error):
        guessed = next((f for marker, f in LOCAL_HEADER_HINTS.items() if marker in data), None)
        raise problems.corrupt(hint if hint in ("docx", "xlsx") else guessed or "docx") from None
    names = {info.filename for info in infos}
    return next((fmt for marker, fmt in ZIP_MARKERS.items() if marker in names), None)


def is_xls(data: bytes) -> bool:
    """True when xlrd can open the OLE2 file as a workbook."""
    try:
        xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO()).release_resources()
        return True
    except Exception:  # xlrd raises many kinds for non-workbooks; all mean "not xls"
        return False


def looks_like_html(data: bytes) -> bool:
    """True when the text starts (after BOM and blanks) with an HTML or table tag."""
    head = data[:HTML_WINDOW]
    for bom in BOMS:
        if head.startswith(bom):
            encoding = "utf-8" if bom == BOMS[0] else "utf-16"
            return bool(HTML_START.match(head.decode(encoding, "ignore").lstrip("\ufeff").lstrip()))
    return bool(HTML_START.match(head.decode("latin-1").lstrip()))


def is_text(data: bytes) -> bool:
    """True when the bytes decode as text."""
    try:
        decode_bytes(data)
        return True
    except Exception:
        return False


IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff",
               b"BM": "bmp"}


def detect_format(data: bytes, hint: str | None = None) -> str | None:
    """Format by content: docx, xlsx, xls, doc, pdf, html, png, jpeg, tiff, bmp, text, or None for unknown bytes."""
    image = next((fmt for magic, fmt in IMAGE_MAGIC.items() if data.startswith(magic)), None)
    if image and (image != "bmp" or data[6:10] == b"\x00\x00\x00\x00"):
        return image
    if data.startswith(ZIP_MAGIC):
        return sniff_zip(data, hint) or "zip"
    if data.startswith(OLE2_MAGIC):
        return "xls" if is_xls(data) else "doc"
    if PDF_MAGIC in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if looks_like_html(data):
        return "html"
    return "text" if is_text(data) else None
