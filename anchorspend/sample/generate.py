"""Deterministic generator of the bundled sample landing folder: Luton Borough Council, FY 2017/18.

The folder is calibrated *by construction* to the strategy's Spikes Cavell baseline for 2017/18
(about £238m of spend, 4,168 suppliers, 1,249 SMEs taking 51%, 269 LU suppliers taking 25%),
so that the KPI marts can be checked against it. Supplier names, amounts and flags are fictional;
postcodes are real live postcodes from the shipped NSPL extracts (so they carry coordinates and
IMD deciles), except for suppliers far from Luton, whose postcodes are real outward codes with a
made-up inward part.

Everything the pipeline should find (counts, shares, planted bad rows, duplicates) is written to
``MANIFEST.json`` next to the files, so tests of other components can compare against it.

Run: ``python -m pipelines.sample_data [OUT]`` (default: sample_data/landing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import shutil
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter
from rapidfuzz import fuzz, process

from anchorspend.pipelines.config import REFERENCE_DATA, SAMPLE_LANDING

# ---------------------------------------------------------------- calibration targets
N_SUPPLIERS = 4168          # distinct suppliers paid (excludes redacted payees)
N_SME = 1249
N_LOCAL = 269               # LU postcode area
N_UNMATCHED = 30            # ledger suppliers absent from the extract (the analyst's worklist)
TOTAL_PENCE = 238_112_947_63
# Share of total spend per cell (local x SME), plus unmatched and redacted payees.
SHARE = {
    ("local", True): 0.126,
    ("local", False): 0.124,
    ("nonlocal", True): 0.384,
    ("nonlocal", False): 0.344,
    "unmatched": 0.014,
    "redacted": 0.008,
}
CELL_COUNTS = {  # classified (extract) suppliers per cell
    ("local", True): 190,
    ("local", False): N_LOCAL - 190,
    ("nonlocal", True): N_SME - 190,
    ("nonlocal", False): N_SUPPLIERS - N_UNMATCHED - N_LOCAL - (N_SME - 190),
}
VCS_COUNTS = {("local", True): 35, ("local", False): 10, ("nonlocal", True): 185, ("nonlocal", False): 70}
VCS_SHARE_OF_CELL = 0.065
BODY = "Luton Borough Council"
REDACTED = "REDACTED - personal data"
MONTHS = [dt.date(2017, m, 1) for m in range(4, 13)] + [dt.date(2018, m, 1) for m in range(1, 4)]
MONTH_WEIGHTS = np.array([8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 11], dtype=float)
FIXED_CREATED = dt.datetime(2018, 4, 16, 9, 0, 0)
OWNED_DIRS = ("ledgers", "supplier_extracts", "companies_house")  # plus MANIFEST.json

# ---------------------------------------------------------------- vocabulary
# Proclass level 1 -> (level 2 options, trade words for names, service areas, expense types, purposes)
CATEGORIES: dict[str, tuple[list[str], list[str], list[str], list[str], list[str]]] = {
    "Social Community Care Supplies & Services": (
        ["Residential Care", "Domiciliary Care", "Supported Living", "Fostering Services", "Day Care"],
        ["Home Care", "Care Services", "Supported Living", "Care Homes", "Nursing Care", "Homecare",
         "Family Support", "Domiciliary Care", "Respite Care", "Fostering", "Care Partnership"],
        ["Adult Social Care", "Children's Services"],
        ["Residential Care Placements", "Home Care Packages", "Supported Living", "Independent Fostering Agencies",
         "Day Opportunities", "Respite Care"],
        ["Care package", "Placement fees", "Weekly care charges", "Respite provision", "Spot purchase care"],
    ),
    "Construction": (
        ["Building Construction", "Building Maintenance", "Civil Engineering", "Electrical Installation",
         "Heating & Ventilation"],
        ["Construction", "Building Services", "Builders", "Roofing", "Groundworks", "Scaffolding",
         "Electrical Contractors", "Plumbing & Heating", "Civil Engineering", "Joinery", "Glazing", "Decorators"],
        ["Housing", "Property Services", "Highways"],
        ["Responsive Repairs", "Planned Maintenance", "Capital Works", "Void Property Works", "Gas Servicing"],
        ["Repairs to council dwellings", "Kitchen replacement programme", "Roof renewal", "Void works",
         "Boiler replacement", "School expansion works"],
    ),
    "Street & Traffic Management": (
        ["Highway Maintenance", "Street Lighting", "Traffic Management", "Road Markings"],
        ["Highways", "Surfacing", "Traffic Management", "Street Lighting", "Road Markings", "Drainage",
         "Kerbing"],
        ["Highways", "Transport & Parking"],
        ["Highway Maintenance", "Street Lighting", "Winter Gritting", "Traffic Signals", "Road Resurfacing"],
        ["Carriageway resurfacing", "Pothole repairs", "Gully cleansing", "Gritting salt", "Lighting columns"],
    ),
    "Environmental Services": (
        ["Waste Collection", "Waste Disposal", "Grounds Maintenance", "Pest Control"],
        ["Waste Management", "Recycling", "Skip Hire", "Grounds Maintenance", "Tree Surgery", "Landscapes",
         "Pest Control", "Environmental"],
        ["Waste", "Parks & Open Spaces", "Environmental Health"],
        ["Waste Disposal", "Recycling Collection", "Grounds Maintenance", "Tree Works", "Pest Control"],
        ["Landfill gate fees", "Dry recycling processing", "Tree works", "Grass cutting", "Fly tipping clearance"],
    ),
    "Information Communication Technology": (
        ["Software", "Hardware", "Telecommunications", "IT Services"],
        ["IT Solutions", "Software", "Digital", "Data Systems", "Networks", "Technology", "Computing"],
        ["Corporate - ICT"],
        ["Software Licences", "IT Hardware", "Telephony", "IT Support"],
        ["Annual licence renewal", "Laptops", "Network support", "Mobile phone contract", "Hosting"],
    ),
    "Facilities & Management Services": (
        ["Cleaning", "Security", "Fire Safety", "Office Supplies"],
        ["Cleaning Services", "Facilities Management", "Security", "Fire Protection", "Lift Services",
         "Office Supplies", "Furniture", "Hygiene"],
        ["Corporate - Property", "Corporate Services"],
        ["Cleaning", "Security Services", "Office Equipment", "Fire Safety", "Furniture & Fittings"],
        ["Office cleaning", "Key holding and alarm response", "Stationery", "Fire alarm servicing", "Lift maintenance"],
    ),
    "Vehicle Management": (
        ["Passenger Transport", "Vehicle Hire", "Fuel"],
        ["Coaches", "Travel", "Taxis", "Minibus Hire", "Vehicle Hire", "Transport", "Couriers", "Cars"],
        ["Children's Services", "Adult Social Care", "Fleet Services"],
        ["Home to School Transport", "Passenger Transport", "Vehicle Hire", "Fuel"],
        ["SEN transport", "Day centre transport", "Van hire", "Fuel cards", "School route contract"],
    ),
    "Consultancy": (
        ["Management Consultancy", "Property Consultancy", "Engineering Consultancy"],
        ["Consulting", "Associates", "Partners", "Advisory", "Consultants", "Surveyors", "Planning"],
        ["Corporate Services", "Regeneration", "Planning"],
        ["Consultants Fees", "Professional Services", "Surveys & Valuations"],
        ["Feasibility study", "Valuation services", "Project management", "Transformation support"],
    ),
    "Human Resources": (
        ["Recruitment", "Training", "Occupational Health"],
        ["Recruitment", "Staffing", "Training", "Personnel", "Locums", "Resourcing"],
        ["Corporate - HR", "Adult Social Care", "Children's Services"],
        ["Agency Staff", "Training Courses", "Occupational Health"],
        ["Agency social worker", "Interim manager", "Training course", "Occupational health referrals"],
    ),
    "Education": (
        ["Early Years", "Alternative Provision", "School Improvement"],
        ["Education", "Tutoring", "Learning", "Nursery", "Day Nursery", "Tuition", "Pre-School"],
        ["Education", "Children's Services"],
        ["Nursery Education Funding", "Alternative Provision", "Tuition", "School Improvement"],
        ["Early years funding", "Alternative provision placement", "Home tuition", "Governor training"],
    ),
    "Catering": (
        ["Food", "Catering Services"],
        ["Catering", "Foods", "Kitchens", "Bakery", "Fresh Produce"],
        ["Education", "Corporate Services"],
        ["Catering Supplies", "Provisions", "Meals"],
        ["School meals provisions", "Hospitality", "Meals on wheels", "Fresh produce"],
    ),
    "Legal Services": (
        ["Legal Advice", "Counsel"],
        ["Solicitors", "Legal", "Chambers", "Law"],
        ["Corporate - Legal"],
        ["Legal Fees", "Counsel Fees", "Court Fees"],
        ["Counsel's fees", "Childcare proceedings", "Conveyancing", "Legal advice"],
    ),
    "Financial Services": (
        ["Audit", "Insurance", "Banking"],
        ["Accountants", "Finance", "Insurance Brokers", "Audit", "Actuaries"],
        ["Corporate - Finance"],
        ["Audit Fees", "Insurance Premiums", "Bank Charges"],
        ["External audit fee", "Insurance premium", "Actuarial services", "Card processing charges"],
    ),
    "Utilities": (
        ["Electricity", "Gas", "Water"],
        ["Energy", "Power", "Water Services", "Gas Supplies", "Utilities"],
        ["Corporate - Property"],
        ["Electricity", "Gas", "Water Charges"],
        ["Electricity supply", "Gas supply", "Water and sewerage"],
    ),
    "Arts & Leisure Services": (
        ["Events", "Printing", "Advertising", "Arts"],
        ["Events", "Arts", "Leisure", "Media", "Print", "Design", "Signs", "Productions"],
        ["Culture & Leisure", "Communications"],
        ["Events", "Printing", "Advertising", "Arts Grants"],
        ["Carnival staging", "Printing of leaflets", "Recruitment advertising", "Arts programme"],
    ),
}
CATEGORY_WEIGHTS = {
    "Social Community Care Supplies & Services": 16, "Construction": 12, "Street & Traffic Management": 5,
    "Environmental Services": 6, "Information Communication Technology": 7, "Facilities & Management Services": 9,
    "Vehicle Management": 7, "Consultancy": 7, "Human Resources": 6, "Education": 8, "Catering": 5,
    "Legal Services": 4, "Financial Services": 3, "Utilities": 2, "Arts & Leisure Services": 8,
}
VCS_CATEGORIES = ["Social Community Care Supplies & Services", "Education", "Arts & Leisure Services",
                  "Human Resources", "Catering"]

LOCAL_PLACES = ["Luton", "Dunstable", "Leagrave", "Stopsley", "Lewsey", "Marsh Farm", "Farley Hill", "Bury Park",
                "Wardown", "Limbury", "Round Green", "Sundon", "Houghton Regis", "Caddington", "Toddington",
                "Leighton", "Linslade", "Hatters", "Biscot", "Saints", "Icknield", "Barnfield", "Chaul End",
                "Wigmore", "Vauxhall Park", "Napier", "Lea Valley", "Chiltern Green", "Someries", "Putteridge"]
BEDS_PLACES = ["Bedford", "Kempston", "Ampthill", "Flitwick", "Shefford", "Biggleswade", "Arlesey", "Henlow",
               "Sandy", "Potton", "Barton", "Harlington", "Cranfield", "Greensand", "Ouse Valley", "Marston Vale"]
GENERIC_PLACES = [
    "Chiltern", "Pennine", "Thames", "Mercia", "Wessex", "Anglia", "Northern", "Midland", "Albion", "Meridian",
    "Phoenix", "Horizon", "Summit", "Apex", "Vanguard", "Sterling", "Crown", "Oakwood", "Cedar", "Willow", "Beacon",
    "Keystone", "Atlas", "Orion", "Pinnacle", "Premier", "Regal", "Unity", "Riverside", "Greenfield", "Fairway",
    "Kingfisher", "Heron", "Falcon", "Eagle", "Compass", "Harbour", "Landmark", "Crescent", "Evergreen",
    "Silverline", "Bluebell", "Ashdown", "Brookside", "Castle", "Abbey", "Priory", "Manor", "Orchard", "Meadow",
    "Hillside", "Lakeside", "Parkside", "Westfield", "Eastgate", "Northgate", "Southern", "Central", "Britannia",
    "Sovereign", "Trident", "Zenith", "Quantum", "Vertex", "Nova", "Optima", "Prime", "Elite", "Alpha", "Delta",
    "Sigma", "Omega", "Rainbow", "Sunrise", "Starlight", "Swift", "Arrow", "Bridge", "Gateway", "Pathway",
    "Milestone", "Cornerstone", "Heritage", "Legacy", "Pioneer", "Endeavour", "London", "Birmingham", "Manchester",
    "Leeds", "Bristol", "Nottingham", "Sheffield", "Mersey", "Tyne", "Solent", "Kennet", "Severn", "Trent",
    "Cotswold", "Downland", "Fenland", "Wolds", "Peak", "Dales", "Moorland", "Coastal", "Metro", "Capital",
    "Cityscape", "Urban", "Rural", "Oaktree", "Hawthorn", "Rowan", "Larch", "Aspen", "Juniper", "Holly",
    "Ivy", "Laurel", "Maple", "Elmwood", "Redwood", "Blackthorn", "Whitehall", "Greystone", "Bluewater",
    "Clearwater", "Brightwater", "Silverdale", "Goldcrest", "Kestrel", "Osprey", "Merlin", "Peregrine", "Curlew",
    "Lapwing", "Skylark", "Nightingale", "Wren", "Robin", "Magpie", "Raven", "Badger", "Otter", "Fox", "Stag",
    "Lion", "Unicorn", "Griffin", "Pegasus", "Titan", "Mosaic", "Spectrum", "Prism", "Vector", "Matrix",
    "Fusion", "Catalyst", "Momentum", "Velocity", "Infinity", "Evolve", "Inspire", "Ascend", "Elevate",
    "Connect", "Synergy", "Insight", "Clarity", "Integrity", "Assured", "Reliance", "Trusty", "Bespoke",
    "Quality", "Acorn", "Anchor", "Arden", "Avon", "Beaumont", "Belmont", "Berkeley", "Blenheim", "Bowden",
    "Bramley", "Brunel", "Cavendish", "Chandos", "Clarendon", "Cromwell", "Devonshire", "Dorchester",
    "Egerton", "Fairfax", "Grosvenor", "Hamilton", "Harcourt", "Kensington", "Lancaster", "Marlborough",
    "Mortimer", "Newton", "Pembroke", "Richmond", "Rutland", "Salisbury", "Somerset", "Stanhope", "Tudor",
    "Victoria", "Warwick", "Wellington", "Windsor", "York",
]
SURNAMES = [
    "Patel", "Khan", "Smith", "Ahmed", "Hussain", "Murphy", "O'Brien", "Walker", "Wright", "Taylor", "Jones",
    "Williams", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson",
    "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark",
    "Turner", "Hill", "Scott", "Cooper", "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Harrison",
    "Morgan", "Young", "Allen", "Mitchell", "Anderson", "Bell", "Kelly", "Begum", "Ali", "Shah", "Iqbal",
    "Malik", "Singh", "Kaur", "Sharma", "Mahmood", "Rahman", "Chowdhury", "Nowak", "Kowalski", "Novak",
    "Horvath", "Popescu", "Silva", "Santos", "Costa", "Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng",
    "Nguyen", "Chen", "Wong", "Lee", "Kim", "Doyle", "Byrne", "Gallagher", "Kennedy", "McCarthy", "Fitzgerald",
    "Barnes", "Fisher", "Fletcher", "Gibson", "Grant", "Hamilton", "Holmes", "Hunt", "Lloyd", "Marshall",
    "Mason", "Matthews", "Mills", "Palmer", "Pearson", "Porter", "Reid", "Richards", "Russell", "Saunders",
    "Shaw", "Simpson", "Stevens", "Stewart", "Sutton", "Webb", "Wells", "West", "Wheeler", "Whitehead",
    "Armstrong", "Atkinson", "Bailey", "Bennett", "Bradley", "Burton", "Chapman", "Cole", "Cox", "Dixon",
    "Ellis", "Foster", "Graham", "Gray", "Harvey", "Hayes", "Howard", "Hudson", "Jenkins", "Knight", "Lane",
    "Lawrence", "Lowe", "Moss", "Newman", "Owen", "Parker", "Payne", "Pearce", "Powell", "Price", "Rees",
]
INITIALS = list("ABCDGHJKLMNPRST")
ACCENTED = ["Café Bleu Catering", "Crèche Côté Nursery", "Pâtisserie Duval Bakery", "Señor Tapas Catering",
            "Renée Dubois Translation"]
VCS_CHARITY_TEMPLATES = ["{p} Carers Centre", "{p} Youth Project", "{p} Community Foundation", "Friends of {p} Park",
                         "{p} Foodbank", "{p} Age Well", "{p} Mental Health Trust", "{p} Women's Aid",
                         "{p} Citizens Advice", "{p} Befriending Scheme", "{p} Play Association",
                         "{p} Refugee Support", "{p} Autism Support Trust", "{p} Hospice Care",
                         "{p} Family Centre Trust", "{p} Disability Forum", "{p} Arts Trust",
                         "{p} Sports Foundation", "{p} Homeless Shelter", "{p} Deaf Centre"]
VCS_CIC_TRADES = ["Community Catering", "Community Transport", "Social Enterprise", "Youth Enterprise",
                  "Community Gardens", "Wellbeing", "Training Hub", "Reuse Centre", "Community Media",
                  "Community Cafe", "Sports Community", "Arts Collective"]
# Ledger payees missing from the extract: no legal-form words, nothing close to an extract name.
UNMATCHED_NAMES = [
    "Tamsin Hale Mediation", "Blue Kettle Marquees", "Yardley Gobion Organics", "Quill Calligraphy Studio",
    "Ravensworth Riding Stables", "Hobson Piano Tuning", "Nettlebed Forge", "Ferncliffe Minibuses",
    "Dovecote Interpreting", "Wickham Locksmiths", "Brightmoor Playgrounds", "Tollgate Tyres",
    "Marigold Montessori", "Zephyr Kites And Banners", "Grimshaw Taxidermy", "Pickering Bouncy Castles",
    "Oyelaran Hair Braiding", "Sackville Bookbinders", "Ptarmigan Survey Drones", "Lindqvist Saunas",
    "Heronsgate Beekeeping", "Mulberry Lane Florist", "Abernethy Bagpipes", "Quayside Chandlery",
    "Whitlock Clock Repairs", "Foxglove Herbalists", "Kilnworth Pottery", "Tregarthen Surf School",
    "Bellhanger Campanology", "Hedgerow Wildlife Removals",
]
assert len(UNMATCHED_NAMES) == N_UNMATCHED
PUBLIC_TEMPLATES = ["{p} Town Council", "{p} Parish Council", "{p} Primary Academy", "{p} Academy",
                    "{p} Infant School", "{p} High School", "{p} Health Centre"]

# Ground-truth SME evidence from Companies House accounts categories (second rule).
CH_SME_CATEGORIES = ["MICRO ENTITY", "SMALL", "TOTAL EXEMPTION FULL", "TOTAL EXEMPTION SMALL",
                     "UNAUDITED ABRIDGED"]
CH_LARGE_CATEGORIES = ["FULL", "GROUP"]

SME_YES = ["Y"] * 8 + ["Yes"] * 5 + ["y", "YES", "True", "1", "Y "]
SME_NO = ["N"] * 8 + ["No"] * 5 + ["n", "NO", "False", "0", " N"]
FLAG_UNKNOWN = ["", "", "", "-", "Various", "Unknown"]

# Outward codes far from Luton (GeoNames has them; inward parts are made up but well formed).
NATIONAL_OUTWARDS = [
    "EC1A", "EC2V", "EC3M", "EC4A", "WC1V", "WC2N", "W1T", "W1G", "SW1A", "SW1P", "SE1", "E14", "N1", "NW1",
    "B1", "B2", "B3", "B4", "B5", "M1", "M2", "M3", "M4", "LS1", "LS2", "LS11", "BS1", "BS2", "NG1", "NG2",
    "S1", "S2", "L1", "L3", "NE1", "RG1", "RG2", "OX1", "OX4", "CV1", "LE1", "SO14", "GU1", "DN1", "WF1",
    "BD1", "PR1", "CH1", "ST1", "WV1", "DE1", "NR1", "IP1", "CM1", "SS1", "ME1", "TN1", "BN1", "EX1", "PL1",
    "YO1", "HU1", "LN1", "SL1", "WD17", "HA1", "UB3", "TW6", "CR0", "BR1", "DA1", "KT1", "SM1", "IG1", "RM1",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Outward codes that lie wholly in Bedford borough or Central Bedfordshire (secondary local beyond LU).
BEDS_OUTWARDS = ["MK40", "MK41", "MK42", "MK45", "SG15", "SG16", "SG17", "SG18"]
# Outward codes clearly outside Bedfordshire, from the shipped NSPL areas (coordinates and IMD known).
NEAR_NONLOCAL_OUTWARDS = ["AL1", "AL2", "AL3", "AL4", "AL5", "HP1", "HP2", "HP3", "SG1", "SG2", "SG4", "SG6",
                          "MK1", "MK2", "MK3", "MK5", "MK6", "MK8", "MK9", "MK10", "MK12", "MK13", "MK14", "MK15",
                          "NN1", "NN2", "NN3", "NN4", "NN5", "PE1", "PE2", "PE3", "PE4", "CB1", "CB2", "CB3", "CB4"]
# LU postcodes outside Bedfordshire: villages well inside Buckinghamshire (LU7) and Hertfordshire (LU2).
LU_OUTSIDE_BEDS_PLACES = {  # place: (lat, lon, county) from GeoNames GB.txt
    "Wing": (51.8952, -0.7196, "Buckinghamshire"),
    "Stewkley": (51.9258, -0.7613, "Buckinghamshire"),
    "Cheddington": (51.8478, -0.6643, "Buckinghamshire"),
    "Lilley": (51.9254, -0.3747, "Hertfordshire"),
}
LU_OUTSIDE_BEDS_N = {"Wing": 1, "Stewkley": 1, "Cheddington": 1, "Lilley": 2}


# ---------------------------------------------------------------- helpers
def normalise_name(name: str) -> str:
    """The sample's own notion of 'same supplier name' (case, &/and, Ltd/Limited, leading The, punctuation)."""
    s = name.lower().replace("&", " and ").replace("’", "'")
    s = re.sub(r"[^0-9a-zà-ÿ]+", " ", s.replace("'", ""))
    tokens = s.split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    s = " ".join(tokens)
    s = re.sub(r"\blimited\b", "ltd", s)
    s = re.sub(r"\bcommunity interest company\b", "cic", s)
    s = re.sub(r"\bpublic limited company\b", "plc", s)
    return s


