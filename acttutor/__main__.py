"""``python -m acttutor``: the same entry point as the ``acttutor`` command."""

from __future__ import annotations

import sys

from acttutor.cli import main

if __name__ == "__main__":
    sys.exit(main())
