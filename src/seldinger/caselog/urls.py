"""The case log's URLs: each views module declares its own pages."""

from seldinger.caselog import views, views_progress, views_transfer

app_name = "caselog"
urlpatterns = [
    *views.routes.urlpatterns,
    *views_transfer.routes.urlpatterns,
    *views_progress.routes.urlpatterns,
]
