"""The ``factcheck`` program (the installed command and ``python -m factcheck``):
a run goes to the installation's server when one is running (``factcheck
server start``), and runs in this process otherwise."""

from __future__ import annotations

import sys
from typing import NoReturn


def run() -> NoReturn:
    from factcheck.server.client import forward

    code = forward(sys.argv[1:])
    if code is None:
        from factcheck.cli import run as run_here

        run_here()
    sys.exit(code)
