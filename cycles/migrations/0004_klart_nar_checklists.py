"""The handbook's "klart när" lists (DOMAIN.md §2), one template item per clause, for every new cycle."""

from django.db import migrations

CHECKLISTS = {
    1: [
        "Polisledning och kommunstyrelse har gemensamt beslutat om samverkan",
        "Förutsättningar, ansvar, roller och mandat är klarlagda",
        "En gemensam organisation med namngivna ansvariga finns",
        "Kommunikationsansvarig är utsedd",
        "En kommunikationsplan är påbörjad",
    ],
    2: [
        "Egen lägesbild är klar",
        "Medarbetardialoger är genomförda",
        "Respektive ledning har tagit del av materialet",
    ],
    3: [
        "Lägesbilderna är sammanförda",
        "Problemen är prioriterade",
        "Kunskapen är fördjupad med medborgardialoger",
        "Orsaksanalys finns för varje prioriterat problem",
        "Samverkansöverenskommelsen är undertecknad",
    ],
    4: [
        "Mål är formulerade",
        "Åtgärder som påverkar orsakerna är valda",
        "Åtgärdsplaner är upprättade och antagna av styrgruppen",
        "Medborgarlöften är tagna, undertecknade och kommunicerade",
        "Uppföljningen är planerad",
        "Planerade åtgärder är genomförda och dokumenterade",
    ],
    5: [
        "Effekten på problemen är undersökt",
        "Parternas åtaganden är bedömda",
        "Arbetsprocessen är utvärderad",
        "Styrgruppen har fått rapport",
        "Resultatet av medborgarlöftena är återrapporterat till medborgarna",
    ],
}


def load(apps, schema_editor):
    Step = apps.get_model("cycles", "Step")
    Item = apps.get_model("cycles", "ChecklistTemplateItem")
    for number, texts in CHECKLISTS.items():
        step = Step.objects.get(number=number)
        for order, text in enumerate(texts, start=1):
            Item.objects.update_or_create(step=step, order=order, defaults={"text": text})


def unload(apps, schema_editor):
    apps.get_model("cycles", "ChecklistTemplateItem").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cycles", "0003_cycles_checklists_agreements_promises")]
    operations = [migrations.RunPython(load, unload)]
