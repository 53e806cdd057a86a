"""Files stored beside database rows: never one without the other."""


def save_with_file(obj, field_name: str, name: str, content, save) -> None:
    """Writes the uploaded file, then the row (`save()`). If the row cannot be written, the
    file is removed again, so a failed write leaves no stray file. Call it last in the service
    that owns the transaction (services are the outermost transaction of a request)."""
    field_file = getattr(obj, field_name)
    field_file.save(name, content, save=False)
    stored, storage = field_file.name, field_file.storage
    try:
        save()
    except BaseException:
        if storage.exists(stored):
            storage.delete(stored)
        raise
