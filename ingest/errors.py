"""Errors a user sees: one line in Chinese, then English."""


class IngestError(Exception):
    """A file that cannot be read as a report; carries a bilingual one-line reason."""

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.code = code
        self.zh = zh
        self.en = en

    def one_line(self) -> str:
        return f"错误：{self.zh} / Error: {self.en}"
