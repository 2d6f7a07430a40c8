from seldinger.scheduling import views

app_name = "scheduling"
urlpatterns = views.routes.urlpatterns
