from seldinger.careers import views

app_name = "careers"
urlpatterns = views.routes.urlpatterns
