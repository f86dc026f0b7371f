"""Loading sanctions list files: each sample's format, idempotency, atomic replacement and
malformed files that leave the current version as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from cloudcabin.compliance.lists.samples import DATA, read_files
from cloudcabin.compliance.lists.services import load_list
from cloudcabin.compliance.matching import PartyQuery, screen
from cloudcabin.compliance.models.lists import (
    ListedEntity,
    ListedIdentifier,
    ListedName,
    ListSource,
    ListVersion,
)
from cloudcabin.compliance.signals import list_version_loaded
from cloudcabin.errors import ProblemError

NON_SDN = (
    "ofac-non-sdn-2025/cons_prim.csv",
    "ofac-non-sdn-2025/cons_add.csv",
    "ofac-non-sdn-2025/cons_alt.csv",
    "ofac-non-sdn-2025/cons_comments.csv",
)
CSL = ("us-csl/consolidated-sample-2025.csv",)
UN = ("un/un-consolidated-subset-2026-02-27.xml",)


def _entity(version: ListVersion, name: str) -> ListedEntity:
    return ListedEntity.objects.get(version=version, primary_name=name)


def _identifiers(entity: ListedEntity) -> set[tuple[str, str, str]]:
    return {(i.scheme, i.value, i.country) for i in entity.identifiers.all()}


@pytest.mark.django_db
def test_the_whole_2019_sdn_list_loads_with_aliases_addresses_and_remark_identifiers() -> None:
    paths = ("ofac-sdn-2019/sdn.csv", "ofac-sdn-2019/add.csv", "ofac-sdn-2019/alt.csv")
    version = load_list(ListSource.OFAC_SDN, read_files(paths)).version
    assert (version.entry_count, version.is_current) == (7379, True)
    bank = _entity(version, "BANCO NACIONAL DE CUBA")
    assert bank.programmes == ["CUBA"]
    assert {(n.text, n.quality) for n in bank.names.all()} >= {
        ("BANCO NACIONAL DE CUBA", "primary"),
        ("NATIONAL BANK OF CUBA", "strong"),
        ("BNC", "weak"),  # "a.k.a. 'BNC'" in the remarks
    }
    assert {a["country"] for a in bank.addresses} == {"CH", "ES", "JP", "PA"}
    assert ListedIdentifier.objects.filter(
        entity__version=version, scheme="IMO", value="9187629"
    ).exists()


@pytest.mark.django_db
def test_the_non_sdn_files_with_crlf_and_the_end_of_file_byte_load() -> None:
    data = read_files(NON_SDN)
    assert data[0][1].endswith(b"\r\n\x1a")
    version = load_list(ListSource.OFAC_NON_SDN, data).version
    assert version.entry_count == 442
    sberbank = _entity(version, "PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA")
    assert {("INN", "7707083893", "RU"), ("OGRN", "1027700132195", "RU")} <= _identifiers(sberbank)
    assert "RUSSIA-EO14024" in sberbank.programmes
    # the remarks continued in cons_comments.csv are joined where they were cut
    continued = ListedEntity.objects.get(version=version, source_id="17014")
    assert continued.remarks.endswith("a.k.a. 'RUSAG'.")


@pytest.mark.django_db
def test_the_current_csl_layout_loads_names_ids_and_programmes() -> None:
    version = load_list(ListSource.US_CSL, read_files(CSL)).version
    assert version.entry_count == 13
    # "…; and any successor, sub-unit, or subsidiary thereof" is not part of the name
    sinobright = _entity(version, "Sinobright Import and Export Company")
    assert sinobright.programmes[0].startswith("Nonproliferation Sanctions (ISN)")
    assert "Vol. 88, No. 151, 08/08/2023" in sinobright.legal_refs
    rim = _entity(version, "RIM, Ryong Nam")
    assert ("PASSPORT", "836238033", "KP") in _identifiers(rim)
    assert {a["country"] for a in rim.addresses} == {"CN", "KP"}


@pytest.mark.django_db
def test_the_legacy_csl_layout_without_record_keys_loads() -> None:
    version = load_list(ListSource.US_CSL, read_files(("us-csl/csl-legacy-sample-2019.csv",)))
    assert version.version.entry_count == 115
    holdings = _entity(version.version, "200G PSA HOLDINGS LLC")
    assert ("TAX_ID", "80-0890696", "US") in _identifiers(holdings)


@pytest.mark.django_db
def test_the_un_list_loads_with_its_date_list_types_and_documents() -> None:
    version = load_list(ListSource.UN, read_files(UN)).version
    assert (version.entry_count, version.published) == (221, date(2026, 2, 27))
    badege = ListedEntity.objects.get(version=version, source_id="6907993")
    assert (badege.primary_name, badege.kind, badege.programmes) == (
        "ERIC BADEGE",
        "person",
        ["DRC"],
    )
    assert badege.legal_refs == ["CDi.001 listed on 2012-12-31"]
    assert ListedIdentifier.objects.filter(entity__version=version).count() > 50


@pytest.mark.django_db
def test_the_hand_built_eu_file_loads_names_in_two_scripts_and_a_uscc() -> None:
    version = load_list(ListSource.EU, read_files(("eu/eu-fsf-fixture.xml",))).version
    assert (version.entry_count, version.published) == (2, date(2026, 11, 20))
    saddam = ListedEntity.objects.get(version=version, source_id="13")
    assert saddam.programmes == ["IRQ"]
    assert saddam.legal_refs[0] == "EU.27.28"
    assert saddam.birth == [
        {"date": "1937-04-28", "place": "al-Awja, near Tikrit", "country": "IQ"}
    ]
    firm = ListedEntity.objects.get(version=version, source_id="900001")
    assert ("USCC", "91440300MA5FIXTURE", "CN") in _identifiers(firm)
    assert ListedName.objects.filter(entity=firm, script="Hani").exists()
    [found] = screen(PartyQuery(name="示例两用物项贸易有限公司"))
    assert (found.entity_id, found.band) == (firm.pk, "hold")


@pytest.mark.django_db
def test_the_hand_built_uk_file_groups_rows_by_designation() -> None:
    version = load_list(ListSource.UK, read_files(("uk/uk-sanctions-list-fixture.csv",))).version
    assert (version.entry_count, version.published) == (3, date(2026, 1, 28))
    person = ListedEntity.objects.get(version=version, source_id="RUS9002")
    assert person.primary_name == "Ivan Petrovich FIXTUROV"
    assert {(n.text, n.quality) for n in person.names.all()} == {
        ("Ivan Petrovich FIXTUROV", "primary"),
        ("Vanya FIXTUROV", "weak"),
    }
    ship = ListedEntity.objects.get(version=version, source_id="RUS9003")
    assert (ship.kind, _identifiers(ship)) == ("vessel", {("IMO", "9000001", "")})
    firm = ListedEntity.objects.get(version=version, source_id="RUS9001")
    assert ("OGRN", "1027700000001", "RU") in _identifiers(firm)
    [found] = screen(PartyQuery(name="ООО «Фикстура Рейл Логистик»"))  # noqa: RUF001
    assert found.entity_id == firm.pk


@pytest.mark.django_db
def test_loading_the_same_file_twice_changes_nothing() -> None:
    first = load_list(ListSource.UN, read_files(UN))
    again = load_list(ListSource.UN, read_files(UN))
    assert (first.created, again.created) == (True, False)
    assert again.version.pk == first.version.pk
    assert ListVersion.objects.count() == 1
    assert ListedEntity.objects.count() == 221


@pytest.mark.django_db
def test_a_new_file_becomes_current_and_the_signal_follows_the_commit(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    sent: list[ListVersion] = []

    def receiver(sender: type[ListVersion], version: ListVersion, **kwargs: Any) -> None:
        sent.append(version)

    list_version_loaded.connect(receiver, sender=ListVersion)
    try:
        old = load_list(ListSource.US_CSL, read_files(("us-csl/csl-legacy-sample-2019.csv",)))
        with django_capture_on_commit_callbacks(execute=True):
            new = load_list(ListSource.US_CSL, read_files(CSL))
            assert sent == []  # not before the commit
    finally:
        list_version_loaded.disconnect(receiver, sender=ListVersion)
    old.version.refresh_from_db()
    assert (old.version.is_current, new.version.is_current) == (False, True)
    assert sent == [new.version]
    # screening sees the new version only
    assert screen(PartyQuery(name="200G PSA Holdings LLC")) == []
    [found] = screen(PartyQuery(name="Sinobright Import and Export Company"))
    assert found.version_id == new.version.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "name", "content", "says"),
    [
        (ListSource.OFAC_SDN, "sdn.csv", b'36,"AEROCARIBBEAN AIRLINES",-0- \n', "3 columns"),
        (ListSource.OFAC_SDN, "sdn.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (ListSource.UN, "consolidated.xml", b"<CONSOLIDATED_LIST><INDIVIDUALS>", "XML"),
        (ListSource.UN, "eu.xml", (DATA / "eu/eu-fsf-fixture.xml").read_bytes(), "root"),
        (ListSource.US_CSL, "csl.csv", b"a,b\n1,2\n", "no column"),
        (ListSource.UK, "uk.csv", b"Report Date: 1-Jan-2026\nfoo,bar\n", "Unique ID"),
    ],
)
def test_a_malformed_or_unknown_file_is_refused_and_the_current_version_stays(
    source: str, name: str, content: bytes, says: str
) -> None:
    samples: dict[str, tuple[str, ...]] = {
        ListSource.OFAC_SDN: ("ofac-non-sdn-2025/cons_prim.csv",),
        ListSource.UN: UN,
        ListSource.US_CSL: CSL,
        ListSource.UK: ("uk/uk-sanctions-list-fixture.csv",),
    }
    current = load_list(source, read_files(samples[source])).version
    with pytest.raises(ProblemError) as refused:
        load_list(source, [(name, content)])
    [problem] = refused.value.problems
    assert problem.code == "LIST_FILE_MALFORMED"
    assert says in problem.message
    assert list(ListVersion.objects.values_list("pk", "is_current")) == [(current.pk, True)]
    assert ListedEntity.objects.count() == current.entry_count


@pytest.mark.django_db
def test_a_bad_row_deep_in_a_file_writes_nothing() -> None:
    good = read_files(CSL)[0][1]
    broken = good + b'"x","y","z"\n'
    with pytest.raises(ProblemError):
        load_list(ListSource.US_CSL, [("csl.csv", broken)])
    assert not ListVersion.objects.exists()
    assert not ListedEntity.objects.exists()


@pytest.mark.django_db
def test_an_unknown_list_is_refused() -> None:
    with pytest.raises(ProblemError) as refused:
        load_list("CN_UEL", read_files(UN))
    assert refused.value.problems[0].code == "LIST_SOURCE_UNKNOWN"


@pytest.mark.django_db
def test_the_command_loads_a_file_and_reports_a_bad_one_clearly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("load_sanctions_list", "UN", str(DATA / UN[0]), "--published", "2026-02-28")
    assert ListVersion.objects.get().published == date(2026, 2, 28)
    with pytest.raises(CommandError, match="could not be read"):
        call_command("load_sanctions_list", "UN", str(DATA / CSL[0]))
    assert ListVersion.objects.count() == 1


@pytest.mark.django_db
def test_screening_a_loaded_sample_cites_its_programme() -> None:
    load_list(ListSource.OFAC_NON_SDN, read_files(NON_SDN))
    [found, *_rest] = screen(PartyQuery(name="Sberbank of Russia PJSC"))
    assert found.score == Decimal("1.00")
    entity = ListedEntity.objects.get(pk=found.entity_id)
    assert entity.primary_name == "PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA"
