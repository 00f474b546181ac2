"""``twoway <command>`` runs a management command, like ``manage.py <command>``."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    # Django is imported once the settings module is named.
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["twoway", *sys.argv[1:]])


if __name__ == "__main__":
    main()
