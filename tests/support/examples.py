"""The example offers of ../shared/examples (or $LEICESTER_SL_EXAMPLES_DIR).

Each file is ``{"offer": …, "expect": …}``.
"""
import json
import os
from pathlib import Path

EXAMPLES_DIR = Path(
    os.environ.get(
        "LEICESTER_SL_EXAMPLES_DIR",
        Path(__file__).resolve().parents[3] / "shared" / "examples",
    )
)
STEP_DOWN = "01-mental-health-step-down.json"


def example_files() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.json"))


def example_offer(name: str = STEP_DOWN) -> dict:
    """The offer document of one example file, as parsed JSON."""
    return json.loads((EXAMPLES_DIR / name).read_text())["offer"]
