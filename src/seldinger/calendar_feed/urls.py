from seldinger.calendar_feed import views

app_name = "calendar_feed"
urlpatterns = views.routes.urlpatterns
