#!/usr/bin/env python3
"""manage.py of the migration compatibility corpus (see tests/django/README.md)."""
import os
import sys

if __name__ == '__main__':
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'project.settings')
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
