from django.db import connection
from django.http import HttpResponse, JsonResponse

from .models import Product
from .release import describe


def index(request):
    """The shop's front page: names the release and color answering, and reads the shared database."""
    who = describe()
    body = {**who, 'products': Product.objects.count()}
    response = JsonResponse(body)
    response['X-Shop-Release'] = who['release']
    response['X-Shop-Machine'] = who['machine']
    return response


def health(request):
    """The load balancer's health check: the process answers and its database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute('SELECT 1')
    return HttpResponse('ok', content_type='text/plain')
