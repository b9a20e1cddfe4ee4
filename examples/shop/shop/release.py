"""Who is answering: the release (the RELEASE file of the code this machine serves), the machine and its color."""
import os
from pathlib import Path

from django.conf import settings


def describe():
    release_file = Path(settings.BASE_DIR) / 'RELEASE'
    release = release_file.read_text().strip() if release_file.exists() else 'unknown'
    return {
        'release': os.environ.get('SHOP_RELEASE', release),
        'machine': os.environ.get('BLUEGREEN_MACHINE', os.uname().nodename),
        'color': os.environ.get('BLUEGREEN_COLOR', 'unknown'),
    }
