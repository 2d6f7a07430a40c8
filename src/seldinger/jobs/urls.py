from seldinger.jobs import views

app_name = "jobs"
urlpatterns = views.routes.urlpatterns
