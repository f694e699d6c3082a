"""What every format reader returns: the document as text lines plus where each line came from."""
from dataclasses import dataclass, field


@dataclass
class Rendered:
    """A document rendered as text.

    Tables become one line per row, cells between ``|`` (``| a | b |``), so every format
    reaches the same text parser. ``origins[i]`` says where line ``i + 1`` came from in the
    original file, in Chinese, e.g. ``表2 第3行``, ``第1页 表1 第4行``, ``第12行``.
    """

    format: str
    text: str
    origins: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def origin_of(self, line_no: int) -> str:
        """Location in the original document of a 1-based text line."""
        if 1 <= line_no <= len(self.origins):
            return self.origins[line_no - 1]
        return f"第{line_no}行"
