"""What every benchmark shares: a description of the machine, and its own section of RESULTS.md."""
import os
import platform
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    """nproc, CPU model, total memory and Python version of this machine."""
    cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    memory = f"{int(meminfo.group(1)) / 2**20:.1f} GiB" if meminfo else "unknown"
    return (f"nproc {os.cpu_count()}, CPU {model.group(1).strip() if model else platform.processor()}, "
            f"memory {memory}, Python {platform.python_version()}")


def replace_section(start: str, end: str, section: str, results: Path = RESULTS) -> None:
    """Replace one benchmark's section (markers included) of RESULTS.md, or append it; the rest stays."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n"
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    results.write_text(text, encoding="utf-8")


def publish(start: str, end: str, text: str, write: bool) -> None:
    """Print a benchmark's section and, unless told not to, put it in RESULTS.md."""
    print(text)
    if write:
        replace_section(start, end, text)
