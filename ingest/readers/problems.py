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


def not_a_file(path: str, kind_zh: str, kind_en: str) -> IngestError:
    """A path that is no regular file (a named pipe, a socket, a device): never opened for reading."""
    return IngestError("not_a_file", f"不是普通文件（{kind_zh}），已跳过：{path}",
                       f"not a regular file ({kind_en}), skipped: {path}")


def symlink_loop(path: str) -> IngestError:
    """A symbolic link that leads back to itself or to a folder above it."""
    return IngestError("symlink_loop", f"符号链接形成循环，已跳过：{path}",
                       f"symbolic link loop, skipped: {path}")


def unreadable(path: str, exc: OSError) -> IngestError:
    """A file or folder the operating system will not let us read."""
    what_zh, what_en = ("权限不足", "permission denied") if isinstance(exc, PermissionError) else (
        exc.strerror or type(exc).__name__, exc.strerror or type(exc).__name__)
    return IngestError("unreadable", f"无法读取（{what_zh}）：{path}", f"cannot be read ({what_en}): {path}")


def unreadable_folder(path: str, exc: OSError) -> IngestError:
    """A folder whose entries cannot be listed: its files are not loaded."""
    what = "权限不足" if isinstance(exc, PermissionError) else (exc.strerror or type(exc).__name__)
    return IngestError("unreadable_folder", f"无法打开文件夹（{what}），其中的文件未载入：{path}",
                       f"cannot open the folder ({exc.strerror or type(exc).__name__}), its files were not loaded: {path}")


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


def out_of_memory() -> IngestError:
    """Reading the file needed more memory than the worker may use."""
    from ingest.settings import PARSE_MEMORY_MB

    limit = PARSE_MEMORY_MB.value()
    return IngestError("out_of_memory",
                       f"读取此文件所需内存超过上限 {limit} MB（设置 parse_memory_mb，环境变量 EVAL_PARSE_MEMORY_MB），已拒绝",
                       f"reading this file needs more memory than the limit of {limit} MB "
                       "(setting parse_memory_mb, EVAL_PARSE_MEMORY_MB); refused")


def timed_out(seconds: float) -> IngestError:
    """Reading the file took longer than the worker may take."""
    return IngestError("timeout",
                       f"读取此文件超过时间上限 {seconds:g} 秒（设置 parse_timeout_s，环境变量 EVAL_PARSE_TIMEOUT_S），已中止",
                       f"reading this file took longer than the limit of {seconds:g} s "
                       "(setting parse_timeout_s, EVAL_PARSE_TIMEOUT_S); stopped")


def worker_died(how: str, killed: bool) -> IngestError:
    """The worker process reading the file ended abnormally (killed, or crashed inside a library)."""
    cause_zh, cause_en = ("，多半是内存耗尽", ", most likely out of memory") if killed else ("", "")
    return IngestError("worker_died",
                       f"读取此文件的工作进程异常退出（{how}{cause_zh}）；该文件已跳过，其他文件照常处理",
                       f"the worker process reading this file ended abnormally ({how}{cause_en}); "
                       "the file was skipped and the others go on")


def encrypted_pdf() -> IngestError:
    """A PDF that needs a password to open."""
    return IngestError("encrypted", "PDF 文件已加密（需要密码才能打开），无法读取；请提供未加密的文件",
                       "the PDF is encrypted (a password is needed to open it); provide an unencrypted copy")


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
