"""Settings of release1 of the BlueGreen migration test project. The SQLite file comes from BLUEGREEN_TEST_DATABASE so
that every test works on its own copy and all releases can share one database, as blue and green do in production."""
import os

SECRET_KEY = 'bluegreen-migration-tests-only'
DEBUG = False
ALLOWED_HOSTS = []
INSTALLED_APPS = ['catalog', 'inventory', 'notes']
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': os.environ['BLUEGREEN_TEST_DATABASE'],
    },
}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
USE_TZ = True
