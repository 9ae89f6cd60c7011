from django.utils.functional import SimpleLazyObject

from . import navigation
from .models import MunicipalitySettings


def site(request):
    """The municipality's identity and the menus, each computed only if a template uses it."""
    return {
        "site": SimpleLazyObject(lambda: MunicipalitySettings.for_request(request)),
        "public_nav": SimpleLazyObject(lambda: navigation.public_nav(request)),
        "workspace_nav": SimpleLazyObject(lambda: navigation.workspace_nav(request)),
    }
