from seldinger.milestones import views

app_name = "milestones"
urlpatterns = views.routes.urlpatterns
