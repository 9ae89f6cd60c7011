"""The handbook's five steps (Samverkan i lokalt brottsförebyggande arbete, Brå, Polisen, SKR 2020)."""

from django.db import migrations

STEPS = [
    (1, "Initiera och ingå samverkan",
     "Kommunen och polisen skapar en gemensam organisation och förutsättningar för samverkan. Parterna utser "
     "samordnare som leder arbetet och gör en inventering av sina egna resurser och kompetenser. Besluten kan "
     "skrivas ner i en första samverkansöverenskommelse."),
    (2, "Egna förberedelser",
     "Kommunen tar fram sin egen bild av brottsligheten och otryggheten i kommunen, en lägesbild. Kommunen "
     "fortsätter också att se över vilka pengar, vilken organisation och vilken personal som finns för arbetet."),
    (3, "Gemensamma förberedelser",
     "Kommunens och polisens lägesbilder läggs ihop. Tillsammans analyserar parterna problemen och deras "
     "orsaker. De kommer överens om vilka områden arbetet ska inriktas på och skriver det i en "
     "samverkansöverenskommelse."),
    (4, "Genomförande",
     "Parterna formulerar konkreta mål och tar fram en åtgärdsplan: vilka åtgärder som ska göras, hur, av vem "
     "och när. Arbetet dokumenteras så att det går att följa upp."),
    (5, "Uppföljning och återkoppling",
     "Parterna granskar löpande hur arbetet har genomförts och vilken effekt det har haft, och återkopplar "
     "till kommunstyrelsen och till invånarna. Sedan börjar kretsloppet om."),
]


def load(apps, schema_editor):
    Step = apps.get_model("cycles", "Step")
    for number, name, description in STEPS:
        Step.objects.update_or_create(number=number, defaults={"name": name, "description": description})


def unload(apps, schema_editor):
    apps.get_model("cycles", "Step").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cycles", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
