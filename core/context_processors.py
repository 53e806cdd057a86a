from django.conf import settings


def service(request):
    return {"service_name": settings.SERVICE_NAME, "unread_count": lambda: _unread(request)}


def _unread(request):
    """Counted only when a page shows it (the template calls this lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    from core import personal
    from core.models import Notification

    return personal.cached(
        user, "unread", lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
    )