LEGAL_WORDS = {"ltd", "plc", "llp", "uk", "group", "co", "company", "and", "cic", "cio"}


def name_stem(name: str) -> str:
    """Name without legal-form words: two suppliers never share a stem, since matchers drop these words
    and 'Shah Staffing Ltd' vs 'Shah Staffing UK Ltd' would then be ambiguous, not two suppliers."""
    return " ".join(w for w in normalise_name(name).split() if w not in LEGAL_WORDS)


def _pc_key(pc: str) -> str:
    return pc.replace(" ", "").upper()


def _pc_format(key: str) -> str:
    return f"{key[:-3]} {key[-3:]}"


def _haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


@dataclass
class Postcodes:
    lat: dict[str, float]
    lon: dict[str, float]
    imd: dict[str, int]

    @classmethod
    def load(cls, nspl: Path) -> Postcodes:
        lat, lon, imd = {}, {}, {}
        for area in ("LU", "MK", "SG", "AL", "HP", "NN", "PE", "CB"):
            ll = pl.read_csv(nspl / "latlon" / f"{area}.csv", schema_overrides={"lat": pl.Float64, "long": pl.Float64})
            ll = ll.drop_nulls()  # a few live postcodes have no grid reference
            keys = ll["Postcode"].str.replace_all(" ", "").str.to_uppercase().to_list()
            lat.update(zip(keys, ll["lat"].to_list()))
            lon.update(zip(keys, ll["long"].to_list()))
            im = pl.read_csv(nspl / "imd" / f"{area}.csv", has_header=False, new_columns=["pc", "decile"],
                             schema_overrides={"pc": pl.String, "decile": pl.Int64}).drop_nulls()
            imd.update(zip(im["pc"].str.replace_all(" ", "").str.to_uppercase().to_list(), im["decile"].to_list()))
        return cls(lat, lon, imd)

    def outward_pool(self, outward: str) -> list[str]:
        if not hasattr(self, "_by_outward"):
            index: dict[str, list[str]] = defaultdict(list)
            for k in sorted(self.lat):
                index[k[:-3]].append(k)
            self._by_outward = index
        return self._by_outward.get(outward, [])


