"""Certification pages: each views module lists its own patterns."""

from seldinger.certification import views, views_credentials

app_name = "certification"
urlpatterns = [*views.urlpatterns, *views_credentials.urlpatterns]
