from django.db import connection
from django.db.models import Count, Sum
from django.http import HttpResponse, JsonResponse

from .models import Product
from .release import describe


def index(request):
    """The shop's front page: names the release and color answering, and reads the shared database (release 2 also
    reads the stock column its migration added; NULL, a product not counted yet, counts as none in stock)."""
    who = describe()
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
