from seldinger.home import views

app_name = "home"
urlpatterns = views.routes.urlpatterns
