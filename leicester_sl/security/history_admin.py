"""The admin's history pages, where looking is not the same as changing.

django-simple-history's history form view (``<object>/history/<version>/``)
lets anyone who may *view* an object load an old version and POST it back:
the revert saves it, whatever the user's permissions
(``SIMPLE_HISTORY_REVERT_DISABLED`` only hides the button). Here a POST
needs change permission for that object, and a model admin can refuse
reverts altogether (``history_revert_allowed = False``), as offers do: their
status changes only through transitions.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    history_revert_allowed = True

    def history_view_title(self, request, obj):
        # The service's words, not "Change history: …" or "View history: …".
        return f"Changes to {obj}"

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return f"{obj} as it was"
        return f"Go back to this version of {obj}"

    def history_revert_permitted(self, request, obj) -> bool:
        return self.history_revert_allowed and self.has_change_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        return not self.history_revert_permitted(request, obj) or super().revert_disabled(
            request, obj
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            obj = self.get_object(request, object_id)
            if obj is None or not self.history_revert_permitted(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
