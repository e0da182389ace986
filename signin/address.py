"""The client's address, as the portal can know it behind the office's HTTPS proxy.

Every request reaches gunicorn from the proxy, so ``REMOTE_ADDR`` is the proxy's address for everyone.
The proxy appends the address it saw to ``X-Forwarded-For``; anything to the left of that entry was
sent by the client and may be forged. With ``TRUSTED_PROXY_COUNT`` proxies in front (default 0: none,
use the connection's address), the client is the entry the outermost trusted proxy appended: the
``TRUSTED_PROXY_COUNT``-th from the right. Login lockouts and throttling key on this address.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request) -> str:
    """The address of the client that made ``request`` (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote  # did not pass through every trusted proxy: the connection is all we know
    candidate = forwarded[-count]
    return candidate if _valid(candidate) else remote