@dataclass
class Supplier:
    sid: int
    name: str
    kind: str                      # company | plc | sole_trader | public | charity | cic | cio | cbs | coop | unmatched
    category: str
    proclass2: str
    local: bool
    sme: bool | None               # ground truth after the evidence rules
    vcs: bool
    region: str                    # lu_beds | lu_outside_beds | beds | near_nonlocal | national | unknown
    postcode: str | None = None    # normalised, or None (location unknown)
    county: str | None = None
    imd: int | None = None
    company_number: str | None = None
    charity_number: str | None = None
    in_extract: bool = True
    in_ch: bool = False
    ch_category: str | None = None
    ch_accounts: str | None = None
    sme_flag: str = ""
    vcs_flag: str = ""
    sme_source: str | None = None  # extract | companies_house | name | None
    vcs_source: str | None = None  # extract | companies_house | charity_number | name | None
    spend: int = 0                 # pence, net, ground truth
    variant: str | None = None     # systematic ledger spelling
    typo: str | None = None        # misspelling used in one month
    typo_month: int | None = None


@dataclass
class Line:
    sid: int                       # -1 for redacted payees
    date: dt.date
    amount: int                    # pence
    area: str
    etype: str
    purpose: str
    txn: int = 0
    tag: str = ""                  # pair | split | credit | late | triple
    group: int = -1                # pair/split group id
    only_republished: bool = False


# ---------------------------------------------------------------- suppliers
def _make_names(rng: np.random.Generator, n_needed: int, taken: set[str], make) -> list[str]:
    out: list[str] = []
    while len(out) < n_needed:
        name = make()
        key = name_stem(name)
        if key in taken:
            continue
        taken.add(key)
        out.append(name)
    return out


def _company_name(rng, category: str, local: bool, size: str) -> str:
    trades = CATEGORIES[category][1]
    trade = trades[rng.integers(len(trades))]
    places = LOCAL_PLACES if local and rng.random() < 0.6 else GENERIC_PLACES
    place = places[rng.integers(len(places))]
    surname = SURNAMES[rng.integers(len(SURNAMES))]
    r = rng.random()
    if r < 0.45:
        stem = f"{place} {trade}"
    elif r < 0.75:
        stem = f"{surname} {trade}"
    elif r < 0.88:
        other = SURNAMES[rng.integers(len(SURNAMES))]
        stem = f"{surname} & {other}" if other != surname else f"{surname} & Sons"
    else:
        stem = f"{place} {surname} {trade}"
    if size == "plc":
        return f"{stem} {'PLC' if rng.random() < 0.7 else 'Group PLC'}"
    r = rng.random()
    suffix = "Ltd" if r < 0.55 else "Limited" if r < 0.85 else "UK Ltd" if r < 0.92 else "LLP" if r < 0.96 else "(UK) Limited"
    return f"{stem} {suffix}"


def _sole_trader_name(rng, category: str) -> str:
    trades = CATEGORIES[category][1]
    trade = trades[rng.integers(len(trades))]
    return f"{INITIALS[rng.integers(len(INITIALS))]} {SURNAMES[rng.integers(len(SURNAMES))]} {trade}"


def _vcs_name(rng, kind: str, local: bool) -> str:
    places = LOCAL_PLACES + BEDS_PLACES if local else GENERIC_PLACES
    place = places[rng.integers(len(places))]
    if kind in ("charity", "cio"):
        t = VCS_CHARITY_TEMPLATES[rng.integers(len(VCS_CHARITY_TEMPLATES))]
        name = t.format(p=place)
        if kind == "cio" and rng.random() < 0.4:
            name += " CIO"
        return name
    if kind == "cic":
        trade = VCS_CIC_TRADES[rng.integers(len(VCS_CIC_TRADES))]
        return f"{place} {trade} {'CIC' if rng.random() < 0.7 else 'Community Interest Company'}"
    if kind == "cbs":
        what = ["Community Energy Society", "Community Land Trust", "Community Shop", "Credit Union"][rng.integers(4)]
        return f"{place} {what} Limited"
    return f"{place} {['Workers Co-operative', 'Care Co-operative', 'Food Co-operative'][rng.integers(3)]} Ltd"


def _public_name(rng, local: bool) -> str:
    places = LOCAL_PLACES + BEDS_PLACES if local else GENERIC_PLACES
    return PUBLIC_TEMPLATES[rng.integers(len(PUBLIC_TEMPLATES))].format(p=places[rng.integers(len(places))])


def _pick(rng, seq):
    return seq[rng.integers(len(seq))]


