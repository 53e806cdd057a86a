def work(request):
    """`work_count` for the header's "Your work" link: counted only when a page shows it."""
    return {"work_count": lambda: _count(request)}


def _count(request) -> int:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    from nvaphub.work import count_for

    return count_for(user)
