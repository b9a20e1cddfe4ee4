"""The settings plus django-maintenance-mode (Debian's python3-django-maintenance-mode), for the deployment tests'
Django maintenance mode: select with DJANGO_SETTINGS_MODULE=project.settings_maintenance. Its local-file state lives
in BLUEGREEN_TEST_MAINTENANCE_FILE (one file for all fake machines of a test, which share this host)."""
import os

from .settings import *  # noqa: F401,F403
from .settings import INSTALLED_APPS

INSTALLED_APPS = INSTALLED_APPS + ['maintenance_mode']
MAINTENANCE_MODE_STATE_FILE_PATH = os.environ['BLUEGREEN_TEST_MAINTENANCE_FILE']
