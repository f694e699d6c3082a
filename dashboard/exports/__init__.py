"""What a reviewer sends (DOMAIN.md §6): the 复核底稿 workbook and the 复核意见 memo of a unit, a province's memos
as one zip, and the formatted tables every other export uses. Pure functions: frames in, file bytes out."""
