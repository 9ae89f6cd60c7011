"""The medborgarlöfte 2025 with its four lines, followed up."""

import datetime

from django.utils import timezone

from actors.models import Actor
from trygg.visibility import Visibility

from ..models import (
    CitizenPromise,
    PromiseLine,
    PromiseParty,
    PromiseStatus,
)
from ..services import promise as promise_services

D = datetime.date


PROMISE_TITLE = "Medborgarlöfte 2025: Tryggare kvällar i Tingsryds centrum"

PROMISE_LINES = [
    (
        PromiseParty.POLICE,
        None,
        "Polisen är synlig i Tingsryds centrum minst två kvällar i veckan, fredag och lördag.",
        "Polisen var på plats 84 av 104 planerade kvällar. Flest besök vid busstationen och torget.",
    ),
    (
        PromiseParty.MUNICIPALITY,
        None,
        "Kommunen förbättrar belysningen vid busstationen och gångvägen till Folkets park.",
        "Ny belysning är uppsatt vid busstationen och torget. Gångvägen får ny belysning våren 2026.",
    ),
    (
        PromiseParty.JOINT,
        None,
        "Polisen och kommunen bjuder in till två trygghetsvandringar i centrum under året.",
        "Trygghetsvandringar hölls i maj och september med sammanlagt 42 deltagare. Synpunkterna tas med i "
        "nästa lägesbild.",
    ),
    (
        PromiseParty.OTHER,
        "Tingsryds IF",
        "Tingsryds IF håller klubbstugan öppen för unga fredagskvällar med vuxna på plats.",
        "Klubbstugan har varit öppen varje fredag sedan september, med omkring 30 unga per kväll.",
    ),
]


def load_promise() -> CitizenPromise:
    promise = CitizenPromise.objects.filter(year=2025, title=PROMISE_TITLE).first()
    if promise is not None:
        return promise
    promise = CitizenPromise(
        year=2025,
        title=PROMISE_TITLE,
        areas="Tingsryd",
        background=(
            "I medborgardialogerna 2024 sa många att de känner sig otrygga i centrum på kvällen, särskilt "
            "vid busstationen. Därför lovar polisen och kommunen detta för 2025."
        ),
        signatories="Stina Styrelse, kommunstyrelsens ordförande\nLena Lokalpolis, lokalpolisområdeschef",
        signed_on=D(2025, 2, 20),
        visibility=Visibility.PUBLIC,
    )
    promise.full_clean()
    promise.save()
    follow_up_on = D(2025, 12, 15) if D(2025, 12, 15) <= timezone.localdate() else None
    for order, (party, actor_name, text, follow_up) in enumerate(PROMISE_LINES, start=1):
        line = PromiseLine(
            promise=promise,
            party=party,
            actor=Actor.objects.filter(name=actor_name).first() if actor_name else None,
            text=text,
            order=order,
            follow_up=follow_up,
            follow_up_on=follow_up_on,
        )
        if line.party == PromiseParty.OTHER and line.actor is None:
            line.party = PromiseParty.JOINT  # the actors demo did not run
        line.full_clean()
        line.save()
    for status in (PromiseStatus.SIGNED, PromiseStatus.PUBLISHED, PromiseStatus.FOLLOWED_UP):
        promise_services.change_promise_status(promise=promise, to=status)
    return promise
