from seldinger.scholarship import views

app_name = "scholarship"
urlpatterns = views.routes.urlpatterns
