import itertools

from django.db import connection
from django.db.models import Count, Sum
from django.http import HttpResponse, JsonResponse

from .models import Product
from .release import describe

# Release 3's bug: the front page fails on every fifth request each worker serves (20% of the front page's answers
# are 500s), while /health/ stays 200, so target health alone would let the release through. A canary judged by the
# load balancer's 5xx rate catches it.
_front_pages = itertools.count(1)


def index(request):
    """The shop's front page, as release 2 has it, but failing on one request in five."""
    who = describe()
    if next(_front_pages) % 5 == 0:
        raise RuntimeError('release 3: the featured-products lookup failed (a bug in this release)')
    stock = Product.objects.aggregate(units=Sum('in_stock'), counted=Count('in_stock'))
    body = {**who, 'products': Product.objects.count(), 'in_stock': stock['units'] or 0, 'stock_counted': stock['counted']}
    response = JsonResponse(body)
    response['X-Shop-Release'] = who['release']
    response['X-Shop-Machine'] = who['machine']
    return response


def health(request):
    """The load balancer's health check: the process answers and its database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute('SELECT 1')
    return HttpResponse('ok', content_type='text/plain')


def server_error(request):
    """The 500 page (config.urls.handler500): JSON naming the release and machine that failed, with the same headers
    as the front page, so a client can tell which release answered 500."""
    who = describe()
    response = JsonResponse({**who, 'error': 'server error'}, status=500)
    response['X-Shop-Release'] = who['release']
    response['X-Shop-Machine'] = who['machine']
    return response
