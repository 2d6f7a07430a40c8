from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seldinger.accounts"
    verbose_name = "Accounts and roles"
