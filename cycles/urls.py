from django.urls import path

from .views import public

urlpatterns = [
    path("", public.Home.as_view(), name="home"),
]
