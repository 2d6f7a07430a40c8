from django.urls import path

from seldinger.calendar_feed import views

app_name = "calendar_feed"
urlpatterns = [
    path("<slug:token>.ics", views.feed, name="feed"),
]
