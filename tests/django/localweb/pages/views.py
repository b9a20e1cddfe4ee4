import os

from django.conf import settings
from django.http import HttpResponse


def release(request):
    """The text of release.txt in the served directory, the machine's name and its pid."""
    text = (settings.BASE_DIR / 'release.txt').read_text().strip()
    return HttpResponse(f"release={text} machine={os.environ.get('BLUEGREEN_MACHINE', '')} pid={os.getpid()}\n", content_type='text/plain')


def health(request):
    return HttpResponse('ok\n', content_type='text/plain')
