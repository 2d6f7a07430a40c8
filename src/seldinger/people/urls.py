from seldinger.people import views

app_name = "people"
urlpatterns = views.routes.urlpatterns
