from django.apps import AppConfig


class LagesbildConfig(AppConfig):
    name = "lagesbild"
    verbose_name = "Lägesbild"
