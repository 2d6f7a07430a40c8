"""The case log's URLs: each views module lists its own patterns."""

from seldinger.caselog import views, views_progress, views_transfer

app_name = "caselog"
urlpatterns = [*views.urlpatterns, *views_transfer.urlpatterns, *views_progress.urlpatterns]
