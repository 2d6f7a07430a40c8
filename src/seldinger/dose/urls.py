"""The dose app's URLs: the views module declares its pages."""

from seldinger.dose import views

app_name = "dose"
urlpatterns = [*views.routes.urlpatterns]
