"""Which release of the code is running: part of every shared cache key.

With the embedded in-memory cache a restart empties it; a shared Redis cache outlives a deploy, and
the new code must not read what the old code rendered (a menu with an old link, a page pickled from
classes that have since changed). So the cache's key prefix carries a fingerprint of the code,
templates and translations: every node running the same release shares the cache, and a new release
starts afresh while the old entries expire. ``RELEASE`` in the environment overrides it.
"""

import hashlib
import os
from pathlib import Path

SKIPPED_DIRS = {".git", ".venv", "node_modules", "staticfiles", "static", "tests", "bench-data", "test-artifacts"}
FINGERPRINTED = (".py", ".html", ".mo")


def code_fingerprint(base: Path) -> str:
    """A short hash of every source file's path and content under ``base`` (a few ms at start-up)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(FINGERPRINTED):
                path = Path(root, name)
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
