from django.urls import URLPattern

app_name = "careers"
urlpatterns: list[URLPattern] = []
