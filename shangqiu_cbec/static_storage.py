"""Static files as production serves them: WhiteNoise's compressed, hashed files, each URL worked out once.

A page asks for the URL of eight static files (styles, scripts, the icon) on every request; with the
manifest of hashed names that is a lookup plus URL joining and quoting each time — about a fifteenth of a
cached dashboard's work. The answer changes only when the files are collected again, so it is kept per
process, and forgotten when this process collects them."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        key = (name, settings.DEBUG)  # with DEBUG on, Django gives the unhashed name
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = super().url(name)  # a name not in the manifest raises, and is not kept
        return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
