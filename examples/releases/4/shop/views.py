from django.db import connection
from django.db.models import Count, Sum
from django.http import HttpResponse, JsonResponse

from .models import Product
from .release import describe


def index(request):
    """The shop's front page: release 3's bug fixed, and the shipping weight release 4's migration added."""
    who = describe()
    stock = Product.objects.aggregate(units=Sum('in_stock'), counted=Count('in_stock'), grams=Sum('weight_grams'))
    body = {**who, 'products': Product.objects.count(), 'in_stock': stock['units'] or 0, 'stock_counted': stock['counted'],
            'weight_grams': stock['grams'] or 0}
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
    """The 500 page release 3 added (config.urls.handler500): JSON naming the release and machine that failed."""
    who = describe()
    response = JsonResponse({**who, 'error': 'server error'}, status=500)
    response['X-Shop-Release'] = who['release']
    response['X-Shop-Machine'] = who['machine']
    return response
