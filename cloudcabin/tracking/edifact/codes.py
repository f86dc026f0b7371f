"""The qualifiers IFTSTA uses that we read and write (UN/EDIFACT code lists UNCL 1001,
1153, 2005, 2379, 3227, 8051, 8053, 9015; values as in the D.00B and D.21A directories).

A qualifier outside these tables is refused on input rather than guessed at.
"""

from __future__ import annotations

from cloudcabin.tracking.models import Classifier

# BGM 1001: the message's document name.
DOCUMENT_NAMES = {"23": "status information", "77": "consignment status report"}

# DTM 2005 in a status group: the event's time and what kind of time it is.
EVENT_TIMES: dict[str, str] = {
    "334": Classifier.ACTUAL,  # status change date/time
    "178": Classifier.ACTUAL,  # arrival date/time, actual
    "186": Classifier.ACTUAL,  # departure date/time, actual
    "132": Classifier.ESTIMATED,  # arrival date/time, estimated
    "133": Classifier.ESTIMATED,  # departure date/time, estimated
    "17": Classifier.ESTIMATED,  # delivery date/time, estimated
    "232": Classifier.PLANNED,  # arrival date/time, scheduled
    "189": Classifier.PLANNED,  # departure date/time, scheduled
}
# The generic "status change" time yields to a time that says arrival or departure.
GENERIC_TIME = "334"
# DTM 2005 in the message's header.
DOCUMENT_DATE = "137"
HEADER_TIMES = frozenset({DOCUMENT_DATE})

# DTM 2379: the formats of a date and time.
FORMAT_MINUTES = "203"  # CCYYMMDDHHMM, read as UTC
FORMAT_MINUTES_ZONE = "303"  # CCYYMMDDHHMMZZZ, ZZZ = +HH / -HH / UTC
TIME_FORMATS = frozenset({FORMAT_MINUTES, FORMAT_MINUTES_ZONE})

# LOC 3227: the role of a place in a status.
ACTIVITY = "175"  # activity location: the place where the status happened
ORIGIN_ROLES = frozenset({"5", "9", "88"})  # departure, loading, receipt
DESTINATION_ROLES = frozenset({"7", "8", "11"})  # delivery, destination, discharge
BORDER_ROLES = frozenset({"13", "17"})  # transhipment, border crossing
PLACE_ROLES = frozenset({ACTIVITY}) | ORIGIN_ROLES | DESTINATION_ROLES | BORDER_ROLES
UNECE = "6"  # 3055 agency: UN/ECE, i.e. the id is a UN/LOCODE

# RFF 1153.
BOOKING = "BN"  # booking reference number: ours, "BK-000123"
CONSIGNMENT_NOTE = "AAS"  # transport contract document (CIM/SMGS consignment note)
REFERENCES = frozenset({BOOKING, CONSIGNMENT_NOTE, "BM", "CU"})  # BM B/L, CU consignor's

# STS 9015: status category; 1 = transport.
TRANSPORT_STATUS = "1"

# TDT 8051: transport stage; the train number is the conveyance reference.
MAIN_CARRIAGE = "20"
STAGES = frozenset({MAIN_CARRIAGE, "10", "30"})  # main, pre- and on-carriage
RAIL = "2"  # 8067 mode of transport (UN/ECE Rec. 19)

# EQD 8053.
CONTAINER = "CN"
RAIL_CAR = "RR"
EQUIPMENT = frozenset({CONTAINER, RAIL_CAR})

# NAD 3035: the parties a partner may name; we read none of them.
PARTIES = frozenset({"CA", "CN", "CZ", "FW", "MR", "MS", "NI"})

# The CNI-led layout (D.96B to D.13B): from D.14A on, IFTSTA is led by EQD.
FIRST_DIRECTORY, LAST_DIRECTORY = (1996, "B"), (2013, "B")
