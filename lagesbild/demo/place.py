"""Demo areas and places in Tingsryds kommun: six tätorter and a dozen places, with coordinates
where known."""

from decimal import Decimal

from trygg.demo import upsert

from ..models import Area, AreaKind, Place, PlaceKind

AREAS = [
    # name, slug, kind, latitude, longitude
    ("Tingsryd", "tingsryd", AreaKind.TOWN, "56.52450", "14.97800"),
    ("Ryd", "ryd", AreaKind.TOWN, "56.46620", "14.69270"),
    ("Urshult", "urshult", AreaKind.TOWN, "56.53190", "14.80350"),
    ("Konga", "konga", AreaKind.TOWN, "56.49300", "15.11800"),
    ("Linneryd", "linneryd", AreaKind.TOWN, "56.65900", "15.11900"),
    ("Väckelsång", "vackelsang", AreaKind.TOWN, "56.62900", "14.92300"),
]

PLACES = [
    # area, name, slug, kind, latitude, longitude, description
    (
        "Tingsryd",
        "Torget i Tingsryd",
        "torget-tingsryd",
        PlaceKind.SQUARE,
        "56.52420",
        "14.97730",
        "Centralt torg med butiker, bänkar och busshållplats. Samlingsplats kvällstid.",
    ),
    (
        "Tingsryd",
        "Folkets park",
        "folkets-park-tingsryd",
        PlaceKind.PARK,
        "56.52760",
        "14.98260",
        "Park med gångvägar mellan centrum och bostadsområdena norrut.",
    ),
    (
        "Tingsryd",
        "Storgatan",
        "storgatan-tingsryd",
        PlaceKind.STREET,
        None,
        None,
        "Huvudgatan genom centrum.",
    ),
    (
        "Tingsryd",
        "Busstationen i Tingsryd",
        "busstationen-tingsryd",
        PlaceKind.STATION,
        "56.52330",
        "14.97520",
        "Regionbussarnas hållplats och väntsal.",
    ),
    (
        "Tingsryd",
        "Väldaskolans skolgård",
        "valdaskolan-skolgard",
        PlaceKind.SCHOOL_YARD,
        None,
        None,
        "Skolgård som används som mötesplats efter skoltid och på helger.",
    ),
    (
        "Tingsryd",
        "Badplatsen vid Tiken",
        "badplatsen-tiken",
        PlaceKind.PARK,
        None,
        None,
        "Badplats och grönområde vid sjön Tiken.",
    ),
    (
        "Ryd",
        "Ryds centrum",
        "ryds-centrum",
        PlaceKind.CENTRE,
        "56.46600",
        "14.69200",
        "Butiker, bibliotek och torg.",
    ),
    ("Ryd", "Skolgården i Ryd", "skolgarden-ryd", PlaceKind.SCHOOL_YARD, None, None, ""),
    ("Urshult", "Urshults centrum", "urshults-centrum", PlaceKind.CENTRE, None, None, ""),
    ("Konga", "Hållplatsen i Konga", "hallplatsen-konga", PlaceKind.STATION, None, None, ""),
    ("Linneryd", "Linneryds torg", "linneryds-torg", PlaceKind.SQUARE, None, None, ""),
    (
        "Väckelsång",
        "Gång- och cykelvägen i Väckelsång",
        "gc-vagen-vackelsang",
        PlaceKind.STREET,
        None,
        None,
        "",
    ),
]


def load() -> tuple[dict[str, Area], dict[str, Place]]:
    """The areas by name and the places by slug."""
    areas = {}
    for name, slug, kind, lat, lon in AREAS:
        areas[name] = upsert(
            Area, {"slug": slug}, name=name, kind=kind, latitude=Decimal(lat), longitude=Decimal(lon)
        )
    places = {}
    for area, name, slug, kind, lat, lon, description in PLACES:
        places[slug] = upsert(
            Place,
            {"slug": slug},
            name=name,
            area=areas[area],
            kind=kind,
            latitude=Decimal(lat) if lat else None,
            longitude=Decimal(lon) if lon else None,
            description=description,
        )
    return areas, places
