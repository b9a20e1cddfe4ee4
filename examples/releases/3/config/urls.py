from django.urls import path

from shop import views

urlpatterns = [
    path('', views.index, name='index'),
    path('health/', views.health, name='health'),
]

# Release 3: the shop's own 500 page (JSON naming the release and machine that failed, as its other pages do).
handler500 = 'shop.views.server_error'
