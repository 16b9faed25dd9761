"""The reference tables are complete and consistent, and printed names match exactly the right entry."""
import re

import pandas as pd
import pytest

from pipeline import canonical


def test_forces_are_the_43_territorial_forces():
    forces = canonical.load_forces()
    assert list(forces.columns) == ["force_id", "name", "ons_code", "country", "aliases"]
    assert len(forces) == 43
    assert forces["force_id"].is_unique
    assert forces["ons_code"].is_unique
    assert forces["name"].is_unique
    england = forces[forces["country"] == "England"]
    wales = forces[forces["country"] == "Wales"]
    assert len(england) == 39 and len(wales) == 4
    assert {int(code[3:]) for code in england["ons_code"]} == set(range(1, 40))
    assert all(re.fullmatch(r"E23\d{6}", code) for code in england["ons_code"])
    assert {int(code[3:]) for code in wales["ons_code"]} == set(range(1, 5))
    assert all(re.fullmatch(r"W15\d{6}", code) for code in wales["ons_code"])


@pytest.mark.parametrize("force_id, ons_code", [
    ("metropolitan", "E23000001"), ("city-of-london", "E23000034"), ("devon-and-cornwall", "E23000035"),
    ("hampshire", "E23000030"), ("north-wales", "W15000001"), ("dyfed-powys", "W15000004"),
])
def test_ons_codes_joined_by_area(force_id, ons_code):
    forces = canonical.load_forces().set_index("force_id")
    assert forces.loc[force_id, "ons_code"] == ons_code


def test_aliases_are_sorted_lists():
    for aliases in canonical.load_forces()["aliases"]:
        assert isinstance(aliases, list) and aliases and aliases == sorted(aliases)


def test_every_alias_and_name_resolves_to_its_own_force():
    for force_id, name, aliases in canonical.load_forces()[["force_id", "name", "aliases"]].itertuples(index=False):
        assert canonical.match_force(name) == force_id
        for alias in aliases:
            assert canonical.match_force(alias) == force_id, alias


def test_lookup_keys_each_name_one_force():
    lookup = canonical.force_lookup()
    assert set(lookup.values()) == set(canonical.load_forces()["force_id"])
    assert "" not in lookup


@pytest.mark.parametrize("printed, force_id", [
    ("Avon and Somerset Constabulary", "avon-and-somerset"),
    ("Avon & Somerset Police", "avon-and-somerset"),
    ("W Yorkshire Police", "west-yorkshire"),
    ("West Yorkshire Police", "west-yorkshire"),
    ("Dyfed Powys Police", "dyfed-powys"),
    ("Dyfed-Powys Police", "dyfed-powys"),
    ("Dyfed–Powys Police", "dyfed-powys"),
    ("Norfolk Police", "norfolk"),
    ("Norfolk Constabulary", "norfolk"),
    ("Lancashire Police", "lancashire"),
    ("Lancashire Constabulary", "lancashire"),
    ("Cumbria Police", "cumbria"),
    ("Cumbria Constabulary", "cumbria"),
    ("Metropolitan Police", "metropolitan"),
    ("Metropolitan Police Service", "metropolitan"),
    ("Met Police", "metropolitan"),
    ("The Metropolitan Police", "metropolitan"),
    ("City of London Police", "city-of-london"),
    ("The City of London Police", "city-of-london"),
    ("Hampshire Constabulary", "hampshire"),
    ("Hampshire and Isle of Wight Constabulary", "hampshire"),
    ("Hampshire & the Isle of Wight Constabulary", "hampshire"),
    ("Devon & Cornwall Police", "devon-and-cornwall"),
    ("Durham", "durham"),
    ("  durham   CONSTABULARY ", "durham"),
    ("Kent Police*", "kent"),
])
def test_known_variants(printed, force_id):
    assert canonical.match_force(printed) == force_id


