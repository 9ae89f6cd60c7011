"""The samverkansöverenskommelse between Tingsryds kommun and Polisen LPO Nybro, signed and in force."""

import datetime

from actors.demo import find_decision
from actors.models import Actor
from trygg.visibility import Visibility

from ..models import (
    Agreement,
    AgreementStatus,
)
from ..services import agreement as agreement_services

D = datetime.date


AGREEMENT_TITLE = "Samverkansöverenskommelse mellan Tingsryds kommun och Polisen LPO Nybro 2025–2027"


def load_agreement() -> Agreement:
    agreement = Agreement.objects.filter(title=AGREEMENT_TITLE).first()
    if agreement is not None:
        return agreement
    agreement = Agreement(
        title=AGREEMENT_TITLE,
        purposes=(
            "Att minska brottsligheten och öka tryggheten i Tingsryds kommun genom ett gemensamt, "
            "kunskapsbaserat arbete.\nAtt parterna tar ett gemensamt ansvar för lägesbild, åtgärder och "
            "uppföljning."
        ),
        areas=("Trygghet i centrala Tingsryd kvällstid.\nUnga i riskzon.\nSkadegörelse och anlagda bränder."),
        focus_areas="Otrygghet vid busstationen och torget.\nSkadegörelse på skolor i Ryd och Urshult.",
        valid_from=D(2025, 5, 1),
        valid_to=D(2027, 6, 30),
        signatories="Stina Styrelse, kommunstyrelsens ordförande\nLena Lokalpolis, lokalpolisområdeschef",
        signed_on=D(2025, 4, 8),
        decision=find_decision("Kommunstyrelsen", D(2025, 4, 8), "KS § 61"),
        visibility=Visibility.PUBLIC,
    )
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(Actor.objects.filter(name__in=["Tingsryds kommun", "Polisen LPO Nybro"]))
    agreement_services.change_agreement_status(agreement=agreement, to=AgreementStatus.SIGNED)
    agreement_services.change_agreement_status(agreement=agreement, to=AgreementStatus.IN_FORCE)
    return agreement
