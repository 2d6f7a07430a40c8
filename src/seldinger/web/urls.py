from seldinger.web import views

app_name = "web"
urlpatterns = views.routes.urlpatterns
