import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from ideverkstedet.challenges.models import Challenge, Cheer, Comment, Idea, Membership, Phase, Report
from ideverkstedet.search.models import SearchEntry


@pytest.fixture
def demo(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("demo", "--size", "small")


@pytest.mark.django_db
def test_small_demo_has_challenges_with_counters_that_match_the_rows(demo):
    assert 30 <= Challenge.objects.count() <= 60
    posts = Idea.objects.count() + Comment.objects.count()
    assert 150 <= posts <= 600
    challenges = Challenge.objects.annotate(
        ideas_seen=Count("ideas", filter=Q(ideas__hidden_at__isnull=True), distinct=True),
        comments_seen=Count("comments", filter=Q(comments__hidden_at__isnull=True), distinct=True),
    )
    for challenge in challenges:
        assert challenge.idea_count == challenge.ideas_seen, challenge.slug
        assert challenge.comment_count == challenge.comments_seen, challenge.slug
    ideas = Idea.objects.annotate(
        cheers_seen=Count("cheers", distinct=True),
        comments_seen=Count("comments", filter=Q(comments__hidden_at__isnull=True), distinct=True),
    )
    for idea in ideas:
        assert idea.cheer_count == idea.cheers_seen
        assert idea.comment_count == idea.comments_seen


@pytest.mark.django_db
def test_small_demo_covers_phases_visibility_input_and_moderation(demo):
    used = set(Challenge.objects.values_list("phase__slug", flat=True))
    assert used == set(Phase.objects.values_list("slug", flat=True)) == {"mote", "tenke", "skape", "dele"}
    assert set(Challenge.objects.values_list("visibility", flat=True)) == {"public", "internal"}
    now = timezone.now()
    open_public = Challenge.objects.filter(
        visibility="public", input_opens_at__lte=now, input_closes_at__gt=now, input_audience="everyone"
    )
    assert open_public.exists()
    assert Challenge.objects.filter(input_opens_at__gt=now).exists()
    assert Challenge.objects.filter(input_closes_at__lte=now).exclude(outcome="").exists()
    assert not Challenge.objects.filter(visibility="internal", input_audience="everyone").exists()
    assert Idea.objects.filter(is_anonymous=True).exists()
    assert set(Idea.objects.values_list("status", flat=True)) == {
        "new",
        "considering",
        "testing",
        "implemented",
        "set_aside",
    }
    assert not Idea.objects.exclude(status="new").filter(status_note="").exists()
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert not Comment.objects.filter(parent__parent__isnull=False).exists()  # one level of replies
    assert Report.objects.filter(decision=Report.Decision.PENDING).count() >= 3
    # Every challenge has its phase history, starting from no phase.
    for challenge in Challenge.objects.prefetch_related("phase_changes"):
        changes = list(challenge.phase_changes.all())
        assert changes[0].from_phase_id is None and changes[-1].to_phase_id == challenge.phase_id


@pytest.mark.django_db
def test_cheers_are_unique_and_demo_accounts_take_part(demo):
    pairs = list(Cheer.objects.values_list("idea_id", "user_id"))
    assert len(pairs) == len(set(pairs)) > 0
    assert Challenge.objects.filter(owner__email="ansatt@demo.kommune.no").exists()
    assert Membership.objects.filter(user__email="radgiver@demo.kommune.no", status="active").exists()
    assert Idea.objects.filter(author__email="innbygger@demo.no").exists()


@pytest.mark.django_db
def test_demo_challenges_and_ideas_are_searchable(demo, client):
    assert SearchEntry.objects.filter(kind="challenge").count() == Challenge.objects.count()
    assert (
        SearchEntry.objects.filter(kind="idea").count() == Idea.objects.filter(hidden_at__isnull=True).count()
    )
    response = client.get("/sok/", {"q": "barnehagen"})
    assert response.status_code == 200
    assert "barnehage" in response.content.decode().lower()


@pytest.mark.django_db
def test_demo_does_not_add_challenges_twice(demo):
    count = Challenge.objects.count()
    call_command("demo", "--size", "small")
    assert Challenge.objects.count() == count
