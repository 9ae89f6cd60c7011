from django.contrib import admin

from .models import Step


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "updated_at"]
    ordering = ["number"]

    def has_add_permission(self, request):
        return False  # the five steps come from the handbook

    def has_delete_permission(self, request, obj=None):
        return False
