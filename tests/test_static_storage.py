"""Static file URLs in production: the hashed name from the manifest, worked out once per process."""

import pytest

from shangqiu_cbec.static_storage import StaticFiles


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    files = StaticFiles(location=str(tmp_path), base_url="/static/")
    files.hashed_files = {"css/portal.css": "css/portal.5f1c2a.css"}
    return files


def test_a_file_is_served_under_its_hashed_name(storage):
    assert storage.url("css/portal.css") == "/static/css/portal.5f1c2a.css"


def test_the_second_time_the_manifest_is_not_read_again(storage, monkeypatch):
    storage.url("css/portal.css")
    monkeypatch.setattr(storage, "stored_name", lambda name: pytest.fail("the manifest was read again"))

    assert storage.url("css/portal.css") == "/static/css/portal.5f1c2a.css"


def test_a_file_missing_from_the_manifest_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")


def test_collecting_again_forgets_the_urls_worked_out_before(storage, monkeypatch):
    storage.url("css/portal.css")
    monkeypatch.setattr(
        "whitenoise.storage.CompressedManifestStaticFilesStorage.post_process", lambda self, *a, **k: iter(())
    )
    list(storage.post_process({}))
    storage.hashed_files = {"css/portal.css": "css/portal.9e8d7c.css"}

    assert storage.url("css/portal.css") == "/static/css/portal.9e8d7c.css"
