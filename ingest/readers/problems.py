"""The bilingual errors and warnings a reader raises for bad input."""
from ingest.errors import IngestError

MB = 1024 * 1024

FORMAT_NAMES = {
    "docx": ("Word 文档", "Word document"),
    "doc": ("旧版 Word 文档（.doc）", "legacy Word document (.doc)"),
    "xlsx": ("Excel 工作簿", "Excel workbook"),
    "xls": ("旧版 Excel 工作簿（.xls）", "legacy Excel workbook (.xls)"),
    "pdf": ("PDF 文件", "PDF file"),
    "html": ("网页（HTML）", "web page (HTML)"),
    "text": ("纯文本", "plain text"),
}


def zh_name(fmt: str) -> str:
    """Chinese display name of a format, spaced from Chinese text when it starts in Latin."""
    name = FORMAT_NAMES.get(fmt, (fmt, fmt))[0]
    return f" {name}" if name[:1].isascii() else name


def en_name(fmt: str) -> str:
    """English display name of a format."""
    return FORMAT_NAMES.get(fmt, (fmt, fmt))[1]


def empty() -> IngestError:
    """The file has no bytes."""
    return IngestError("empty", "文件为空", "file is empty")


def missing(path: str) -> IngestError:
    """The path does not exist."""
    return IngestError("missing", f"文件不存在：{path}", f"file not found: {path}")


def too_large(size: int, limit: int) -> IngestError:
    """The file is over the size limit."""
    got, cap = f"{size / MB:.1f}", f"{round(limit / MB, 2):g}"
    return IngestError("too_large", f"文件大小 {got} MB 超过上限 {cap} MB",
                       f"file size {got} MB exceeds the limit of {cap} MB")


def zip_bomb(reason_zh: str, reason_en: str) -> IngestError:
    """A zip whose declared sizes would unpack to too much."""
    return IngestError("zip_bomb", f"疑似压缩炸弹，拒绝解压：{reason_zh}",
                       f"looks like a zip bomb, refused before unpacking: {reason_en}")


def corrupt(fmt: str) -> IngestError:
    """A file of a known format that its library cannot open."""
    return IngestError("corrupt", f"文件已损坏或不完整（无法作为{zh_name(fmt)}打开）",
                       f"file is damaged or incomplete (cannot be opened as a {en_name(fmt)})")


def binary() -> IngestError:
    """Bytes that are no supported format."""
    return IngestError("binary", "无法识别的二进制文件（不是 Word、Excel、PDF、网页或文本）",
                       "unrecognised binary file (not Word, Excel, PDF, HTML or text)")


def unknown_zip() -> IngestError:
    """A zip that is neither .docx nor .xlsx."""
    return IngestError("binary", "ZIP 压缩包，但不是 Word（.docx）或 Excel（.xlsx）文档",
                       "a ZIP archive, but not a Word (.docx) or Excel (.xlsx) document")


def no_text_found() -> IngestError:
    """A scan on which OCR found no text at all."""
    return IngestError("no_text_found", "扫描页上没有识别到任何文字（可能是空白页或图像过于模糊）",
                       "no text was found on the scanned page(s): blank, or too blurred to read")


def too_many_pages(pages: int, limit: int) -> IngestError:
    """A scan with more pages than OCR will read for one file."""
    return IngestError("too_many_pages", f"扫描件共 {pages} 页，超过每个文件 {limit} 页的识别上限",
                       f"the scan has {pages} pages, over the limit of {limit} pages per file")


def unreadable_image() -> IngestError:
    """Image bytes that no decoder accepts."""
    return IngestError("unreadable_image", "图片无法解码（文件损坏或格式不受支持）",
                       "the image could not be decoded (damaged or unsupported)")


def doc_needs_libreoffice() -> IngestError:
    """A .doc with no LibreOffice to convert it."""
    return IngestError("doc_needs_libreoffice",
                       "旧版 Word（.doc）需要 LibreOffice 转换，但未找到 soffice/libreoffice；"
                       "请安装 LibreOffice，或将文件另存为 .docx",
                       "legacy .doc needs LibreOffice to convert, but soffice/libreoffice is not "
                       "on PATH; install LibreOffice or save the file as .docx")


def wrong_extension(ext: str, claimed: str, actual: str) -> IngestError:
    """A binary extension on content that is something else."""
    return IngestError("wrong_extension",
                       f"扩展名为 {ext}，但内容不是{zh_name(claimed)}（实际是{zh_name(actual)}）",
                       f"the extension is {ext} but the content is not a {en_name(claimed)} "
                       f"(it is {en_name(actual)})")


def extension_mismatch_warning(ext: str, actual: str) -> str:
    """Warning for a known format read despite its extension."""
    return f"扩展名为 {ext or '（无）'}，但内容是{zh_name(actual)}，已按{zh_name(actual)}读取"


NO_TEXT_WARNING = "文件中没有读出任何文字"
