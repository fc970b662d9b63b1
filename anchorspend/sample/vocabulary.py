"""Word lists the fictional suppliers, payments and flags are drawn from, and the outward codes they sit in."""

from __future__ import annotations

from anchorspend.sample.calibration import N_UNMATCHED


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


def pick(rng, seq):
    return seq[rng.integers(len(seq))]
