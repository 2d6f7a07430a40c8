from seldinger.pathways import views

app_name = "pathways"
urlpatterns = views.routes.urlpatterns
