import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test's uploaded files in a directory of its own, so a test can tell what it left on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return sorted(p for p in media.glob("**/*") if p.is_file())
