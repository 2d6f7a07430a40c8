from seldinger.workhours import views

app_name = "workhours"
urlpatterns = views.routes.urlpatterns
