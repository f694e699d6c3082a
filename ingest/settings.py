"""Ingest settings: declared once with a default and a help text, overridable by environment."""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: float
    help: str

    def value(self) -> float:
        raw = os.environ.get(self.name)
        return float(raw) if raw not in (None, "") else self.default


MAX_FILE_MB = Setting("EVAL_MAX_FILE_MB", 50, "单个文件大小上限（MB），超过即拒绝读取")
MAX_UNZIPPED_MB = Setting("EVAL_MAX_UNZIPPED_MB", 200, "docx/xlsx 解压后声明总大小上限（MB），防止压缩炸弹")
MAX_ZIP_RATIO = Setting("EVAL_MAX_ZIP_RATIO", 200, "docx/xlsx 中单个成员的最大压缩比，超过视为压缩炸弹")

ALL = [MAX_FILE_MB, MAX_UNZIPPED_MB, MAX_ZIP_RATIO]


def max_file_bytes() -> int:
    return int(MAX_FILE_MB.value() * 1024 * 1024)