@pytest.mark.parametrize("printed", [
    "Police Scotland", "Scottish Police Authority", "Fire and Rescue Service", "British Transport Police",
    "North", "West", "South", "Police", "Constabulary", "The Constabulary", "Yorkshire Police", "", None,
    float("nan"),
])
def test_non_forces_do_not_match(printed):
    assert canonical.match_force(printed) is None


def test_normalise_name():
    assert canonical.normalise_name("Norfolk Police") == canonical.normalise_name("Norfolk Constabulary") == "norfolk"
    assert canonical.normalise_name("The Metropolitan Police Service") == "metropolitan"
    assert canonical.normalise_name("Avon & Somerset Police") == "avon and somerset"
    assert canonical.normalise_name("Dyfed-Powys") == "dyfed powys"
    assert canonical.normalise_name("Police") == "police"


def test_add_force_ids_keeps_rows_and_nulls_unknowns():
    frame = pd.DataFrame({
        "cycle": ["2023-25", "2023-25", "2021-22", "2021-22"],
        "force_printed": ["Norfolk Police", "Police Scotland", None, "W Yorkshire Police"],
        "grade": ["Good", "Good", None, "Adequate"],
    }, index=[10, 11, 12, 13])
    out = canonical.add_force_ids(frame)
    assert list(out.columns) == ["cycle", "force_printed", "force_id", "grade"]
    assert list(out.index) == [10, 11, 12, 13]
    assert out.loc[10, "force_id"] == "norfolk"
    assert out["force_id"].isna().tolist() == [False, True, True, False]
    assert "force_id" not in frame.columns
    assert list(canonical.add_force_ids(out).columns) == list(out.columns)


def test_add_force_ids_other_column():
    frame = pd.DataFrame({"force": ["Kent Police"], "x": [1]})
    out = canonical.add_force_ids(frame, column="force")
    assert list(out.columns) == ["force", "force_id", "x"] and out.loc[0, "force_id"] == "kent"


def test_area_labels_unique_within_framework():
    areas = canonical.load_areas()
    assert list(areas.columns) == ["area_id", "framework", "label"]
    assert set(areas["framework"]) == {"2023-25", "2021-22"}
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", area_id) for area_id in areas["area_id"])
    keys = areas.assign(key=areas["label"].map(canonical.normalise_area))
    assert not keys.duplicated(["framework", "key"]).any()


def test_every_area_label_resolves_within_its_framework():
    for area_id, framework, label in canonical.load_areas().itertuples(index=False):
        assert canonical.match_area(label, framework) == area_id, (framework, label)


@pytest.mark.parametrize("printed, cycle, area_id", [
    ("OPERATIONAL PRACTICE AREA FIVE: Protecting vulnerable people", "2023-25", "protecting_vulnerable_people"),
    ("OPERATIONAL PRACTICE AREA TWO: Preventing and deterring crime and antisocial behaviour, and reducing "
     "vulnerability", "2023-25", "preventing_crime_antisocial_behaviour"),
    ("Preventing crime and anti-social behaviour", "2023-25", "preventing_crime_antisocial_behaviour"),
    ("Preventing crime and anti- social behaviour", "2021-22", "preventing_crime_antisocial_behaviour"),
    ("Vetting and counter corruption", "2023-25", "tackling_workforce_corruption"),
    ("Tackling workforce corruption", "2021-22", "tackling_workforce_corruption"),
    ("Leadership and Force management", "2023-25", "leadership_and_force_management"),
    ("Leadership and force management", "2023-25", "leadership_and_force_management"),
    ("OPERATIONAL PRACTICE AREA EIGHT: Leadership and Force management", "2021-22",
     "strategic_planning_value_for_money"),
    ("Police powers and public treatment", "2023-25", "police_powers_public_treatment"),
    ("Engaging with and treating the public with fairness and respect", "2021-22", "treating_the_public_fairly"),
    ("Disrupting Serious and organised crime", "2021-22", "disrupting_serious_organised_crime"),
    ("Providing a service to the victims of crime", "2021-22", "providing_a_service_to_victims"),
    # another framework's label still matches when it means the same area everywhere
    ("Investigating crime", None, "investigating_crime"),
    ("Engaging with and treating the public with fairness and respect", "2023-25", "treating_the_public_fairly"),
])
def test_area_variants(printed, cycle, area_id):
    assert canonical.match_area(printed, cycle) == area_id


