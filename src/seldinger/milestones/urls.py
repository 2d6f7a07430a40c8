from django.urls import URLPattern

app_name = "milestones"
urlpatterns: list[URLPattern] = []
