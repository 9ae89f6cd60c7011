"""What the admin tests share: a factory for every model (FACTORIES, existing_object), the versioned
models with a change page of their own (VERSIONED), and the data a browser would post from a rendered
admin form (post_data)."""

import importlib
from html.parser import HTMLParser

from django.apps import apps
from django.contrib import admin
from factory.django import DjangoModelFactory

from trygg.concurrency import VersionedModel

OWN_APPS = ("trygg", "actors", "lagesbild", "cycles")
FACTORY_MODULES = [
    "tests.trygg.factories",
    "tests.actors.factories",
    "tests.lagesbild.factories",
    "tests.cycles.factories",
]
# Shown read-only in the admin (partners' lägesrapporter are approved, never edited, there).
READ_ONLY_IN_ADMIN = {"cycles.MeasureUpdate"}


# Reference data that the migrations create: edited in the admin, never made by a factory.
SEEDED = {
    "cycles.Step": lambda model: model.objects.order_by("number").first(),
    "cycles.ChecklistTemplateItem": lambda model: model.objects.first(),
}


def model_factories() -> dict:
    """Every model's first factory in the factories modules of the apps."""
    found = {}
    for name in FACTORY_MODULES:
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, type) and issubclass(value, DjangoModelFactory) and value._meta.model:
                found.setdefault(value._meta.model, value)
    return found


def existing_object(model):
    """An object of a model in the admin: the singleton, a seeded row or a new one from its factory."""
    if hasattr(model, "load"):
        return model.load()
    if model._meta.label in SEEDED:
        return SEEDED[model._meta.label](model)
    return FACTORIES[model]()


FACTORIES = model_factories()
# Every versioned model of the project that has its own page in the admin.
VERSIONED = sorted(
    (
        model
        for model in apps.get_models()
        if model._meta.app_label in OWN_APPS
        and issubclass(model, VersionedModel)
        and admin.site.is_registered(model)
        and model._meta.label not in READ_ONLY_IN_ADMIN
    ),
    key=lambda m: m._meta.label,
)


class FormData(HTMLParser):
    """What a browser would post from the page's main form, as it was rendered."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data, self.select, self.textarea = form_id, False, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "checkbox", "radio"):
            self.data.append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.data.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.data.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.data.append(tuple(self.textarea))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data.removeprefix("\n")


def post_data(html: str, form_id: str) -> dict:
    parser = FormData(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data
