"""Legacy Word .doc: converted to .docx by LibreOffice (soffice) when it is installed."""
import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.readers import docx, problems
from ingest.readers.base import Rendered

OFFICE_COMMANDS = ("soffice", "libreoffice")
CONVERT_TIMEOUT_S = 120
CONVERTED_WARNING = "旧版 Word（.doc）已用 LibreOffice 转换为 .docx 后读取"


def find_office() -> str | None:
    """Path of the LibreOffice command, or None."""
    for name in OFFICE_COMMANDS:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_docx(office: str, data: bytes) -> bytes:
    """Run a headless conversion in a private temp dir; raises 'corrupt' when it fails."""
    with tempfile.TemporaryDirectory(prefix="eval_doc_") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        profile = (Path(tmp) / "profile").as_uri()  # a private profile: no lock clashes
        command = [office, f"-env:UserInstallation={profile}", "--headless",
                   "--convert-to", "docx", "--outdir", tmp, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired):
            raise problems.corrupt("doc") from None
        target = Path(tmp) / "input.docx"
        if not target.exists():
            raise problems.corrupt("doc")
        return target.read_bytes()


def read(data: bytes) -> Rendered:
    """A .doc read through its LibreOffice .docx conversion."""
    office = find_office()
    if office is None:
        raise problems.doc_needs_libreoffice()
    rendered = docx.read(convert_to_docx(office, data))
    return Rendered("doc", rendered.text, rendered.origins, [CONVERTED_WARNING], rendered.blocks)
