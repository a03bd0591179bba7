import pytest


@pytest.fixture(autouse=True)
def _phases(request):  # type: ignore[no-untyped-def]
    """Transactional tests flush the tables, the migration's default phases too: put them back."""
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("django_db_blocker")
    from ideverkstedet.challenges.tests.factories import ensure_phases

    ensure_phases()
