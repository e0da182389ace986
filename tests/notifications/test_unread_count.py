"""The header's unread count follows the inbox at once: a new notice, an opened one, "mark all read" and a
deleted notice each change it on the next page, although pages read it from the shared cache."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.selectors import unread_count
from notifications.services import notification_open, notification_send, notifications_read_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["shared cache", "each worker's own memory"])
def cache_kind(request, settings):
    """Both ways: kept in a shared cache (Redis), or counted on each page (a worker's own memory)."""
    settings.SHARED_CACHE = request.param == "shared cache"
    return request.param


def send(user, n=1):
    return [
        notification_send(recipients=[user], kind="report_approved", message=lambda: ("主题", "正文"))[0]
        for _ in range(n)
    ]


def badge(client):
    page = client.get(reverse("notifications:inbox")).content.decode()
    if '<span class="badge"' not in page:
        return 0
    return int(page.split('<span class="badge"', 1)[1].split(">", 1)[1].split("<", 1)[0])


def test_a_shared_cache_asks_the_database_once_until_the_inbox_changes(
    liangyuan_officer, django_assert_num_queries, cache_kind
):
    send(liangyuan_officer, 2)
    with django_assert_num_queries(1):
        assert unread_count(liangyuan_officer) == 2
    with django_assert_num_queries(0 if cache_kind == "shared cache" else 1):
        assert unread_count(liangyuan_officer) == 2


def test_every_change_of_the_inbox_shows_on_the_next_page(client, liangyuan_officer, suiyang_officer):
    client.force_login(liangyuan_officer)
    assert badge(client) == 0

    first, second, third = send(liangyuan_officer, 3)
    send(suiyang_officer)  # another user's notice is not counted
    assert badge(client) == 3

    notification_open(user=liangyuan_officer, notification_id=first.pk)
    assert badge(client) == 2

    Notification.objects.get(pk=second.pk).delete()
    assert badge(client) == 1

    send(liangyuan_officer)
    assert badge(client) == 2
    notifications_read_all(user=liangyuan_officer)
    assert badge(client) == 0
    assert unread_count(suiyang_officer) == 1
