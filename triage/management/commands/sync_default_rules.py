from typing import Any

from django.core.management.base import BaseCommand

from triage.models import sync_default_pack


class Command(BaseCommand):
    help = "Bring the rule store's default-pack rules in line with triage/default_rules.toml; staff edits are kept."

    def handle(self, *args: Any, **options: Any) -> None:
        report = sync_default_pack()
        self.stdout.write(
            f"Default pack synced: {report.added} added, {report.updated} updated, {report.removed} removed, "
            f"{report.kept_staff_edits} edited by staff and kept."
        )
