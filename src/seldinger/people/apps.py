from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "seldinger.people"
    verbose_name = "People of a program: invitations, roster import, deactivation"
