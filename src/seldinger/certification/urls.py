from seldinger.certification import views

app_name = "certification"
urlpatterns = views.routes.urlpatterns
