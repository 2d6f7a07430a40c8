from django.urls import URLPattern

app_name = "scholarship"
urlpatterns: list[URLPattern] = []
