"""Work-hour pages: each views module lists its own patterns."""

from seldinger.workhours import views

app_name = "workhours"
urlpatterns = views.urlpatterns
