"""Photos and screenshots of a form (.png, .jpg, .tif, .bmp), read by OCR like a scanned page."""
import numpy as np

from ingest.readers import problems
from ingest.readers.base import Rendered

MAX_PIXELS = 40_000_000   # a decoded image above this (e.g. 8000 × 5000) is refused before OCR


def decode(data: bytes) -> list[np.ndarray]:
    """The image's pages as grey arrays (a multi-page TIFF gives several)."""
    import cv2

    buffer = np.frombuffer(data, np.uint8)
    ok, pages = cv2.imdecodemulti(buffer, cv2.IMREAD_GRAYSCALE)
    if not ok or not pages:
        single = cv2.imdecode(buffer, cv2.IMREAD_GRAYSCALE)
        pages = [single] if single is not None else []
    if not pages:
        raise problems.unreadable_image()
    if any(page.size > MAX_PIXELS for page in pages):
        raise problems.too_large(max(page.size for page in pages), MAX_PIXELS)
    return list(pages)


def reader(fmt: str):
    """The read function for one image format; the report's format names it."""
    def read(data: bytes) -> Rendered:
        from ingest.readers import ocr   # OpenCV and the OCR models load only when an image comes in

        pages = ocr.read_pages(decode(data))
        sink, warnings = ocr.pages_to_sink(pages)
        return sink.rendered(fmt, warnings)
    return read
