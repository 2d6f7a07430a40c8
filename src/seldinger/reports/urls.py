from seldinger.reports.views import routes

app_name = "reports"
urlpatterns = routes.urlpatterns
