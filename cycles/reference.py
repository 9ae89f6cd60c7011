"""The handbook's five steps and their "klart när" lists (Samverkan i lokalt brottsförebyggande
arbete, Brå, Polisen and SKR, 2020), as reference data. See trygg/reference.py."""

STEPS = [
    (
        1,
        "Initiera och ingå samverkan",
        "Kommunen och polisen skapar en gemensam organisation och förutsättningar för samverkan. Parterna "
        "utser samordnare som leder arbetet och gör en inventering av sina egna resurser och kompetenser. "
        "Besluten kan skrivas ner i en första samverkansöverenskommelse.",
    ),
    (
        2,
        "Egna förberedelser",
        "Kommunen tar fram sin egen bild av brottsligheten och otryggheten i kommunen, en lägesbild. "
        "Kommunen fortsätter också att se över vilka pengar, vilken organisation och vilken personal som "
        "finns för arbetet.",
    ),
    (
        3,
        "Gemensamma förberedelser",
        "Kommunens och polisens lägesbilder läggs ihop. Tillsammans analyserar parterna problemen och deras "
        "orsaker. De kommer överens om vilka områden arbetet ska inriktas på och skriver det i en "
        "samverkansöverenskommelse.",
    ),
    (
        4,
        "Genomförande",
        "Parterna formulerar konkreta mål och tar fram en åtgärdsplan: vilka åtgärder som ska göras, hur, "
        "av vem och när. Arbetet dokumenteras så att det går att följa upp.",
    ),
    (
        5,
        "Uppföljning och återkoppling",
        "Parterna granskar löpande hur arbetet har genomförts och vilken effekt det har haft, och "
        "återkopplar till kommunstyrelsen och till invånarna. Sedan börjar kretsloppet om.",
    ),
]

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


def ensure_steps(apps) -> None:
    Step = apps.get_model("cycles", "Step")
    if Step.objects.count() == len(STEPS):
        return
    for number, name, description in STEPS:
        Step.objects.get_or_create(number=number, defaults={"name": name, "description": description})


def ensure_checklists(apps) -> None:
    Step = apps.get_model("cycles", "Step")
    Item = apps.get_model("cycles", "ChecklistTemplateItem")
    if Item.objects.exists():
        return  # coordinators may have edited the lists; only an empty table is filled
    for number, texts in CHECKLISTS.items():
        step = Step.objects.get(number=number)
        for order, text in enumerate(texts, start=1):
            Item.objects.create(step=step, order=order, text=text)


def ensure(apps) -> None:
    ensure_steps(apps)
    ensure_checklists(apps)
