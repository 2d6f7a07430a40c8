"""The match pages: practice rounds and match odds, each module listing its own patterns."""

from seldinger.match import views_odds, views_rounds

app_name = "match"
urlpatterns = [*views_rounds.urlpatterns, *views_odds.urlpatterns]
