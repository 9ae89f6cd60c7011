app_name = "lagesbild"

urlpatterns: list = []
