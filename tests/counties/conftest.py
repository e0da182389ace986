import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The cast's passwords are hashed in nearly every test here; a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
