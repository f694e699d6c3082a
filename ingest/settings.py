"""Settings: each declared once with a default and a help text, overridable by an EVAL_<NAME> variable.

The ingest limits live here; the thresholds of the anomaly catalog (ingest/rule_settings.py) use the
same Setting.
"""
import os
from dataclasses import dataclass
from pathlib import Path

ENV_PREFIX = "EVAL_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def value(self) -> str:
        """The value in force: environment variable EVAL_<NAME> if set, else the default."""
        raw = os.environ.get(ENV_PREFIX + self.name.upper())
        return raw if raw not in (None, "") else self.default

    def number(self) -> float:
        """The value in force as a number."""
        return float(self.value())


MAX_UPLOAD_FILES = Setting("max_upload_files", "50", "看板数据导入页每次上传最多读取的文件数")
MAX_UPLOAD_MB = Setting("max_upload_mb", "300", "看板数据导入页每次上传读取的文件合计大小上限（MB）")
WRITE_WAIT = Setting("write_wait_seconds", "600", "写入数据库前等待另一写入任务（载入、导入）结束的最长秒数")
OPEN_WAIT = Setting("open_wait_seconds", "60", "打开数据库写入时等待读取方（看板）释放文件的最长秒数")
MAX_FILE_MB = Setting("max_file_mb", "50", "单个文件大小上限（MB），超过即拒绝读取")
MAX_UNZIPPED_MB = Setting("max_unzipped_mb", "200", "docx/xlsx 解压后总大小上限（MB），声明值先查，解压时再按实际字节计数，防止压缩炸弹")
MAX_ZIP_RATIO = Setting("max_zip_ratio", "200", "docx/xlsx 中单个成员的最大压缩比，超过视为压缩炸弹")
SAMPLES_DIR = Setting("samples_dir", "../shared/samples",
                      "人工标注样本目录（labels.jsonl 与 raw/）；相对路径从仓库根目录算起。样本是第三方文本，不放进仓库")
OCR_DPI = Setting("ocr_dpi", "150", "扫描 PDF 渲染成图片再识别的分辨率（dpi）；按 bench/ocr.py 的测量选定："
                  "150 与 200、300 dpi 同样准确，更快、占内存更少，100 dpi 准确率骤降")
OCR_MIN_CONFIDENCE = Setting("ocr_min_confidence", "0.8",
                             "识别置信度低于此值的单元格保留原文并提示，数值按不确定处理，算术规则不据此判定")
OCR_MAX_PAGES = Setting("ocr_max_pages", "40", "每个文件最多识别的扫描页数，超过即拒绝并说明原因")
# Reading limits: a small hostile file must not allocate a huge grid; each one exceeded is a refusal naming it.
MAX_TABLE_CELLS = Setting("max_table_cells", "250000",
                          "一张表格或工作表的行数×列数上限（含合并单元格覆盖的位置），超过即拒绝；"
                          "防止一个远处的单元格或超大合并区域撑出巨大网格")
MAX_DOCUMENT_CELLS = Setting("max_document_cells", "500000", "每个文件所有表格的单元格总数上限，超过即拒绝")
MAX_SPAN = Setting("max_span", "1000", "一个单元格跨行或跨列数的上限（Word gridSpan、HTML colspan/rowspan），超过即拒绝")
MAX_LINE_CHARS = Setting("max_line_chars", "100000", "读出的文本中一行（一段或一行表格）的字符数上限，超过即拒绝")
MAX_PDF_PAGES = Setting("max_pdf_pages", "500", "每个 PDF 文件的页数上限，超过即拒绝（扫描页另受 ocr_max_pages 限制）")
MAX_PROVENANCE_ROWS = Setting("max_provenance_rows", "100000",
                              "每份报告记入 provenance（原文与位置）的行数上限，超出的部分不记录并给出提示")
PARSE_MEMORY_MB = Setting("parse_memory_mb", "4096",
                          "解析单个文件的工作进程内存上限（MB，虚拟地址空间；扫描件识别约需 1.5 GB），超过即拒绝该文件，批处理继续")
PARSE_TIMEOUT_S = Setting("parse_timeout_s", "600", "解析单个文件的时间上限（秒，含扫描件的文字识别），超过即拒绝该文件")
PARSE_IN_WORKER = Setting("parse_in_worker", "1", "1 = 每个文件在有内存和时间上限的工作进程中解析（默认）；"
                          "0 = 在本进程中解析，没有这两项保护，仅供调试和测试")
REPO_ROOT = Path(__file__).resolve().parents[1]


def max_file_bytes() -> int:
    return int(MAX_FILE_MB.number() * 1024 * 1024)


def whole(setting: Setting) -> int:
    """A count setting as an integer."""
    return int(setting.number())


def samples_dir() -> Path:
    """The labelled samples folder, relative paths taken from the repository root."""
    return (REPO_ROOT / SAMPLES_DIR.value()).resolve()
