"""The example offers with the outcomes they must get (tests/data/examples).

Each file is ``{"offer": …, "expect": …}``. ``$LEICESTER_SL_EXAMPLES_DIR``
points the tests at another folder of the same form.
"""

import json
import os
from pathlib import Path

EXAMPLES_DIR = Path(
    os.environ.get(
        "LEICESTER_SL_EXAMPLES_DIR",
        Path(__file__).resolve().parents[1] / "data" / "examples",
    )
)
STEP_DOWN = "01-mental-health-step-down.json"


def example_files() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.json"))


def example_offer(name: str = STEP_DOWN) -> dict:
    """The offer document of one example file, as parsed JSON."""
    return json.loads((EXAMPLES_DIR / name).read_text())["offer"]
