from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from eoi.roles import ADMINISTRATORS, COMMISSIONERS, PLACEMENT_TEAM, roles_sync

# Demo logins for the embedded run only (listed in README.md).
DEMO_ACCOUNTS = [
    ("admin", "Ada", "Admin", ADMINISTRATORS, True),
    ("commissioner", "Chris", "Commissioner", COMMISSIONERS, False),
    ("placement", "Pat", "Placement", PLACEMENT_TEAM, False),
]
DEMO_PASSWORD = "leicester-demo-2026"


class Command(BaseCommand):
    help = "Create the staff roles and the demo staff accounts (embedded run only)."

    def handle(self, *args, **options):
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo accounts are turned off in these settings.")
        groups = roles_sync()
        User = get_user_model()
        for username, first, last, role, superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.invalid",
                    "is_staff": True,
                    "is_superuser": superuser,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(groups[role])
            self.stdout.write(f"{username} ({role}): {'created' if created else 'exists'}")
