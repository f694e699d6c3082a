"""Read any supported report file into text lines: sniff the format, guard against bad input."""
import errno
import os
import stat
from pathlib import Path
from typing import Callable

from ingest import settings
from ingest.errors import IngestError
from ingest.readers import doc, docx, html, image, limits, pdf, problems, text, xls, xlsx
from ingest.readers.base import Rendered
from ingest.readers.sniff import detect_format

READERS: dict[str, Callable[[bytes], Rendered]] = {
    "docx": docx.read, "doc": doc.read, "xlsx": xlsx.read, "xls": xls.read,
    "pdf": pdf.read, "html": html.read, "text": text.read,
    **{fmt: image.reader(fmt) for fmt in ("png", "jpeg", "tiff", "bmp")},
}
EXTENSIONS = {
    ".docx": "docx", ".doc": "doc", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls",
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text",
    ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff", ".tiff": "tiff", ".bmp": "bmp",
}
BINARY_FORMATS = {"docx", "doc", "xlsx", "xls", "pdf", "png", "jpeg", "tiff", "bmp"}

__all__ = ["Rendered", "READERS", "file_bytes", "read_file", "read_bytes", "detect_format"]


def check_size(size: int) -> None:
    """Refuse empty files and files over the size limit."""
    if size == 0:
        raise problems.empty()
    limit = settings.max_file_bytes()
    if size > limit:
        raise problems.too_large(size, limit)


def resolve_format(data: bytes, ext: str) -> tuple[str, list[str]]:
    """The format to read (content wins over the extension) and any warning about it."""
    claimed = EXTENSIONS.get(ext)
    found = detect_format(data, claimed)
    if found == "zip":
        raise problems.unknown_zip()
    if found is None:
        raise problems.binary()
    if found == "text" and claimed in BINARY_FORMATS:
        raise problems.wrong_extension(ext, claimed, found)
    if claimed is not None and claimed != found:
        return found, [problems.extension_mismatch_warning(ext, found)]
    return found, []


def read_bytes(data: bytes, name: str) -> Rendered:
    """Read a document given as bytes; name is only used for its extension."""
    check_size(len(data))
    fmt, warnings = resolve_format(data, Path(name).suffix.lower())
    try:
        with limits.document_budget():
            rendered = READERS[fmt](data)
    except IngestError:
        raise
    except MemoryError:  # the worker's memory limit reached: the file is refused, not called damaged
        raise problems.out_of_memory() from None
    except Exception as exc:  # any library failure on a damaged file reads as "corrupt"
        raise problems.corrupt(fmt) from exc
    limits.check_lines(rendered.text)
    rendered.warnings = warnings + rendered.warnings
    if not rendered.text.strip():
        rendered.warnings.append(problems.NO_TEXT_WARNING)
    return rendered


def file_bytes(path: str | os.PathLike) -> bytes:
    """A regular file's bytes, refused by its size on disk before anything is read.

    Opened without blocking and checked on the open descriptor, so a named pipe is refused, never
    waited on; a missing file, a link loop or a permission problem becomes a bilingual refusal.
    """
    try:
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise problems.not_a_file(str(path), *special_kind(info.st_mode))
            check_size(info.st_size)
            return handle.read()
    except OSError as exc:
        raise path_problem(str(path), exc) from None


def path_problem(path: str, exc: OSError) -> IngestError:
    """The refusal for a path that cannot be opened."""
    if isinstance(exc, FileNotFoundError):
        return problems.missing(path)
    if exc.errno == errno.ELOOP:
        return problems.symlink_loop(path)
    if isinstance(exc, IsADirectoryError):
        return problems.not_a_file(path, "文件夹", "a folder")
    return problems.unreadable(path, exc)


def special_kind(mode: int) -> tuple[str, str]:
    """What a non-regular file is, in Chinese and English."""
    if stat.S_ISFIFO(mode):
        return "命名管道", "a named pipe"
    if stat.S_ISSOCK(mode):
        return "套接字", "a socket"
    if stat.S_ISDIR(mode):
        return "文件夹", "a folder"
    return "设备文件", "a device"


def read_file(path: str | os.PathLike) -> Rendered:
    """Read a document from disk, checking its size before loading it."""
    return read_bytes(file_bytes(path), os.fspath(path))
