"""Admin for residents who follow the work by e-mail: find an address, see what it follows, delete it.

Read-only: an address is added only by its owner (double opt-in) and changed by nobody. Deleting goes
through the same service as the unsubscribe link, so the address also leaves the subscription mail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trygg.admin import TabularInline

from ..models import Subscriber, Subscription
from ..services import subscription as subscription_services


class SubscriptionInline(TabularInline):
    model = Subscription
    fields = ["kind", "measure", "area", "place", "created_at", "confirmed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "last_digest_on", "followed"]
    search_fields = ["email"]
    fields = ["email", "created_at", "last_digest_on"]
    readonly_fields = fields
    inlines = [SubscriptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("subscriptions__measure", "subscriptions__area")

    @admin.display(description=_("följer"))
    def followed(self, subscriber) -> str:
        return ", ".join(s.describe() for s in subscriber.subscriptions.all())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        subscription_services.unsubscribe(token=obj.token)

    def delete_queryset(self, request, queryset):
        for subscriber in queryset:
            subscription_services.unsubscribe(token=subscriber.token)
