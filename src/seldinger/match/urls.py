"""The match pages: practice rounds and match odds, each module declaring its own pages."""

from seldinger.match import views_odds, views_rounds

app_name = "match"
urlpatterns = [*views_rounds.routes.urlpatterns, *views_odds.routes.urlpatterns]
