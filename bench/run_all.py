"""Every benchmark, one after another (`make bench`); each prints its table and writes results/.

They run in sequence, never together: each one's figures assume it has the machine to itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = [
    ["simulate_cost.py"],
    ["train_cost.py"],  # the PyTorch column only where torch is installed
    ["custom_cost.py"],
    ["explorer_latency.py", "60"],
    ["classroom.py", "1", "10", "30", "100"],
    ["classroom.py", "1", "10", "30", "100", "--replicas", "2"],
    ["classroom.py", "10", "30", "100", "--replicas", "3"],
]


def main() -> int:
    for script, *args in RUNS:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *args], check=False)
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
