"""The header's unread count. Lazy: computed only when a page shows the header's inbox link."""

from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
