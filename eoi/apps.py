from django.apps import AppConfig


class EoiConfig(AppConfig):
    name = "eoi"
    verbose_name = "Offers from providers"