def _build_suppliers(rng: np.random.Generator, pcs: Postcodes) -> list[Supplier]:
    cats = list(CATEGORY_WEIGHTS)
    cat_p = np.array([CATEGORY_WEIGHTS[c] for c in cats], dtype=float)
    cat_p /= cat_p.sum()
    taken: set[str] = set()
    suppliers: list[Supplier] = []

    def new(kind, local, sme, vcs, category=None):
        category = category or (cats[rng.choice(len(cats), p=cat_p)] if not vcs else _pick(rng, VCS_CATEGORIES))
        s = Supplier(sid=len(suppliers), name="", kind=kind, category=category,
                     proclass2=_pick(rng, CATEGORIES[category][0]), local=local, sme=sme, vcs=vcs, region="")
        suppliers.append(s)
        return s

    accented = list(ACCENTED)
    for (loc, sme), n in CELL_COUNTS.items():
        local = loc == "local"
        n_vcs = VCS_COUNTS[(loc, sme)]
        n_public = 0 if sme else (12 if local else 160)
        n_plc = 0 if sme else (4 if local else 120)
        n_sole = (40 if local else 160) if sme else 0
        n_company = n - n_vcs - n_public - n_plc - n_sole
        vcs_kinds = rng.choice(["charity", "cic", "cio", "cbs", "coop"], size=n_vcs, p=[0.6, 0.2, 0.09, 0.06, 0.05])
        for kind in vcs_kinds:
            s = new(str(kind), local, sme, True)
            s.name = _make_names(rng, 1, taken, lambda: _vcs_name(rng, s.kind, local))[0]
        for _ in range(n_public):
            s = new("public", local, sme, False)
            s.name = _make_names(rng, 1, taken, lambda: _public_name(rng, local))[0]
            s.category = ("Education" if "School" in s.name or "Academy" in s.name else
                          "Social Community Care Supplies & Services" if "Health" in s.name else "Arts & Leisure Services")
            s.proclass2 = _pick(rng, CATEGORIES[s.category][0])
        for _ in range(n_plc):
            s = new("plc", local, sme, False)
            s.name = _make_names(rng, 1, taken, lambda: _company_name(rng, s.category, local, "plc"))[0]
        for _ in range(n_sole):
            s = new("sole_trader", local, sme, False)
            if accented and rng.random() < 0.05:
                s.name = accented.pop(0)
                taken.add(name_stem(s.name))
            else:
                s.name = _make_names(rng, 1, taken, lambda: _sole_trader_name(rng, s.category))[0]
        for _ in range(n_company):
            s = new("company", local, sme, False)
            s.name = _make_names(rng, 1, taken, lambda: _company_name(rng, s.category, local, "ltd"))[0]
    for name in UNMATCHED_NAMES:
        s = new("unmatched", False, None, False)
        s.in_extract, s.region, s.name = False, "unknown", name
        taken.add(name_stem(name))
    _assign_identifiers(rng, suppliers)
    _assign_locations(rng, suppliers, pcs)
    _assign_evidence(rng, suppliers)
    return suppliers


def _assign_identifiers(rng, suppliers: list[Supplier]) -> None:
    used_co: set[str] = set()
    used_ch: set[str] = set()
    for s in suppliers:
        if s.kind in ("company", "plc", "cic") or (s.kind == "charity" and rng.random() < 0.5):
            while True:
                if rng.random() < 0.03:
                    num = f"SC{rng.integers(100000, 600000)}"
                else:
                    # Most live companies registered before 2018 have numbers below 11,200,000: leading zeros.
                    num = f"{rng.integers(200000, 11200000):08d}"
                if num not in used_co:
                    used_co.add(num)
                    s.company_number = num
                    break
        if s.kind in ("charity", "cio"):
            while True:
                num = str(rng.integers(1100000, 1176000)) if s.kind == "cio" or rng.random() < 0.7 else str(rng.integers(200000, 1100000))
                if num not in used_ch:
                    used_ch.add(num)
                    s.charity_number = num
                    break


def _assign_locations(rng, suppliers: list[Supplier], pcs: Postcodes) -> None:
    # LU postcodes clearly inside Bedfordshire: Luton town, Dunstable/Houghton Regis, Leighton Buzzard.
    keys = np.array(sorted(k for k in pcs.lat if k.startswith("LU") and len(k) <= 7 and not k.startswith("LU95")))
    la = np.array([pcs.lat[k] for k in keys])
    lo = np.array([pcs.lon[k] for k in keys])
    out = np.array([k[:-3] for k in keys])
    luton = np.isin(out, ["LU1", "LU3", "LU4"]) | ((out == "LU2") & (lo < -0.395) & (la < 51.91))
    central = ((out == "LU5") | ((out == "LU6") & (_haversine_km(la, lo, 51.8857, -0.5229) < 2.0))
               | ((out == "LU7") & (_haversine_km(la, lo, 51.9172, -0.658) < 2.0)))
    lu_beds = [(k, "Luton") for k in keys[luton]] + [(k, "Central Bedfordshire") for k in keys[central & ~luton]]
    lu_beds.sort()
    lu_outside = {place: ([str(k) for k in keys[_haversine_km(la, lo, plat, plon) < 0.4]], county)
                  for place, (plat, plon, county) in LU_OUTSIDE_BEDS_PLACES.items()}

    local_sups = [s for s in suppliers if s.local]
    order = rng.permutation(len(local_sups))
    outside_slots = [p for p, n in LU_OUTSIDE_BEDS_N.items() for _ in range(n)]
    deprived = [x for x in lu_beds if pcs.imd.get(x[0], 99) <= 2]
    others = [x for x in lu_beds if pcs.imd.get(x[0], 99) > 2]
    for rank, idx in enumerate(order):
        s = local_sups[idx]
        if rank < len(outside_slots):
            place = outside_slots[rank]
            cands, county = lu_outside[place]
            s.postcode, s.county, s.region = _pc_format(_pick(rng, cands)), county, "lu_outside_beds"
            continue
        pool = deprived if rng.random() < 0.32 else others
        k, _la = pool[rng.integers(len(pool))]
        s.postcode, s.county, s.region = _pc_format(k), "Bedfordshire", "lu_beds"

    beds_pool = [k for o in BEDS_OUTWARDS for k in pcs.outward_pool(o)]
    near_pool = [k for o in NEAR_NONLOCAL_OUTWARDS for k in pcs.outward_pool(o)]
    for s in suppliers:
        if s.local or not s.in_extract:
            continue
        r = rng.random()
        if r < 0.04:
            s.region = "beds"
            s.postcode, s.county = _pc_format(_pick(rng, beds_pool)), "Bedfordshire"
        elif r < 0.22:
            s.region = "near_nonlocal"
            s.postcode = _pc_format(_pick(rng, near_pool))
        elif r < 0.97:
            s.region = "national"
            inward = f"{rng.integers(1, 10)}{_pick(rng, INWARD_LETTERS)}{_pick(rng, INWARD_LETTERS)}"
            s.postcode = f"{_pick(rng, NATIONAL_OUTWARDS)} {inward}"
        else:
            s.region = "unknown"
    for s in suppliers:
        if s.postcode:
            s.imd = pcs.imd.get(_pc_key(s.postcode))


def _assign_evidence(rng, suppliers: list[Supplier]) -> None:
    """Extract flags, and for a chosen few, blank flags decided by later evidence rules."""
    classified = [s for s in suppliers if s.in_extract]
    for s in classified:
        s.sme_flag = _pick(rng, SME_YES if s.sme else SME_NO)
        s.sme_source = "extract"
        s.vcs_flag = _pick(rng, SME_YES if s.vcs else SME_NO)
        s.vcs_source = "extract"

    # Rule 2 for SME: blank flag, Companies House accounts category decides.
    located = lambda s: s.region != "unknown"  # noqa: E731 -- CH postcodes must not add locations
    sme_cos = [s for s in classified if s.kind == "company" and s.sme and located(s) and not s.vcs]
    big_cos = [s for s in classified if s.kind == "company" and s.sme is False and located(s) and not s.vcs]
    for i, idx in enumerate(rng.choice(len(sme_cos), size=47, replace=False)):
        s = sme_cos[idx]
        s.sme_flag, s.sme_source, s.in_ch = _pick(rng, FLAG_UNKNOWN), "companies_house", True
        s.ch_accounts = "MEDIUM" if i < 2 else _pick(rng, CH_SME_CATEGORIES)
    for idx in rng.choice(len(big_cos), size=23, replace=False):
        s = big_cos[idx]
        s.sme_flag, s.sme_source, s.in_ch = _pick(rng, FLAG_UNKNOWN), "companies_house", True
        s.ch_accounts = _pick(rng, CH_LARGE_CATEGORIES)
    # Companies House records for flagged companies too (flags agree; flags win anyway).
    flagged = [s for s in classified if s.kind in ("company", "plc") and not s.in_ch and located(s)]
    for idx in rng.choice(len(flagged), size=120, replace=False):
        s = flagged[idx]
        s.in_ch = True
        s.ch_accounts = _pick(rng, CH_SME_CATEGORIES) if s.sme else _pick(rng, CH_LARGE_CATEGORIES)
    # Rule 4 for SME: PLCs with a blank flag and no CH record are large by their legal form.
    plcs = [s for s in classified if s.kind == "plc" and not s.in_ch]
    for idx in rng.choice(len(plcs), size=8, replace=False):
        s = plcs[idx]
        s.sme_flag, s.sme_source = _pick(rng, FLAG_UNKNOWN), "name"
    # Unknown SME: blank flag, no evidence at all (not counted as SME).
    unknown_pool = [s for s in classified if s.kind == "public" and not s.sme]
    for idx in rng.choice(len(unknown_pool), size=12, replace=False):
        s = unknown_pool[idx]
        s.sme_flag, s.sme_source, s.sme = _pick(rng, FLAG_UNKNOWN), None, None

    # VCS with a blank flag, decided by rule 2 (CH category), 3 (charity number) or 4 (name).
    cics = [s for s in classified if s.kind == "cic" and located(s)]
    cic_order = rng.permutation(len(cics))
    for j, idx in enumerate(cic_order[:18]):
        s = cics[idx]
        s.vcs_flag = _pick(rng, FLAG_UNKNOWN)
        if j < 8:
            s.in_ch, s.vcs_source = True, "companies_house"
            s.ch_accounts = _pick(rng, CH_SME_CATEGORIES) if s.sme else "FULL"
        else:
            s.vcs_source = "name"
            if "CIC" not in s.name and "Community Interest Company" not in s.name:
                s.name += " CIC"
    charities = [s for s in classified if s.kind in ("charity", "cio")]
    for idx in rng.choice(len(charities), size=22, replace=False):
        s = charities[idx]
        s.vcs_flag, s.vcs_source = _pick(rng, FLAG_UNKNOWN), "charity_number"
    for s in suppliers:
        if s.in_ch:
            s.ch_category = {"plc": "Public Limited Company", "cic": "Community Interest Company"}.get(
                s.kind, "Private Limited Company")


