"""Demo statistics for Tingsryd: ten years (2015–2024) of two Kolada KPIs for the municipality, Kronobergs
län and Riket, one year of Brå's file (and Brå's preliminary 2025 figures uploaded, waiting for the
coordinator to confirm them), and the police's trygghetsmätning for 2022–2024 per area, for women and
men too.

Made-up but realistic figures. Everything goes through the importers, like real data; importing again
changes nothing (the importers are idempotent).
"""

from pathlib import Path

from django.contrib.auth import get_user_model

from trygg.demo import upsert

from ..models import BetterDirection, ImportStatus, Indicator, IndicatorSource, ReportKind, SituationReport
from ..services.statistics import (
    Kind,
    import_bra_file,
    import_kolada_document,
    import_survey_file,
    preview_upload,
)

DEMO_DATA = Path(__file__).resolve().parent.parent / "data" / "demo"
YEARS = list(range(2015, 2025))

# KPI, name, description; per area code ten values 2015..2024 (None = not published that year).
KOLADA = [
    (
        "N07403",
        "Anmälda våldsbrott per 100 000 invånare",
        "Anmälda brott om våld mot person (misshandel, hot, rån och sexualbrott) per 100 000 invånare.",
        {
            "0763": [1012.4, 1088.0, 1154.7, 1121.3, 1209.8, 1186.2, 1140.5, 1231.9, 1190.4, 1130.9],
            "0007": [1288.1, 1322.6, 1391.4, 1402.8, 1455.0, 1431.7, 1398.2, 1446.9, 1420.0, 1387.5],
            "0000": [1205.3, 1251.8, 1287.4, 1302.1, 1336.5, 1310.9, 1276.4, 1322.8, 1310.2, 1289.6],
        },
    ),
    (
        "N07540",
        "Anmälda brott totalt per 100 000 invånare",
        "Alla brott som anmälts till polisen under året per 100 000 invånare.",
        {
            "0763": [7311.0, 7602.4, 7450.8, 7288.1, 7705.3, 7519.6, 7198.2, None, 7874.0, 8041.6],
            "0007": [10120.4, 10311.7, 10055.3, 9872.9, 10010.2, 9750.8, 9388.6, 9501.4, 9702.3, 9612.4],
            "0000": [
                15008.2,
                15303.6,
                15074.1,
                14870.4,
                15201.9,
                14720.5,
                14251.3,
                14183.7,
                14012.6,
                13879.2,
            ],
        },
    ),
]


def kolada_document(kpi: str, series: dict) -> dict:
    """The figures in Kolada v3's response format, so that the demo uses the real importer."""
    return {
        "values": [
            {
                "kpi": kpi,
                "municipality": code,
                "period": year,
                "values": [
                    {"gender": "T", "count": 1, "status": "" if v is not None else "Saknas", "value": v}
                ],
            }
            for code, values in series.items()
            for year, v in zip(YEARS, values, strict=True)
        ]
    }


def _check(run) -> None:
    if run.status != ImportStatus.OK:
        raise RuntimeError(f"Demo import failed: {run.errors}")


def _imported(indicator: Indicator, file_name: str) -> bool:
    """Loaded before: the importers would change nothing, so do not log another run."""
    return indicator.import_runs.filter(file_name=file_name, status=ImportStatus.OK).exists()


def load(*, stdout) -> None:
    joint = SituationReport.objects.filter(kind=ReportKind.JOINT).order_by("-period_end").first()
    for order, (kpi, name, description, series) in enumerate(KOLADA, start=1):
        indicator = upsert(
            Indicator,
            {"source": IndicatorSource.KOLADA, "external_id": kpi},
            name=name,
            description=description,
            unit="per 100 000 invånare",
            better=BetterDirection.LOWER,
            attribution="Källa: Kolada",
            public=True,
            order=order,
        )
        file_name = f"demo-kolada-{kpi}.json"
        if not _imported(indicator, file_name):
            document = kolada_document(kpi, series)
            _check(import_kolada_document(indicator=indicator, data=document, file_name=file_name))
        if joint is not None:
            indicator.reports.add(joint)
    bra = upsert(
        Indicator,
        {"source": IndicatorSource.BRA, "external_id": "anmalda-brott-kommun"},
        name="Anmälda brott per 100 000 invånare enligt Brå",
        description="Brås officiella kriminalstatistik: anmälda brott per kommun och år.",
        unit="per 100 000 invånare",
        better=BetterDirection.LOWER,
        attribution="Källa: Brå",
        public=True,
        order=3,
    )
    path = DEMO_DATA / "bra_anmalda_brott_2024.csv"
    if not _imported(bra, path.name):
        _check(import_bra_file(indicator=bra, data=path.read_bytes(), year=2024, file_name=path.name))
    # Brå's preliminary figures for 2025, uploaded by the coordinator and waiting for her to check them.
    path = DEMO_DATA / "bra_anmalda_brott_2025_prel.csv"
    if not bra.import_runs.filter(file_name=path.name).exists():
        run, _preview = preview_upload(
            indicator=bra,
            kind=Kind.BRA,
            data=path.read_bytes(),
            year=2025,
            file_name=path.name,
            user=get_user_model().objects.filter(username="samordnare").first(),
        )
        if run.status != ImportStatus.PREVIEW:
            raise RuntimeError(f"Demo preview failed: {run.errors}")
    survey = upsert(
        Indicator,
        {"source": IndicatorSource.SURVEY, "external_id": "trygg-kvall"},
        name="Andel som känner sig trygga ute sent en kväll i sitt område",
        description="Polisens trygghetsmätning: andel av de svarande (procent) som känner sig trygga.",
        unit="procent",
        better=BetterDirection.HIGHER,
        attribution="Källa: Polisens trygghetsmätning",
        public=True,
        order=4,
    )
    path = DEMO_DATA / "trygghetsmatning_2022-2024_kon.csv"
    if not _imported(survey, path.name):
        _check(import_survey_file(indicator=survey, data=path.read_bytes(), file_name=path.name))
    stdout.write(f"Statistik: {Indicator.objects.count()} indikatorer, {survey.values.count()} mätvärden")
