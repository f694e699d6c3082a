"""Scanned and photographed pages made the way real ones come about, from the text-layer PDFs we write.

A page is rendered with pypdfium2, then degraded like a flatbed scan (slight rotation, blur, speckle,
JPEG artefacts) or like a phone photo (perspective, uneven light, noise). Used by the scan fixtures
(tests/fixtures/scans/build.py) and the OCR benchmark (bench/ocr.py); every step takes a seeded
random generator, so the same seed gives the same pixels.
"""
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from bench.accuracy import expected_values
from ingest.extract import extract_reports
from ingest.text_blocks import text_to_blocks
from ingest.writers import write_pdf

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "raw" / "seeds").glob("*.txt"))
NATIONAL_FORM = ROOT / "tests" / "fixtures" / "documents" / "synthetic_national_form_ruled.pdf"
SCAN_DPI = 150
PAPER = 255
FIXED_DATE = time.strptime("2024-01-01", "%Y-%m-%d")


@dataclass(frozen=True)
class Degradation:
    """How a scanner spoils a page: skew in degrees, blur sigma in pixels at 150 dpi, speckle share, noise sigma, JPEG quality."""

    angle: float
    blur: float
    speckle: float
    noise: float
    quality: int


FLATBED = Degradation(angle=0.9, blur=0.7, speckle=0.0015, noise=4.0, quality=55)
WORN = Degradation(angle=1.5, blur=0.9, speckle=0.004, noise=7.0, quality=35)


def keep_pages(pdf: Path, pages: list[int], out: Path) -> Path:
    """A copy of the given (0-based) pages of a PDF."""
    source, copy = pdfium.PdfDocument(str(pdf)), pdfium.PdfDocument.new()
    copy.import_pages(source, pages)
    copy.save(str(out))
    return out


def seed_pdf(seed: Path, folder: Path) -> Path:
    """A seed report written as a text-layer PDF (ingest.writers), first page only."""
    whole = folder / f"{seed.stem}.whole.pdf"
    write_pdf(whole, text_to_blocks(seed.read_text(encoding="utf-8")))
    return keep_pages(whole, [0], folder / f"{seed.stem}.pdf")


def render(pdf: Path, dpi: int = SCAN_DPI) -> list[Image.Image]:
    """Every page of a PDF as a grey image at the given resolution."""
    document = pdfium.PdfDocument(str(pdf))
    return [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document]


def scan(page: Image.Image, how: Degradation, rng: np.random.Generator, dpi: int = SCAN_DPI) -> Image.Image:
    """A page as a flatbed scanner sees it at dpi: skewed, soft and speckled (JPEG comes when it is saved)."""
    angle = how.angle * rng.choice([-1, 1])
    tilted = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=PAPER)
    # The blur is the optics', so its width on paper stays the same at any resolution.
    pixels = cv2.GaussianBlur(np.asarray(tilted, dtype=np.float32), (0, 0), how.blur * dpi / SCAN_DPI)
    return grey(speckle(noisy(pixels, how.noise, rng), how.speckle, rng))


def photograph(page: Image.Image, rng: np.random.Generator, warp: float = 0.04) -> Image.Image:
    """A page as a phone photographs it: on a darker desk, in perspective, lit unevenly, a little noisy."""
    width, height = page.size
    margin = int(0.05 * max(width, height))
    desk = np.full((height + 2 * margin, width + 2 * margin), 90, np.float32)
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    # Each corner pulled inward by up to `warp` of the page, so edges converge as in a hand-held shot.
    pull = rng.uniform(0.3, 1.0, (4, 2)) * warp * np.float32([width, height]) * np.float32(
        [[1, 1], [-1, 1], [-1, -1], [1, -1]])
    matrix = cv2.getPerspectiveTransform(corners, (corners + pull + margin).astype(np.float32))
    shape = desk.shape[::-1]
    paper = cv2.warpPerspective(np.asarray(page, np.float32), matrix, shape, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((height, width), np.float32), matrix, shape)
    pixels = desk * (1 - mask) + paper * mask
    pixels = cv2.GaussianBlur(pixels * lighting(pixels.shape, rng), (0, 0), 0.6)
    return grey(noisy(pixels, 5.0, rng))


def lighting(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A smooth brightness field: a lamp on one side, from 1.0 down to about 0.7 across the frame."""
    rows, cols = np.mgrid[0:shape[0], 0:shape[1]].astype(np.float32)
    direction = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(direction) * cols / shape[1] + np.sin(direction) * rows / shape[0]
    ramp = (ramp - ramp.min()) / (ramp.max() - ramp.min())
    return 1.0 - 0.3 * ramp ** 1.5


def blank_page(rng: np.random.Generator, dpi: int = SCAN_DPI) -> Image.Image:
    """An empty A4 sheet through the scanner: white with light noise and a few specks."""
    size = (round(8.27 * dpi), round(11.69 * dpi))
    return grey(speckle(noisy(np.full(size[::-1], PAPER, np.float32), 3.0, rng), 0.0005, rng))


def noisy(pixels: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Sensor noise: Gaussian with the given sigma in grey levels."""
    return pixels + rng.normal(0, sigma, pixels.shape).astype(np.float32)


def speckle(pixels: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    """Dust and toner specks: a share of the pixels turned dark or white."""
    spots = rng.random(pixels.shape) < share
    out = pixels.copy()
    out[spots] = np.where(rng.random(int(spots.sum())) < 0.5, 30, PAPER)
    return out


def grey(pixels: np.ndarray) -> Image.Image:
    """Pixels clipped to 8-bit grey levels."""
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")


def save_image_pdf(pages: list[Image.Image], path: Path, quality: int, dpi: int = SCAN_DPI) -> Path:
    """Pages as an image-only PDF, one JPEG of the given quality per page and no text layer, as a scanner writes it."""
    first, *rest = pages
    # A fixed date keeps the bytes the same from one build to the next.
    first.save(path, "PDF", resolution=dpi, save_all=True, append_images=rest, quality=quality,
               creationDate=FIXED_DATE, modDate=FIXED_DATE)
    return path


def text_expected(pdf: Path) -> dict:
    """The expected values of a document: what its text version extracts today (first report)."""
    reports, _ = extract_reports(pdf)
    return expected_values(reports[0].to_json())
