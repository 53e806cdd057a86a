"""JSON Schemas of the framework content files (YAML is read as JSON-like data)."""

TEXT = {"type": "string", "minLength": 1}
CODE = {"type": "string", "pattern": r"^[A-Za-z0-9]+([.][A-Za-z0-9]+)*$"}
SLUG = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
TEXT_LIST = {"type": "array", "items": TEXT}
# The Welsh of an item's fields, each with the English it was written from (framework.bilingual).
WELSH = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": ["cy", "en"],
        "additionalProperties": False,
        "properties": {"cy": {"type": ["string", "array"]}, "en": {"type": ["string", "array"]}},
    },
}


LINK = {
    "type": "object",
    "required": ["title"],
    "additionalProperties": False,
    "properties": {"title": TEXT, "url": {"type": "string", "pattern": r"^https?://\S+$"}, "welsh": WELSH},
}


def _object(required, properties):
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": {**properties, "welsh": WELSH},
    }


FRAMEWORK_SCHEMA = _object(
    ["slug", "name", "short_name"],
    {
        "slug": SLUG,
        "name": TEXT,
        "short_name": TEXT,
        "description": {"type": "string"},
        "theme_label": TEXT,
        "action_label": TEXT,
        "peel_edition": TEXT,
    },
)

VERSION_SCHEMA = _object(
    ["version", "themes"],
    {
        "version": _object(
            ["label", "sequence", "title", "status"],
            {
                "label": TEXT,
                "sequence": {"type": "integer", "minimum": 1},
                "title": TEXT,
                "status": {"enum": ["draft", "published"]},
                "published_on": {"type": "string", "format": "date"},
                "date_note": {"type": "string"},
                "partial": {"type": "boolean"},
                "notes": {"type": "string"},
                "sources": TEXT_LIST,
                "peel_edition": TEXT,
            },
        ),
        "themes": {
            "type": "array",
            "minItems": 1,
            "items": _object(
                ["code", "title"],
                {"code": CODE, "title": TEXT, "description": {"type": "string"}, "grouping": TEXT},
            ),
        },
        "perennial_issues": {
            "type": "array",
            "items": _object(["slug", "name"], {"slug": SLUG, "name": TEXT, "diagnosis": {"type": "string"}}),
        },
        "peel_measures": {
            "type": "array",
            "items": _object(["code", "text"], {"code": CODE, "text": TEXT}),
        },
    },
)

OBJECTIVE = _object(
    ["number", "text"],
    {
        "number": {"type": "integer", "minimum": 1},
        "text": TEXT,
        "what_we_mean": {"type": "string"},
        "what_forces_are_doing": TEXT_LIST,
        "what_we_need_intro": {"type": "string"},
        "what_we_need": TEXT_LIST,
        "peel_measures": {"type": "array", "items": CODE},
    },
)

ACTIONS_SCHEMA = _object(
    ["actions"],
    {
        "actions": {
            "type": "array",
            "minItems": 1,
            "items": _object(
                ["code", "theme", "title", "detail"],
                {
                    "code": CODE,
                    "scope": {"enum": ["national", "force"]},
                    "theme": CODE,
                    "other_themes": {"type": "array", "items": CODE},
                    "title": TEXT,
                    "detail": TEXT,
                    "owner": {"type": "string"},
                    "interim": {"type": "boolean"},
                    "note": {"type": "string"},
                    "current_evidence": {"type": "string"},
                    "organisational_impact": {"type": "string"},
                    "external_impact": {"type": "string"},
                    "evidence_overview": {"type": "string"},
                    "perennial_issues": {"type": "array", "items": SLUG},
                    "peel_measures": {
                        "type": "array",
                        "items": {"oneOf": [CODE, _object(["code", "text"], {"code": CODE, "text": TEXT})]},
                    },
                    "useful_links": {"type": "array", "items": LINK},
                    "objectives": {"type": "array", "items": OBJECTIVE},
                },
            ),
        }
    },
)

TOOLKIT_SCHEMA = _object(
    ["action", "title", "action_title", "action_detail", "objectives"],
    {
        "action": CODE,
        "title": TEXT,
        "action_title": TEXT,
        "action_detail": TEXT,
        "contact": {"type": "string"},
        "organisational_impact": {"type": "string"},
        "external_impact": {"type": "string"},
        "peel_measures": {"type": "array", "items": CODE},
        "guidance": TEXT_LIST,
        "plan_questions": TEXT_LIST,
        "plan_fields": {
            "type": "array",
            "items": _object(
                ["name", "scope"],
                {
                    "name": TEXT,
                    "scope": {"enum": ["header", "objective"]},
                    "columns": {"enum": ["both"]},
                    "prompt": TEXT,
                },
            ),
        },
        "perennial_intro": {"type": "string"},
        "perennial_challenges": {
            "type": "array",
            "items": _object(["issue", "issues"], {"issue": SLUG, "issues": TEXT_LIST}),
        },
        "useful_links": {"type": "array", "items": LINK},
        "references": TEXT_LIST,
        "objectives": {
            "type": "array",
            "minItems": 1,
            "items": _object(
                ["number", "text"],
                {
                    "number": {"type": "integer", "minimum": 1},
                    "short_title": TEXT,
                    "text": TEXT,
                    "plan_objectives": {"type": "array", "items": {"type": "integer"}},
                    "situation": {"type": "string"},
                    "what_we_mean": {"type": "string"},
                    "what_we_need_intro": {"type": "string"},
                    "what_we_need": TEXT_LIST,
                    "suggested_measures": _object(
                        [],
                        {
                            "peel": {
                                "type": "array",
                                "items": _object(["code", "text"], {"code": CODE, "text": TEXT}),
                            },
                            "other": {
                                "type": "array",
                                "items": {"oneOf": [TEXT, _object(["text"], {"text": TEXT})]},
                            },
                        },
                    ),
                    "self_assessment_prompts": TEXT_LIST,
                    "unintended_consequences": TEXT_LIST,
                    "progress_examples": TEXT_LIST,
                    # Words in square brackets in the objective's own text are rebuilt.
                    "rebuilt": {"type": "boolean"},
                    "logic_model": {
                        "type": "array",
                        "items": _object(
                            ["activity"],
                            {
                                "activity": TEXT,
                                "evidence": TEXT_LIST,
                                "outputs": TEXT_LIST,
                                "short_medium_term_impacts": TEXT_LIST,
                                "impact_assessment_questions": TEXT_LIST,
                                # Words in square brackets here are rebuilt from a damaged source.
                                "rebuilt": {"type": "boolean"},
                            },
                        ),
                    },
                },
            ),
        },
    },
)

CROSSWALKS_SCHEMA = _object(
    ["target", "links"],
    {
        "target": _object(["framework", "version"], {"framework": SLUG, "version": TEXT}),
        "links": {
            "type": "array",
            "items": _object(
                ["source", "target", "relation"],
                {
                    "source": CODE,
                    "target": CODE,
                    "relation": {"enum": ["equivalent", "broader", "narrower", "related"]},
                    "note": {"type": "string"},
                },
            ),
        },
    },
)
