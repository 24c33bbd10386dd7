from django.conf import settings

from .navigation import navigation_items


def portal(request):
    """The service's names and the team inbox, for every template."""
    return {
        "service_name": settings.PORTAL["SERVICE_NAME"],
        "council_name": settings.PORTAL["COUNCIL_NAME"],
        "team_inbox": settings.TEAM_INBOX_EMAIL,
    }


def navigation(request):
    """The header's navigation entries (leicester_sl.navigation)."""
    return {"navigation": navigation_items(request.path)}
