"""Settings of the BlueGreen example shop: a small cookiecutter-style Django project.

Everything that blue and green must share lives outside the code, in SHOP_DATA_DIR, as production keeps it outside
the containers: the database (one SQLite file here; in production the same DATABASE_URL for every machine, e.g. RDS)
and django-maintenance-mode's state, so maintenance switched on from one machine holds on every machine.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get('SHOP_DATA_DIR', BASE_DIR / 'data'))

SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'bluegreen-example-shop-not-a-secret')
DEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'
# cookiecutter-django's DJANGO_ALLOWED_HOSTS (comma-separated names); unset: any host, as the Local machines and the
# tests run it. The machine's own address (BLUEGREEN_MACHINE_ADDRESS, which BlueGreen's EC2 provider hands to compose)
# is always accepted: the load balancer's health check asks with Host: <address>:<port>.
ALLOWED_HOSTS = [h.strip() for h in os.environ.get('DJANGO_ALLOWED_HOSTS', '*').split(',') if h.strip()]
if os.environ.get('BLUEGREEN_MACHINE_ADDRESS') and '*' not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(os.environ['BLUEGREEN_MACHINE_ADDRESS'])

INSTALLED_APPS = [
    'maintenance_mode',
    'shop',
]
MIDDLEWARE = [
    'django.middleware.common.CommonMiddleware',
    'maintenance_mode.middleware.MaintenanceModeMiddleware',
]
ROOT_URLCONF = 'config.urls'
WSGI_APPLICATION = 'config.wsgi.application'
TEMPLATES = [
    {
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'DIRS': [BASE_DIR / 'templates'],
        'APP_DIRS': False,
        'OPTIONS': {'context_processors': []},
    },
]
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': os.environ.get('SHOP_DATABASE', str(DATA_DIR / 'shop.sqlite3')),
        # Two releases and several gunicorn workers share the file: wait for a lock instead of failing at once.
        'OPTIONS': {'timeout': 20},
    },
}
if os.environ.get('DATABASE_URL'):
    # In the containers (production.yml): the database every machine shares, e.g. PostgreSQL. Imported only here, so
    # the SQLite runs need nothing beyond Django.
    import dj_database_url

    DATABASES['default'] = dj_database_url.parse(os.environ['DATABASE_URL'])
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
USE_TZ = True

# django-maintenance-mode: one state file for every machine. The load balancer's health check stays answered during
# maintenance (a 503 there would take every target out of service and the load balancer would fail open).
MAINTENANCE_MODE_STATE_FILE_PATH = os.environ.get('SHOP_MAINTENANCE_FILE', str(DATA_DIR / 'maintenance_mode_state.txt'))
MAINTENANCE_MODE_IGNORE_URLS = (r'^/health/$',)
MAINTENANCE_MODE_TEMPLATE = '503.html'
MAINTENANCE_MODE_RETRY_AFTER = 5