def _allocate_spend(rng, suppliers: list[Supplier]) -> int:
    """Per-supplier net spend in pence, hitting each cell's share of TOTAL_PENCE exactly."""
    targets = {k: int(round(v * TOTAL_PENCE)) for k, v in SHARE.items()}
    targets["redacted"] += TOTAL_PENCE - sum(targets.values())
    groups: dict = defaultdict(list)
    for s in suppliers:
        if not s.in_extract:
            groups["unmatched"].append(s)
            continue
        cell = ("local" if s.local else "nonlocal", bool(s.sme))
        groups[(cell, s.vcs)].append(s)
    for key, target in targets.items():
        if key == "redacted":
            continue
        if key == "unmatched":
            _spread(rng, groups["unmatched"], target, sigma=1.3)
            continue
        vcs_part = int(round(target * VCS_SHARE_OF_CELL))
        _spread(rng, groups[(key, True)], vcs_part, sigma=1.6)
        _spread(rng, groups[(key, False)], target - vcs_part, sigma=2.0)
    return targets["redacted"]


# Relative size by kind: the big contracts go to companies, not to parish councils or sole traders.
KIND_WEIGHT = {"plc": 4.0, "company": 1.0, "public": 0.12, "sole_trader": 0.25, "charity": 1.0, "cic": 0.6,
               "cio": 0.8, "cbs": 0.8, "coop": 0.8, "unmatched": 1.0}


def _spread(rng, group: list[Supplier], target: int, sigma: float) -> None:
    n = len(group)
    base = rng.integers(55_000, 160_000, size=n)              # every supplier at least £550
    w = rng.lognormal(0.0, sigma, size=n) * np.array([KIND_WEIGHT[s.kind] for s in group])
    w = np.minimum(w, np.quantile(w, 0.999) * 1.5)
    extra = (target - base.sum()) * w / w.sum()
    pence = base + np.floor(extra).astype(np.int64)
    pence[np.argmax(pence)] += target - pence.sum()
    for s, p in zip(group, pence):
        s.spend = int(p)