@pytest.mark.parametrize("printed, cycle", [
    ("Str pla organisa manage and va", "2021-22"),  # every line of a header cell cut at the page's edge
    ("St pl organis mana and va", "2021-22"),
    ("Strat plann organ mana and va mone", "2021-22"),
])
def test_an_area_label_cut_word_by_word_at_the_edge_still_names_its_area(printed, cycle):
    """Each word a label keeps is the start of the next word of one area's label, and together they
    keep four letters in ten of those words; two letters a word, at least."""
    assert canonical.match_area(printed, cycle) == "strategic_planning_value_for_money"
    assert canonical.match_area("Dis ser org cri", "2021-22") is None  # three letters a word: too few in all
    assert canonical.match_area("S p o m a v", "2021-22") is None  # a letter a word says nothing


@pytest.mark.parametrize("printed, cycle", [
    ("Leadership and Force management", None),  # a different area in each framework
    ("Constabulary Name", "2023-25"),
    ("Crime", "2021-22"),
    (None, "2023-25"),
])
def test_area_non_matches(printed, cycle):
    assert canonical.match_area(printed, cycle) is None


def test_add_area_ids_reads_each_rows_cycle():
    frame = pd.DataFrame({
        "cycle": ["2023-25", "2021-22", "2021-22"],
        "area_printed": ["Leadership and Force management"] * 2 + ["Not an area"],
        "grade": ["Good", "Good", None],
    })
    out = canonical.add_area_ids(frame, "area_printed")
    assert list(out.columns) == ["cycle", "area_printed", "area_id", "grade"]
    assert out["area_id"].tolist()[:2] == ["leadership_and_force_management", "strategic_planning_value_for_money"]
    assert pd.isna(out.loc[2, "area_id"])


def test_lookup_refuses_a_key_naming_two_forces(monkeypatch):
    real = canonical._read_reference

    def with_clash(name):
        table = real(name)
        if name == "force_aliases.csv":
            table = pd.concat([table, pd.DataFrame({"alias": ["Kent Constabulary"], "force_id": ["sussex"]})])
        return table

    caches = (canonical._forces, canonical._force_keys)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(canonical, "_read_reference", with_clash)
    try:
        with pytest.raises(ValueError, match="kent"):
            canonical.force_lookup()
    finally:
        monkeypatch.undo()
        for cache in caches:
            cache.cache_clear()
    assert canonical.match_force("Kent Constabulary") == "kent"


@pytest.mark.parametrize("printed, force_id", [
    ("Su\ufffdolk Constabulary", "suffolk"),           # 'ﬀ' left unread
    ("Su\ufffd olk Constabulary", "suffolk"),          # ... and a gap measured after it
    ("\ufffd Police", None),                           # too little read: the alias 'Met' fits, but no more
    ("Nor\ufffd\ufffdk Police", None),                 # 'Norfolk', or any 'Nor..k' force: too little read
])
def test_a_force_name_with_unread_glyphs_matches_the_one_force_it_can_be(printed, force_id):
    assert canonical.match_force(printed) == force_id


def test_an_area_label_with_unread_glyphs_matches_the_one_area_it_can_be():
    assert canonical.match_area("Managing o\ufffdenders and suspects", "2023-25") == "managing_offenders_and_suspects"
    assert canonical.match_area("OPERATIONAL PRACTICE AREA SIX: Managing o\ufffd enders and suspects",
                                "2021-22") == "managing_offenders_and_suspects"
    assert canonical.match_area("\ufffd", "2023-25") is None
