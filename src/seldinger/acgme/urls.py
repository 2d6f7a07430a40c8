from seldinger.acgme import views

app_name = "acgme"
urlpatterns = views.routes.urlpatterns