# ---------------------------------------------------------------- lines
def _n_lines(spend_pence: int) -> int:
    pounds = spend_pence / 100
    # Big contracts are paid in few large instalments (monthly-ish), so lines over £100k exist.
    n = int(round(math.sqrt(pounds) / 11))
    return max(1, min(n, 48, int(pounds // 620)))


def _weekdays(month: dt.date) -> list[dt.date]:
    nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    days = [month + dt.timedelta(d) for d in range((nxt - month).days)]
    return [d for d in days if d.weekday() < 5]


WEEKDAYS = {m: _weekdays(m) for m in MONTHS}


def _weekday_in(rng, month: dt.date) -> dt.date:
    days = WEEKDAYS[month]
    return days[rng.integers(len(days))]


def _split_amount(rng, total: int, n: int) -> np.ndarray:
    floor = rng.integers(50_000, 60_000, size=n)
    w = rng.lognormal(0.0, 0.7, size=n)
    amt = floor + np.floor((total - floor.sum()) * w / w.sum()).astype(np.int64)
    amt[np.argmax(amt)] += total - amt.sum()
    return amt


def _build_lines(rng, suppliers: list[Supplier], redacted_total: int) -> list[Line]:
    month_p = MONTH_WEIGHTS / MONTH_WEIGHTS.sum()
    lines: list[Line] = []
    for s in suppliers:
        n = _n_lines(s.spend)
        amounts = _split_amount(rng, s.spend, n)
        months = rng.choice(12, size=n, p=month_p)
        u = rng.random(size=(n, 5))  # day, area, type, purpose, month suffix: one draw per supplier
        _l2, _trades, areas, types, purposes = CATEGORIES[s.category]
        for j in range(n):
            month = MONTHS[months[j]]
            days = WEEKDAYS[month]
            purpose = purposes[int(u[j, 3] * len(purposes))]
            if u[j, 4] < 0.3:
                purpose = f"{purpose} {month:%b %y}"
            lines.append(Line(s.sid, days[int(u[j, 0] * len(days))], int(amounts[j]), areas[int(u[j, 1] * len(areas))],
                              types[int(u[j, 2] * len(types))], purpose))
    # Redacted payees: foster carers, direct payments, small grants to individuals.
    n_red = max(1, redacted_total // 250_000)
    amounts = _split_amount(rng, redacted_total, int(n_red))
    for a in amounts:
        m = rng.choice(12, p=month_p)
        area, etype, purpose = _pick(rng, [
            ("Children's Services", "Fostering Allowances", "Foster carer allowance"),
            ("Children's Services", "Special Guardianship", "SGO allowance"),
            ("Adult Social Care", "Direct Payments", "Direct payment"),
            ("Housing", "Discretionary Housing Payments", "DHP award"),
        ])
        lines.append(Line(-1, _weekday_in(rng, MONTHS[m]), int(a), area, etype, purpose))
    return lines


def _plant_structures(rng, suppliers: list[Supplier], lines: list[Line]) -> dict:
    """Credits, identical pairs, split transactions, under-£500 lines, late September lines, one triple.

    Each planting moves money between lines of the same supplier, so supplier totals are unchanged.
    """
    by_sup: dict[int, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        by_sup[ln.sid].append(i)
    sup_ids = [s.sid for s in suppliers if len(by_sup[s.sid]) >= 4]
    sup_ids = [sup_ids[i] for i in rng.permutation(len(sup_ids))]
    free = lambda i: lines[i].tag == ""  # noqa: E731
    group = 0

    def take(sid: int, k: int) -> list[int] | None:
        idx = [i for i in by_sup[sid] if free(i)]
        if len(idx) < k:
            return None
        return [idx[j] for j in rng.choice(len(idx), size=k, replace=False)]

    it = iter(sup_ids * 3)
    # The triple: three equal September lines; the third appears only in the republished file.
    while True:
        sid = next(it)
        got = take(sid, 4)
        if got and lines[got[3]].amount > 60_000:
            break
    a, b, c, d = got
    each = max(55_000, (lines[a].amount + lines[b].amount + lines[c].amount) // 3)
    lines[d].amount += lines[a].amount + lines[b].amount + lines[c].amount - 3 * each
    sep_day = _weekday_in(rng, dt.date(2017, 9, 1))
    for i in (a, b, c):
        lines[i].amount, lines[i].date, lines[i].tag, lines[i].group = each, sep_day, "triple", group
        lines[i].area, lines[i].etype, lines[i].purpose = lines[a].area, lines[a].etype, lines[a].purpose
    lines[c].only_republished = True
    group += 1
    n_pairs = n_splits = n_credits = n_under = 0
    # Identical pairs within one file: separate payments, all kept.
    while n_pairs < 160:
        sid = next(it)
        got = take(sid, 3)
        if not got:
            continue
        i, j, k = got
        total = lines[i].amount + lines[j].amount
        half = total // 2
        lines[k].amount += total - 2 * half
        lines[j].date, lines[j].area, lines[j].etype, lines[j].purpose = (
            lines[i].date, lines[i].area, lines[i].etype, lines[i].purpose)
        for x in (i, j):
            lines[x].amount, lines[x].tag, lines[x].group = half, "pair", group
        group += 1
        n_pairs += 1
    # Splits: one transaction across two cost centres (differ in area and amount); some parts under £500.
    while n_splits < 220:
        sid = next(it)
        got = take(sid, 2)
        if not got:
            continue
        i, j = got
        s = suppliers[sid]
        areas = CATEGORIES[s.category][2]
        lines[j].date = lines[i].date
        if n_splits % 3 == 0:  # move money so one part falls under £500
            small = int(rng.integers(4_000, 49_000))
            lines[i].amount += lines[j].amount - small
            lines[j].amount = small
            n_under += 1
        if lines[j].amount == lines[i].amount:
            lines[j].amount -= 1
            lines[i].amount += 1
        lines[j].area = _pick(rng, [x for x in areas if x != lines[i].area] or ["Corporate Services"])
        if lines[j].area == lines[i].area:
            lines[j].purpose = lines[i].purpose + " (part)"
        for x in (i, j):
            lines[x].tag, lines[x].group = "split", group
        group += 1
        n_splits += 1
    # Credits: a negative line, offset by a larger line of the same supplier.
    while n_credits < 700:
        sid = next(it)
        got = take(sid, 2)
        if not got:
            continue
        i, j = got
        credit = max(5_000, int(lines[i].amount * rng.uniform(0.1, 0.9)))
        lines[j].amount += lines[i].amount + credit
        lines[i].amount = -credit
        lines[i].tag = "credit"
        lines[i].purpose = _pick(rng, ["Credit note", "Refund of overpayment", "Credit - duplicate invoice",
                                       "Contract rebate"])
        n_credits += 1
    # Late September lines: only in the republished September file.
    sep = [i for i, ln in enumerate(lines) if ln.date.month == 9 and free(i) and ln.sid >= 0]
    for i in sorted(rng.choice(len(sep), size=45, replace=False)):
        lines[sep[i]].tag = "late"
        lines[sep[i]].only_republished = True
        lines[sep[i]].date = dt.date(2017, 9, int(rng.choice([25, 26, 27, 28, 29])))
    # No amount sits exactly on a spend-band boundary, so every reading of the bands agrees.
    # (The penny moved here is why supplier totals are re-derived from the lines afterwards.)
    for ln in lines:
        if abs(ln.amount) in (100_000, 500_000, 10_000_000):
            ln.amount += 1 if ln.amount > 0 else -1
    return {"pairs": n_pairs, "splits": n_splits, "credits": n_credits, "under_500_split_parts": n_under}


def _supplier_totals_from_lines(suppliers: list[Supplier], lines: list[Line]) -> None:
    """Supplier spend is by definition the sum of its lines; re-derive after plantings."""
    tot: Counter = Counter()
    for ln in lines:
        if ln.sid >= 0:
            tot[ln.sid] += ln.amount
    for s in suppliers:
        s.spend = tot[s.sid]


# ---------------------------------------------------------------- ledger names
def _variant(name: str, style: str) -> str:
    if style == "upper":
        return name.upper()
    if style == "lower":
        return name.lower()
    if style == "ltd":
        if re.search(r"\bLtd\b", name):
            return re.sub(r"\bLtd\b", "Limited", name)
        if re.search(r"\bLimited\b", name):
            return re.sub(r"\bLimited\b", "Ltd", name)
        return name.upper()
    if style == "amp":
        if " & " in name:
            return name.replace(" & ", " and ")
        return name.replace(" and ", " & ") if " and " in name else name.upper()
    if style == "the":
        return "The " + name
    if style == "spaces":
        return "  " + name.replace(" ", "  ", 1) + " "
    if style == "punct":
        return re.sub(r"\bLtd\b", "Ltd.", name) if "Ltd" in name else name + "."
    return name


def _typo(rng, name: str) -> str:
    words = name.split(" ")
    cands = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    i = cands[rng.integers(len(cands))]
    w = words[i]
    p = int(rng.integers(1, len(w) - 2))
    words[i] = w[:p] + w[p + 1] + w[p] + w[p + 2:] if rng.random() < 0.5 else w[:p] + w[p + 1:]
    return " ".join(words)


def _assign_variants(rng, suppliers: list[Supplier], lines: list[Line]) -> None:
    styles = ["upper", "lower", "ltd", "amp", "the", "spaces", "punct"]
    classified = [s for s in suppliers if s.in_extract]
    for idx in rng.choice(len(classified), size=700, replace=False):
        classified[idx].variant = _pick(rng, styles)
    # Typos only where no other supplier's name is close, so a conservative fuzzy match is unambiguous.
    keys = [normalise_name(s.name) for s in classified]
    cand = [i for i, s in enumerate(classified) if len(keys[i]) >= 16 and s.kind in ("company", "charity", "sole_trader")
            and any(len(w) >= 6 and w.isalpha() for w in s.name.split())]
    cand = [cand[i] for i in rng.permutation(len(cand))[:900]]
    scores = process.cdist([keys[i] for i in cand], keys, scorer=fuzz.ratio, workers=1)
    chosen = 0
    for row, i in enumerate(cand):
        sc = scores[row].copy()
        sc[i] = 0
        if sc.max() >= 75:
            continue
        s = classified[i]
        t = _typo(rng, s.name)
        if normalise_name(t) == keys[i] or fuzz.ratio(normalise_name(t), keys[i]) < 90:
            continue
        # Apr..Dec only: the Jan-Mar layout upper-cases names, which is not the point here.
        months = sorted({MONTHS.index(ln.date.replace(day=1)) for ln in lines if ln.sid == s.sid} & set(range(9)))
        if not months:
            continue
        s.typo, s.typo_month = t, months[int(rng.integers(len(months)))]
        chosen += 1
        if chosen == 25:
            break
    # Unmatched names must not resemble any classified name.
    for s in suppliers:
        if not s.in_extract:
            best = process.extractOne(normalise_name(s.name), keys, scorer=fuzz.token_set_ratio)
            assert best[1] < 80, (s.name, best)


def _ledger_name(s: Supplier | None, month_idx: int, layout: str) -> str:
    if s is None:
        return REDACTED
    name = s.name
    if s.typo and s.typo_month == month_idx:
        name = s.typo
    elif s.variant:
        name = _variant(name, s.variant)
    if layout == "D":  # the Jan-Mar finance export upper-cases payee names
        name = name.upper()
    return name


# ---------------------------------------------------------------- writers
def _money_plain(p: int) -> str:
    return f"{'-' if p < 0 else ''}{abs(p) // 100}.{abs(p) % 100:02d}"


def _money_gbp(p: int) -> str:
    return f"{'-' if p < 0 else ''}£{abs(p) // 100:,}.{abs(p) % 100:02d}"


def _money_trailing(p: int) -> str:
    return f"{abs(p) // 100:,}.{abs(p) % 100:02d}{'-' if p < 0 else ''}"


@dataclass
class FileTruth:
    path: str
    layout: str
    data_lines: int = 0
    payment_lines: int = 0
    amount_lines: int = 0          # pence, sum of written payment lines
    rejects: list = field(default_factory=list)
    footer_lines: list = field(default_factory=list)
    sheets: dict = field(default_factory=dict)


def _csv_text(rows: list[list[str]], newline: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def _write_files(rng, out: Path, suppliers: list[Supplier], lines: list[Line]) -> list[FileTruth]:
    sup = {s.sid: s for s in suppliers}
    led = out / "ledgers"
    led.mkdir(parents=True, exist_ok=True)
    # Transaction numbers in date order; pairs and splits share theirs.
    order = sorted(range(len(lines)), key=lambda i: (lines[i].date, lines[i].sid, lines[i].amount))
    seq = 0
    group_txn: dict[int, int] = {}
    for i in order:
        ln = lines[i]
        if ln.group >= 0 and ln.group in group_txn:
            ln.txn = group_txn[ln.group]
            continue
        seq += 1
        ln.txn = seq
        if ln.group >= 0:
            group_txn[ln.group] = seq
    by_month: dict[int, list[Line]] = defaultdict(list)
    for ln in sorted(lines, key=lambda x: (x.date, x.txn, x.sid, -x.amount)):
        by_month[(ln.date.year - 2017) * 12 + ln.date.month - 4].append(ln)
    truths: list[FileTruth] = []
    company_ids: dict = {}

    def name_of(ln, m, layout):
        return _ledger_name(sup.get(ln.sid), m, layout)

    # Layout A: Apr-Jun, UTF-8 (June with a BOM), LF, full header with body.
    for m in range(3):
        ft = FileTruth(f"ledgers/{MONTHS[m]:%Y-%m}.csv", "A")
        rows = [["Body", "Date", "Transaction Number", "Supplier Name", "Net Amount", "Expense Type", "Service Area",
                 "Purpose"]]
        for ln in by_month[m]:
            if ln.only_republished:
                continue
            rows.append([BODY, f"{ln.date:%d/%m/%Y}", f"51{ln.txn:08d}", name_of(ln, m, "A"),
                         _money_plain(ln.amount), ln.etype, ln.area, ln.purpose])
            ft.payment_lines += 1
            ft.amount_lines += ln.amount
        if m == 1:
            rows, _ = _plant(rows, ft, [
                (120, [BODY, "16/05/2017", "5100999001", "Chiltern Vale Gardening Services", "TBC",
                       "Grounds Maintenance", "Parks & Open Spaces", "Invoice awaited"], "amount unparseable: 'TBC'"),
                (800, [BODY, "23/05/2017", "5100999002", "", "1250.00", "Agency Staff", "Corporate - HR",
                       "Agency cover"], "supplier name blank"),
            ], header_lines=1)
        ft.data_lines = len(rows) - 1
        text = _csv_text(rows, "\n")
        data = (b"\xef\xbb\xbf" if m == 2 else b"") + text.encode("utf-8")
        (out / ft.path).write_bytes(data)
        truths.append(ft)

    # Layout B: Jul-Sep, Windows-1252, CRLF, preamble, £ amounts, no body column, 03-JUL-2017 dates.
    def layout_b(m: int, lines_m: list[Line], path: str, title: str, plants=()) -> FileTruth:
        ft = FileTruth(path, "B")
        pre = [[BODY, "", "", "", "", "", ""], [title, "", "", "", "", "", ""], [""] * 7]
        rows = [["Payment Date", "Transaction Number", "Supplier(Beneficiary) Name", "Amount (£)", "Expense Type",
                 "Service Area", "Purpose"]]
        for ln in lines_m:
            rows.append([ln.date.strftime("%d-%b-%Y").upper(), f"{ln.txn:08d}", name_of(ln, m, "B"),
                         _money_gbp(ln.amount), ln.etype, ln.area, ln.purpose])
            ft.payment_lines += 1
            ft.amount_lines += ln.amount
        rows, _ = _plant(rows, ft, list(plants), header_lines=len(pre) + 1)
        ft.data_lines = len(rows) - 1
        (out / path).write_bytes(_csv_text(pre + rows, "\r\n").encode("cp1252"))
        return ft

    plants_b = {
        3: [(300, ["31-JUN-2017", "00999003", "Greensand Fencing Services", "£2,400.00", "Capital Works",
                   "Property Services", "Fencing"], "invalid date '31-JUN-2017'"),
            (1700, ["18-JUL-2017", "00999004", "Marston Vale Skip Hire", "TBC", "Waste Disposal", "Waste",
                    "Skip hire"], "amount unparseable: 'TBC'")],
        4: [(900, ["09-AUG-2017", "00999005", "", "£760.00", "Day Opportunities", "Adult Social Care",
                   "Day centre sessions"], "supplier name blank")],
    }
    for m in (3, 4, 5):
        lines_m = [ln for ln in by_month[m] if not ln.only_republished]
        truths.append(layout_b(m, lines_m, f"ledgers/{MONTHS[m]:%Y-%m}.csv",
                               f"Payments to suppliers over £500 - {MONTHS[m]:%B %Y}", plants_b.get(m, ())))
    # The republished September: every original line again, the late lines, and the triple's third copy.
    truths.append(layout_b(5, by_month[5], "ledgers/2017-09_republished.csv",
                           "Payments to suppliers over £500 - September 2017 (republished 14/11/2017 with late payments)"))

    # Layout C: Oct-Dec, one XLSX with a sheet per month, a notes sheet, real dates and numbers.
    path = "ledgers/2017-10-to-12.xlsx"
    ft = FileTruth(path, "C")
    wb = xlsxwriter.Workbook(str(out / path), {"strings_to_numbers": False})
    wb.set_properties({"title": "Luton Borough Council spend over £500, October-December 2017",
                       "author": "Luton Borough Council", "created": FIXED_CREATED})
    f_date = wb.add_format({"num_format": "dd/mm/yyyy"})
    f_money = wb.add_format({"num_format": "#,##0.00"})
    f_bold = wb.add_format({"bold": True})
    notes = wb.add_worksheet("Notes")
    notes.write(0, 0, "Expenditure over £500, October to December 2017", f_bold)
    notes.write(2, 0, "Published under the Local Government Transparency Code 2015.")
    notes.write(3, 0, "Payments to individuals are redacted to protect personal data.")
    header = ["Transaction No", "Date Paid", "Supplier", "Supplier Company No", "Amount", "Expense Area",
              "Expense Type", "Description"]
    plants_c = {
        7: [(250, [999006, dt.date(2017, 11, 30), "Ouse Valley Signs", None, "TBC", "Communications",
                   "Printing", "Banners"], "amount unparseable: 'TBC'"),
            (1200, [999007, "31/11/2017", "Kempston Tree Surgery", None, 840.0, "Parks & Open Spaces",
                    "Tree Works", "Tree works"], "invalid date '31/11/2017'")],
        8: [(600, [999008, dt.date(2017, 12, 12), "", None, 1975.5, "Housing", "Void Property Works",
                   "Void clearance"], "supplier name blank")],
    }
    for m in (6, 7, 8):
        ws = wb.add_worksheet(f"{MONTHS[m]:%b %Y}")
        ws.write(0, 0, f"Luton Borough Council - Expenditure over £500 - {MONTHS[m]:%B %Y}", f_bold)
        ws.write_row(2, 0, header, f_bold)
        ws.set_column(0, 7, 18)
        rows = []
        sheet_amount = 0
        for ln in by_month[m]:
            s = sup.get(ln.sid)
            co = None
            if s is not None and s.company_number and s.kind in ("company", "plc", "cic"):
                if s.sid not in company_ids:
                    company_ids[s.sid] = rng.random() < 0.7
                if company_ids[s.sid]:
                    # Excel keeps numbers: leading zeros are lost, as in real exports.
                    co = int(s.company_number) if s.company_number.isdigit() else s.company_number
            amount = ln.amount / 100
            if rng.random() < 0.04:  # float noise as Excel arithmetic leaves it
                amount = float(np.nextafter(amount, math.inf if rng.random() < 0.5 else -math.inf))
            rows.append([ln.txn, ln.date, name_of(ln, m, "C"), co, amount, ln.area, ln.etype, ln.purpose])
            ft.payment_lines += 1
            ft.amount_lines += ln.amount
            sheet_amount += ln.amount
        rows = [header] + rows
        rows, planted = _plant(rows, ft, plants_c.get(m, []), header_lines=3, sheet=ws.name)
        for r, row in enumerate(rows[1:], start=3):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if c == 1 and isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), f_date)
                elif c == 4 and isinstance(v, float):
                    ws.write_number(r, c, v, f_money)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, v)
        ft.sheets[ws.name] = {"data_rows": len(rows) - 1, "header_row": 3,
                              "payment_rows": len(rows) - 1 - planted, "amount": sheet_amount}
        ft.data_lines += len(rows) - 1
    wb.close()
    truths.append(ft)

    # Layout D: Jan-Mar, UTF-8, upper-case payees, trailing-minus credits, a TOTAL footer; March is CR-only.
    plants_d = {
        10: [(400, ["ICKNIELD PLAY ASSOCIATION", "31/02/2018", "1900999009", "650.00", "Children's Services",
                    "Arts Grants", "Summer scheme grant"], "invalid date '31/02/2018'"),
             (2500, ["BARNFIELD COURIERS", "14/02/2018", "1900999010", "TBC", "Corporate Services",
                     "Postage", "Courier"], "amount unparseable: 'TBC'")],
        11: [(1500, ["", "21/03/2018", "1900999011", "3,100.00", "Housing", "Planned Maintenance",
                     "Door entry system"], "supplier name blank")],
    }
    for m in (9, 10, 11):
        ft = FileTruth(f"ledgers/{MONTHS[m]:%Y-%m}.csv", "D")
        rows = [["Vendor", "Paid Date", "Doc No", "Value", "Service", "Account Description", "Narrative"]]
        for ln in by_month[m]:
            rows.append([name_of(ln, m, "D"), f"{ln.date:%d/%m/%Y}", f"19{ln.txn:08d}", _money_trailing(ln.amount),
                         ln.area, ln.etype, ln.purpose])
            ft.payment_lines += 1
            ft.amount_lines += ln.amount
        rows, _ = _plant(rows, ft, plants_d.get(m, []), header_lines=1)
        ft.data_lines = len(rows) - 1
        rows.append(["TOTAL", "", "", _money_trailing(ft.amount_lines), "", "", ""])
        ft.footer_lines.append(len(rows))
        nl = "\r" if m == 11 else "\n"
        (out / ft.path).write_bytes(_csv_text(rows, nl).encode("utf-8"))
        truths.append(ft)
    return truths


def _plant(rows: list[list], ft: FileTruth, plants: list, header_lines: int, sheet: str | None = None):
    """Insert bad rows after the given data row; record their physical line (or sheet row) numbers."""
    plants = sorted(plants, key=lambda p: p[0])
    offset = 0
    for after, row, reason in plants:
        pos = min(after, len(rows) - 1) + 1 + offset
        rows.insert(pos, row)
        offset += 1
    # Physical position: header at line `header_lines`, so rows[i] sits at header_lines + i.
    for i, row in enumerate(rows):
        for _after, prow, reason in plants:
            if row is prow:
                ft.rejects.append({"file": ft.path, "sheet": sheet, "line": header_lines + i, "reason": reason,
                                   "raw": [None if v is None else str(v) for v in row]})
    return rows, len(plants)


# ---------------------------------------------------------------- supplier-side files
def _dirty_postcode(rng, pc: str | None) -> str:
    if pc is None:
        return _pick(rng, ["", "", "Various", "-", "N/A", "TBC"])
    r = rng.random()
    if r < 0.1:
        return pc.replace(" ", "").lower()
    if r < 0.18:
        return f" {pc.replace(' ', '  ')} "
    if r < 0.25:
        return pc.lower()
    if r < 0.3:
        return pc.replace(" ", "")
    return pc


def _write_extract(rng, out: Path, suppliers: list[Supplier]) -> str:
    path = "supplier_extracts/spikes-cavell-luton-2017-18.csv"
    (out / "supplier_extracts").mkdir(parents=True, exist_ok=True)
    rows = [["Supplier Name", "Postcode", "Company Number", "Charity Number", "SME", "VCSE", "Proclass Level 1",
             "Proclass Level 2", "Spend"]]
    for s in sorted((s for s in suppliers if s.in_extract), key=lambda s: (-s.spend, s.name)):
        co = s.company_number or ""
        if co.isdigit() and rng.random() < 0.25:
            co = co.lstrip("0")
        elif not co and rng.random() < 0.05:
            co = "-"
        p1, p2 = s.category, s.proclass2
        if rng.random() < 0.03:
            p1, p2 = "Various", ""
        spend = _money_plain(s.spend) if rng.random() < 0.7 else _money_gbp(s.spend)
        rows.append([s.name, _dirty_postcode(rng, s.postcode), co, s.charity_number or "", s.sme_flag, s.vcs_flag,
                     p1, p2, spend])
    (out / path).write_bytes(b"\xef\xbb\xbf" + _csv_text(rows, "\r\n").encode("utf-8"))
    return path


def _write_companies_house(rng, out: Path, suppliers: list[Supplier]) -> str:
    path = "companies_house/BasicCompanyData-2018-04-01-luton-suppliers.csv"
    (out / "companies_house").mkdir(parents=True, exist_ok=True)
    # Real BasicCompanyData headers carry a leading space on CompanyNumber.
    rows = [["CompanyName", " CompanyNumber", "RegAddress.PostTown", "RegAddress.PostCode", "CompanyCategory",
             "CompanyStatus", "IncorporationDate", "Accounts.AccountCategory"]]
    for s in sorted((s for s in suppliers if s.in_ch), key=lambda s: s.company_number):
        inc = dt.date(1960, 1, 1) + dt.timedelta(int(rng.integers(0, 20000)))
        rows.append([s.name.upper(), s.company_number, "", s.postcode or "", s.ch_category, "Active",
                     f"{inc:%d/%m/%Y}", s.ch_accounts])
    (out / path).write_bytes(_csv_text(rows, "\n").encode("utf-8"))
    return path


# ---------------------------------------------------------------- ground truth
def _pct(part: int, whole: int) -> str:
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.0001")))


_gbp = _money_plain


def _ground_truth(suppliers: list[Supplier], lines: list[Line], truths: list[FileTruth], plant_stats: dict,
                  paths: dict) -> dict:
    total = sum(ln.amount for ln in lines)
    red = sum(ln.amount for ln in lines if ln.sid < 0)
    paid = list(suppliers)  # every supplier has net positive spend by construction
    cls = [s for s in paid if s.in_extract]

    def agg(pred):
        xs = [s for s in paid if pred(s)]
        return {"count": len(xs), "spend": _gbp(sum(s.spend for s in xs)), "pct": _pct(sum(s.spend for s in xs), total)}

    bands = {"below_1000": [0, 0], "1000_to_5000": [0, 0], "5000_to_100000": [0, 0], "above_100000": [0, 0]}
    for ln in lines:
        a = ln.amount
        k = ("below_1000" if a < 100_000 else "1000_to_5000" if a < 500_000 else
             "5000_to_100000" if a <= 10_000_000 else "above_100000")
        bands[k][0] += 1
        bands[k][1] += a
    months = Counter()
    for ln in lines:
        months[f"{ln.date:%Y-%m}"] += ln.amount
    sep = next(f for f in truths if f.path == "ledgers/2017-09.csv")
    rep = next(f for f in truths if f.path == "ledgers/2017-09_republished.csv")
    only_rep = [ln for ln in lines if ln.only_republished]
    late = [ln for ln in only_rep if ln.tag == "late"]
    files = []
    for ft in truths:
        loaded, amount = ft.payment_lines, ft.amount_lines
        if ft is rep:  # read after 2017-09.csv: only the lines September did not already hold
            loaded, amount = len(only_rep), sum(ln.amount for ln in only_rep)
        rec = {"path": ft.path, "layout": ft.layout, "data_lines": ft.data_lines,
               "payment_lines": ft.payment_lines, "payment_amount": _gbp(ft.amount_lines),
               "rejects": len(ft.rejects), "footer_lines": ft.footer_lines,
               # A totals footer is a line of the file too: nothing is lost, so it is read and rejected.
               "expected": {"rows_read": ft.data_lines + len(ft.footer_lines), "rows_loaded": loaded,
                            "rows_rejected": len(ft.rejects) + len(ft.footer_lines),
                            "rows_duplicate": ft.payment_lines - loaded, "amount_loaded": _gbp(amount)}}
        if ft.sheets:
            rec["sheets"] = {k: {**v, "amount": _gbp(v["amount"])} for k, v in ft.sheets.items()}
        files.append(rec)
    order_note = {
        "rule": "a line occurring k times in a new file and m times already loaded adds max(0, k - m)",
        "read_order": "discover() sorts paths and '_' sorts after '.', so 2017-09.csv is read first; "
                      "the files' 'expected' figures assume that order",
        "if_original_first": {"ledgers/2017-09.csv": {"loaded": sep.payment_lines, "duplicate": 0},
                              "ledgers/2017-09_republished.csv": {
                                  "loaded": len(only_rep), "duplicate": rep.payment_lines - len(only_rep),
                                  "amount_loaded": _gbp(sum(ln.amount for ln in only_rep))}},
        "if_republished_first": {"ledgers/2017-09_republished.csv": {"loaded": rep.payment_lines, "duplicate": 0},
                                 "ledgers/2017-09.csv": {"loaded": 0, "duplicate": sep.payment_lines}},
        "late_lines": len(late),
        "late_lines_amount": _gbp(sum(ln.amount for ln in late)),
        "triple_extra_lines": len(only_rep) - len(late),
        "triple": "one payment occurs twice in 2017-09.csv and three times in the republished file "
                  "(k=3, m=2: the third copy is a real late payment and is loaded)",
    }
    pairs_per_month = Counter()
    for ln in lines:
        if ln.tag == "pair":
            pairs_per_month[f"{ln.date:%Y-%m}"] += 1
    pairs_per_month = Counter({k: v // 2 for k, v in pairs_per_month.items()})
    unmatched = sorted((s for s in paid if not s.in_extract), key=lambda s: -s.spend)
    paid_months = {(ln.sid, MONTHS.index(ln.date.replace(day=1))) for ln in lines}
    typos = [{"ledger_name": s.typo, "extract_name": s.name, "month": f"{MONTHS[s.typo_month]:%Y-%m}"}
             for s in paid if s.typo and (s.sid, s.typo_month) in paid_months]
    sec = lambda s: s.region in ("lu_beds", "beds")  # noqa: E731
    return {
        "council": BODY,
        "financial_year": "2017/18",
        "targets": {"source": "strategy baseline (Spikes Cavell, 2017/18)", "total_spend_approx": "238000000",
                    "supplier_count": N_SUPPLIERS, "sme_supplier_count": N_SME, "pct_sme": "51",
                    "local_primary_supplier_count": N_LOCAL, "pct_local_primary": "25"},
        "files": {"ledgers": files, "supplier_extract": paths["extract"], "companies_house": paths["ch"]},
        "totals": {
            "payment_lines": len(lines),
            "total_spend": _gbp(total),
            "supplier_count": len(paid),
            "supplier_count_note": "distinct suppliers paid, including the unmatched ones and excluding redacted payees",
            "classified_supplier_count": len(cls),
            "redacted": {"lines": sum(ln.sid < 0 for ln in lines), "spend": _gbp(red), "pct": _pct(red, total)},
            "credits": {"lines": sum(ln.amount < 0 for ln in lines), "spend": _gbp(sum(ln.amount for ln in lines if ln.amount < 0))},
            "lines_under_500": sum(0 <= ln.amount < 50_000 for ln in lines),
        },
        "kpis": {
            "local_primary": agg(lambda s: s.local),
            "local_primary_outside_bedfordshire": agg(lambda s: s.region == "lu_outside_beds"),
            "local_secondary": agg(sec),
            "local_secondary_beyond_lu": agg(lambda s: s.region == "beds"),
            "sme": agg(lambda s: s.sme is True),
            "vcs": agg(lambda s: s.vcs),
            "local_sme": agg(lambda s: s.local and s.sme is True),
            "deprived_imd_1_2": agg(lambda s: s.imd is not None and s.imd <= 2),
            "local_deprived_imd_1_2": agg(lambda s: s.local and s.imd is not None and s.imd <= 2),
            "location_unknown_classified": agg(lambda s: s.in_extract and s.postcode is None),
            "sme_unknown_classified": agg(lambda s: s.in_extract and s.sme is None),
            "unmatched": agg(lambda s: not s.in_extract),
            "resolved_to_classified_pct": _pct(sum(s.spend for s in cls), total),
        },
        "evidence": {
            "sme_source": dict(Counter(str(s.sme_source) for s in cls)),
            "sme_by_source": {k: sum(1 for s in cls if str(s.sme_source) == k and s.sme) for k in
                              ("extract", "companies_house", "name", "None")},
            "companies_house_medium_counted_as_sme": 2,
            "vcs_source": dict(Counter(s.vcs_source for s in cls if s.vcs)),
            "plc_blank_sme_flag_rule4": sum(1 for s in cls if s.sme_source == "name"),
        },
        "spend_bands": {k: {"lines": v[0], "spend": _gbp(v[1])} for k, v in bands.items()},
        "spend_bands_note": "by signed line amount: below_1000 < £1,000 (credits included) <= 1000_to_5000 < £5,000 "
                            "<= 5000_to_100000 <= £100,000 < above_100000; no line sits exactly on a boundary",
        "monthly_spend": {k: _gbp(v) for k, v in sorted(months.items())},
        "planted_rejects": [r for ft in truths for r in ft.rejects],
        "republished_month": order_note,
        "identical_pairs": {"count": plant_stats["pairs"],
                            "note": "two equal lines in one file (same date, payee, amount, transaction number): "
                                    "separate payments, both loaded", "pairs_by_month": dict(sorted(pairs_per_month.items()))},
        "split_transactions": {"count": plant_stats["splits"],
                               "note": "two lines sharing a transaction number that differ in service area and amount"},
        "unmatched_suppliers": [{"name": s.name, "spend": _gbp(s.spend)} for s in unmatched],
        "typo_variants": typos,
        "name_variant_suppliers": sum(1 for s in cls if s.variant),
    }


def generate(out_dir: Path = SAMPLE_LANDING, seed: int = 2017) -> dict:
    """Write ledgers/, supplier_extracts/, companies_house/ and MANIFEST.json under out_dir (replacing
    those, leaving anything else there alone) and return the ground truth written to MANIFEST.json."""
    out = Path(out_dir)
    # Replace only what this generator writes: other generators share the landing folder (registers/).
    for sub in OWNED_DIRS:
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    pcs = Postcodes.load(REFERENCE_DATA / "nspl")
    suppliers = _build_suppliers(rng, pcs)
    redacted_total = _allocate_spend(rng, suppliers)
    lines = _build_lines(rng, suppliers, redacted_total)
    stats = _plant_structures(rng, suppliers, lines)
    _assign_variants(rng, suppliers, lines)
    _supplier_totals_from_lines(suppliers, lines)
    truths = _write_files(rng, out, suppliers, lines)
    paths = {"extract": _write_extract(rng, out, suppliers), "ch": _write_companies_house(rng, out, suppliers)}
    truth = _ground_truth(suppliers, lines, truths, stats, paths)
    k = truth["kpis"]
    # Guard the calibration against edits to the constants above.
    assert (truth["totals"]["supplier_count"], k["sme"]["count"], k["local_primary"]["count"]) == (
        N_SUPPLIERS, N_SME, N_LOCAL), truth["totals"]
    assert abs(Decimal(k["sme"]["pct"]) - 51) < Decimal("0.1") and abs(Decimal(k["local_primary"]["pct"]) - 25) < Decimal("0.1")
    (out / "MANIFEST.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else SAMPLE_LANDING
    truth = generate(out)
    k = truth["kpis"]
    print(f"wrote {out}: {truth['totals']['payment_lines']} payment lines, £{truth['totals']['total_spend']}, "
          f"{truth['totals']['supplier_count']} suppliers; SME {k['sme']['count']} ({k['sme']['pct']}%), "
          f"local {k['local_primary']['count']} ({k['local_primary']['pct']}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
