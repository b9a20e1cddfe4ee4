"""A minimal Django site for the Local machine provider's tests: it answers / with the text of release.txt (read
from the directory it is served from, so each machine shows its own snapshot) and keeps one model, so migrate has
work to do. The SQLite file comes from BLUEGREEN_TEST_DATABASE: every machine of a test shares it."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = 'bluegreen-local-provider-tests-only'
DEBUG = False
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
INSTALLED_APPS = ['pages']
MIDDLEWARE = []
ROOT_URLCONF = 'localweb.urls'
WSGI_APPLICATION = 'localweb.wsgi.application'
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': os.environ['BLUEGREEN_TEST_DATABASE'],
    },
}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
USE_TZ = True
