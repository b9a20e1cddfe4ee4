"""Settings of the migration compatibility corpus. SQLite in BLUEGREEN_TEST_DATABASE, or PostgreSQL when
BLUEGREEN_TEST_PG_NAME is set (with BLUEGREEN_TEST_PG_HOST, _PORT, _USER, _PASSWORD): the same migrations are
classified against both vendors."""
import os

SECRET_KEY = 'bluegreen-migration-tests-only'
DEBUG = False
ALLOWED_HOSTS = []
INSTALLED_APPS = ['corpus']
if os.environ.get('BLUEGREEN_TEST_PG_NAME'):
    DATABASES = {
        'default': {
            'ENGINE': 'django.db.backends.postgresql',
            'NAME': os.environ['BLUEGREEN_TEST_PG_NAME'],
            'HOST': os.environ.get('BLUEGREEN_TEST_PG_HOST', '127.0.0.1'),
            'PORT': os.environ.get('BLUEGREEN_TEST_PG_PORT', '5432'),
            'USER': os.environ.get('BLUEGREEN_TEST_PG_USER', ''),
            'PASSWORD': os.environ.get('BLUEGREEN_TEST_PG_PASSWORD', ''),
        },
    }
else:
    DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.environ['BLUEGREEN_TEST_DATABASE']}}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
USE_TZ = True
