"""Merging duplicate ideas: cheers and follows move once per person, the duplicates stay readable, people are
told in their language, and an adviser's undo puts every row back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Challenge, Cheer, Follow, Idea, IdeaMerge, MergeMove
from ideverkstedet.challenges.services import ChallengeError, NotAllowed, merging
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.notifications.models import Notification
from ideverkstedet.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    challenge = make_challenge(visibility="public", open_for="everyone")
    authors = [user_with_role(Role.CITIZEN, language=lang) for lang in ("nb", "nn", "en")]
    kept = make_idea(challenge, authors[0], title="Ett skjema for alle barnehager", is_anonymous=True)
    dups = [
        make_idea(challenge, authors[1], title="Felles søknadsskjema", is_anonymous=True),
        make_idea(challenge, authors[2], title="Ett skjema", is_anonymous=True),
    ]
    return challenge, kept, dups, authors


def _state(*ideas: Idea) -> dict[int, tuple[set[int], set[int]]]:
    return {
        i.pk: (
            set(Cheer.objects.filter(idea=i).values_list("user_id", flat=True)),
            set(Follow.objects.filter(idea=i).values_list("user_id", flat=True)),
        )
        for i in ideas
    }


def test_cheers_move_to_the_kept_idea_and_each_person_counts_once(setting):  # type: ignore[no-untyped-def]
    challenge, kept, dups, authors = setting
    fans = [user_with_role(Role.CITIZEN) for _ in range(4)]
    services.cheer_add(user=fans[0], idea=kept)
    services.cheer_add(user=fans[0], idea=dups[0])  # cheered both: counts once
    services.cheer_add(user=fans[1], idea=dups[0])
    services.cheer_add(user=fans[1], idea=dups[1])  # cheered two duplicates: counts once
    services.cheer_add(user=fans[2], idea=dups[1])
    adviser = user_with_role(Role.ADVISOR)
    before = _state(kept, *dups)
    ideas_before = Challenge.objects.get(pk=challenge.pk).idea_count

    merge = merging.idea_merge(actor=adviser, kept=kept, duplicates=dups, reason="Samme idé tre ganger")

    kept.refresh_from_db()
    assert kept.cheer_count == 3 == Cheer.objects.filter(idea=kept).count()
    assert set(Cheer.objects.filter(idea=kept).values_list("user_id", flat=True)) == {f.pk for f in fans[:3]}
    for dup in dups:
        dup.refresh_from_db()
        assert dup.merged_into_id == kept.pk and dup.cheer_count == 0
        assert not Cheer.objects.filter(idea=dup).exists()
    # The authors of the duplicates follow the kept idea now (they followed their own).
    assert {a.pk for a in authors} <= set(Follow.objects.filter(idea=kept).values_list("user_id", flat=True))
    assert Challenge.objects.get(pk=challenge.pk).idea_count == ideas_before - 2
    assert MergeMove.objects.filter(merge=merge).count() == 4 + 2
    assert not SearchEntry.objects.filter(kind="idea", object_id__in=[d.pk for d in dups]).exists()
    entry = AuditEntry.objects.get(action="challenges.ideas_merged")
    assert entry.reason == "Samme idé tre ganger"

    merging.idea_merge_undo(actor=adviser, merge=merge, reason="Det var ulike ideer likevel")

    assert _state(kept, *dups) == before
    for idea in [kept, *dups]:
        idea.refresh_from_db()
        assert idea.cheer_count == Cheer.objects.filter(idea=idea).count()
        assert idea.merged_into_id is None
    assert Challenge.objects.get(pk=challenge.pk).idea_count == ideas_before
    assert SearchEntry.objects.filter(kind="idea", object_id__in=[d.pk for d in dups]).count() == 2


def test_authors_are_told_in_their_language_and_anonymous_authors_stay_anonymous(setting):  # type: ignore[no-untyped-def]
    challenge, kept, dups, authors = setting
    Notification.objects.all().delete()
    merging.idea_merge(actor=challenge.owner, kept=kept, duplicates=dups, reason="Like forslag")
    by_user = {n.user_id: n for n in Notification.objects.all()}
    assert set(by_user) >= {a.pk for a in authors}
    assert by_user[authors[0].pk].title.startswith("Ideer er slått sammen")
    assert (
        by_user[authors[1].pk].title.startswith("Idear er slått saman")
        or "saman" in by_user[authors[1].pk].title
    )
    assert by_user[authors[2].pk].title.startswith("Ideas merged")
    for notice in Notification.objects.all():
        for author in authors:
            assert author.full_name not in notice.body and author.email not in notice.body
    assert "Like forslag" in by_user[authors[2].pk].body


def test_a_person_who_cheered_after_the_merge_keeps_that_cheer_on_undo(setting):  # type: ignore[no-untyped-def]
    _challenge, kept, dups, _authors = setting
    adviser = user_with_role(Role.ADVISOR)
    merge = merging.idea_merge(actor=adviser, kept=kept, duplicates=dups, reason="Like")
    late = user_with_role(Role.CITIZEN)
    result = services.cheer_add(user=late, idea=dups[0])  # a stale page: the cheer lands on the kept idea
    assert result.idea.pk == kept.pk and result.changed
    merging.idea_merge_undo(actor=adviser, merge=merge, reason="Feil")
    kept.refresh_from_db()
    assert Cheer.objects.filter(idea=kept, user=late).exists() and kept.cheer_count == 1


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.CITIZEN, Role.LEADER])
def test_only_advisers_undo(setting, role):  # type: ignore[no-untyped-def]
    challenge, kept, dups, _authors = setting
    merge = merging.idea_merge(actor=challenge.owner, kept=kept, duplicates=dups, reason="Like")
    with pytest.raises(NotAllowed):
        merging.idea_merge_undo(actor=user_with_role(role), merge=merge, reason="Nei")
    with pytest.raises(NotAllowed):
        merging.idea_merge_undo(actor=challenge.owner, merge=merge, reason="Nei")


def test_undo_is_possible_for_thirty_days_and_only_once(setting):  # type: ignore[no-untyped-def]
    _challenge, kept, dups, _authors = setting
    adviser = user_with_role(Role.ADVISOR)
    merge = merging.idea_merge(actor=adviser, kept=kept, duplicates=dups, reason="Like")
    IdeaMerge.objects.filter(pk=merge.pk).update(merged_at=timezone.now() - timedelta(days=31))
    merge.refresh_from_db()
    with pytest.raises(ChallengeError, match="30 dager"):
        merging.idea_merge_undo(actor=adviser, merge=merge, reason="For sent")
    IdeaMerge.objects.filter(pk=merge.pk).update(merged_at=timezone.now() - timedelta(days=29))
    merge.refresh_from_db()
    merging.idea_merge_undo(actor=adviser, merge=merge, reason="I tide")
    with pytest.raises(ChallengeError, match="allerede angret"):
        merging.idea_merge_undo(actor=adviser, merge=merge, reason="Igjen")


def test_refuses_hidden_already_merged_foreign_and_empty(setting):  # type: ignore[no-untyped-def]
    challenge, kept, dups, _authors = setting
    owner = challenge.owner
    with pytest.raises(ChallengeError, match="begrunnelse"):
        merging.idea_merge(actor=owner, kept=kept, duplicates=dups, reason="  ")
    with pytest.raises(ChallengeError):
        merging.idea_merge(actor=owner, kept=kept, duplicates=[kept], reason="Like")
    other = make_idea(make_challenge(visibility="public", open_for="everyone", title="Noe annet"))
    with pytest.raises(ChallengeError, match="samme utfordring"):
        merging.idea_merge(actor=owner, kept=kept, duplicates=[other], reason="Like")
    services.moderate_hide(actor=user_with_role(Role.ADVISOR), post=dups[1], reason="Spam")
    with pytest.raises(ChallengeError, match="skjult"):
        merging.idea_merge(actor=owner, kept=kept, duplicates=dups, reason="Like")
    merging.idea_merge(actor=owner, kept=kept, duplicates=[dups[0]], reason="Like")
    with pytest.raises(ChallengeError, match="allerede slått sammen"):
        merging.idea_merge(actor=owner, kept=kept, duplicates=[dups[0]], reason="Like")
    dups[0].refresh_from_db()
    with pytest.raises(NotAllowed):  # a merged duplicate cannot keep others
        merging.idea_merge(actor=owner, kept=dups[0], duplicates=[kept], reason="Like")


def test_a_merged_duplicate_is_read_only(setting):  # type: ignore[no-untyped-def]
    challenge, kept, dups, authors = setting
    merging.idea_merge(actor=challenge.owner, kept=kept, duplicates=dups, reason="Like")
    dup = Idea.objects.get(pk=dups[0].pk)
    with pytest.raises(ChallengeError, match="slått sammen"):
        services.comment_create(author=authors[0], challenge=challenge, idea=dup, body="Hei")
    with pytest.raises(ChallengeError, match="slått sammen"):
        services.follow(user=user_with_role(Role.CITIZEN), idea=dup)
    assert not challenge.owner.has_perm("challenges.set_idea_status", dup)


def test_hiding_a_merged_duplicate_does_not_count_it_twice(setting):  # type: ignore[no-untyped-def]
    challenge, kept, dups, _authors = setting
    merge = merging.idea_merge(actor=challenge.owner, kept=kept, duplicates=dups, reason="Like")
    count = Challenge.objects.get(pk=challenge.pk).idea_count
    adviser = user_with_role(Role.ADVISOR)
    services.moderate_hide(actor=adviser, post=Idea.objects.get(pk=dups[0].pk), reason="Spam")
    assert Challenge.objects.get(pk=challenge.pk).idea_count == count
    merging.idea_merge_undo(actor=adviser, merge=merge, reason="Feil")
    assert Challenge.objects.get(pk=challenge.pk).idea_count == count + 1  # the hidden one stays out


def test_merge_and_undo_change_the_challenge_so_caches_refresh(setting):  # type: ignore[no-untyped-def]
    challenge, kept, dups, _authors = setting
    Challenge.objects.filter(pk=challenge.pk).update(updated_at=timezone.now() - timedelta(days=1))
    stamp = Challenge.objects.get(pk=challenge.pk).updated_at
    merge = merging.idea_merge(actor=challenge.owner, kept=kept, duplicates=dups, reason="Like")
    merged = Challenge.objects.get(pk=challenge.pk).updated_at
    assert merged > stamp
    merging.idea_merge_undo(actor=user_with_role(Role.ADVISOR), merge=merge, reason="Feil")
    assert Challenge.objects.get(pk=challenge.pk).updated_at > merged


def test_download_and_delete_my_data_cover_merges_and_proposals(setting):  # type: ignore[no-untyped-def]
    from ideverkstedet.core import privacy

    challenge, kept, dups, _authors = setting
    fan = user_with_role(Role.CITIZEN)
    services.cheer_add(user=fan, idea=dups[0])
    merging.idea_merge(actor=challenge.owner, kept=kept, duplicates=dups, reason="Like")
    exported = privacy.exporters()["joining_forces"](fan)
    assert exported["moved_by_merges"] == [
        {
            "idea": dups[0].title,
            "what": "cheer",
            "moved": True,
            "merged_at": exported["moved_by_merges"][0]["merged_at"],
        }
    ]
    privacy.erasers()["joining_forces"](fan)
    assert not MergeMove.objects.filter(user=fan).exists()
