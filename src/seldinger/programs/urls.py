from seldinger.programs import views

app_name = "programs"
urlpatterns = views.routes.urlpatterns
