"""``twoway <command>`` runs a management command, like ``manage.py <command>``."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["twoway", *sys.argv[1:]])


if __name__ == "__main__":
    main()
