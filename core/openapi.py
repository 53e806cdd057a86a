"""The OpenAPI description of the JSON API, assembled from what each app's API registers."""

_PATHS: dict[str, dict] = {}
_SCHEMAS: dict[str, dict] = {}


def register(paths: dict[str, dict], schemas: dict[str, dict] | None = None) -> None:
    _PATHS.update(paths)
    _SCHEMAS.update(schemas or {})


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}


def build_schema(request) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "NVAP Hub API",
            "version": "1",
            "description": (
                "Read the plan (and, as they arrive, benchmarking and impact data) as JSON, "
                "for BI tools such as Power BI and Qlik Sense. Errors are JSON objects with an "
                "`error` holding a `code` and a `message`."
            ),
        },
        "servers": [{"url": request.build_absolute_uri("/api/v1")}],
        "paths": dict(sorted(_PATHS.items())),
        "components": {
            "schemas": {"Error": ERROR_SCHEMA, **_SCHEMAS},
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
                "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token"},
            },
        },
    }
