"""The controlled lists the deaths repository starts from. The national team keeps them as
data afterwards (deaths leads add, rename and retire terms on the lists page); a record keeps
the code of the term it was given, so a renamed term renames every record's display and a
retired one stays readable on the records that hold it. "Not known" is in every list.

Methods follow the Homicide Index list, with the methods the project records for suspected
victim suicides; ethnicity uses the ONS harmonised high-level groups."""

NOT_KNOWN = "not_known"

LISTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "method": (
        "Method",
        [
            ("sharp_instrument", "Sharp instrument"),
            ("hitting_kicking", "Hitting, kicking"),
            ("strangulation", "Strangulation"),
            ("blunt_instrument", "Blunt instrument"),
            ("shooting", "Shooting"),
            ("motor_vehicle", "Motor vehicle"),
            ("poison", "Poison"),
            ("burning", "Burning"),
            ("drowning", "Drowning"),
            ("explosion", "Explosion"),
            ("hanging", "Hanging"),
            ("drugs_poisoning", "Drugs or poisoning (suspected suicide)"),
            ("suffocation", "Suffocation"),
            ("fall_from_height", "Fall from height"),
            ("other", "Other"),
            (NOT_KNOWN, "Not known"),
        ],
    ),
    "location": (
        "Location type",
        [
            ("victim_home", "The victim's home"),
            ("shared_home", "A home the victim and suspect shared"),
            ("suspect_home", "The suspect's home"),
            ("other_home", "Another home"),
            ("street", "Street or public place"),
            ("hospital", "Hospital or care setting"),
            ("other", "Other"),
            (NOT_KNOWN, "Not known"),
        ],
    ),
    "age_band": (
        "Age band",
        [
            ("under_16", "Under 16"),
            ("16_24", "16 to 24"),
            ("25_34", "25 to 34"),
            ("35_44", "35 to 44"),
            ("45_54", "45 to 54"),
            ("55_64", "55 to 64"),
            ("65_74", "65 to 74"),
            ("75_plus", "75 or over"),
            (NOT_KNOWN, "Not known"),
        ],
    ),
    "ethnicity": (
        "Ethnicity (ONS groups)",
        [
            ("asian", "Asian or Asian British"),
            ("black", "Black, Black British, Caribbean or African"),
            ("mixed", "Mixed or multiple ethnic groups"),
            ("white", "White"),
            ("other", "Other ethnic group"),
            (NOT_KNOWN, "Not known"),
        ],
    ),
    "relationship": (
        "Relationship to the victim",
        [
            ("partner", "Partner or spouse"),
            ("ex_partner", "Former partner or spouse"),
            ("child", "Son or daughter"),
            ("parent", "Parent or step-parent"),
            ("sibling", "Brother or sister"),
            ("other_family", "Other family member"),
            ("household", "Lived together, not family or partner"),
            ("other", "Other"),
            (NOT_KNOWN, "Not known"),
        ],
    ),
    "charge": (
        "Charged offence",
        [
            ("murder", "Murder"),
            ("manslaughter", "Manslaughter"),
            ("causing_death_driving", "Causing death by driving"),
            ("infanticide", "Infanticide"),
            ("causing_allowing_death", "Causing or allowing the death of a child or vulnerable adult"),
            ("other", "Another offence"),
            ("not_charged", "Not charged"),
            (NOT_KNOWN, "Not known yet"),
        ],
    ),
    "conclusion": (
        "Coroner's conclusion",
        [
            ("suicide", "Suicide"),
            ("unlawful_killing", "Unlawful killing"),
            ("open", "Open conclusion"),
            ("narrative", "Narrative conclusion"),
            ("accident", "Accident or misadventure"),
            ("natural_causes", "Natural causes"),
            ("drug_related", "Drug-related"),
            ("not_held", "No inquest held"),
            (NOT_KNOWN, "Not known yet"),
        ],
    ),
    "exclusion": (
        "Reason for exclusion",
        [
            ("no_domestic_abuse", "No domestic abuse found"),
            ("not_a_death", "Not a death the project counts"),
            ("duplicate", "Notified twice"),
            ("outside_period", "Outside the period"),
            ("other", "Other"),
        ],
    ),
    "theme": (
        "Theme",
        [
            ("risk_identification", "Identification of risk"),
            ("coercive_control", "Coercive and controlling behaviour"),
            ("strangulation", "Non-fatal strangulation"),
            ("repeat_victim", "Repeat victimisation"),
            ("information_sharing", "Information sharing"),
            ("mental_health", "Mental health"),
            ("substance_use", "Substance use"),
            ("separation", "Separation"),
            ("older_victims", "Older victims"),
            ("suicide_risk", "Suicide risk after abuse"),
        ],
    ),
}


def ensure_terms() -> None:
    """Creates any starting term that is missing (a migration does it once; tests that empty
    the database call this again)."""
    from deaths.models import Term

    for name, (_label, terms) in LISTS.items():
        for position, (code, label) in enumerate(terms):
            Term.objects.get_or_create(list=name, code=code, defaults={"label": label, "position": position})
