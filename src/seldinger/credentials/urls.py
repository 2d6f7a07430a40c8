from seldinger.credentials import views

app_name = "credentials"
urlpatterns = views.routes.urlpatterns
