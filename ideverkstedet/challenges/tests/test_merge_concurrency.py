"""People cheering the duplicates while a merge runs: never a double count, never a lost cheer (both databases)."""

import random

import pytest

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Cheer, Idea
from ideverkstedet.challenges.services import merging
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.core.tests.concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16
ROUNDS = 3


@pytest.mark.parametrize("round_no", range(ROUNDS))
def test_cheers_during_a_merge_count_each_person_once_on_the_kept_idea(round_no: int) -> None:
    challenge = make_challenge(visibility="public", open_for="everyone")
    kept = make_idea(challenge, title="Ett skjema")
    dups = [make_idea(challenge, title=f"Skjema {n}") for n in range(3)]
    adviser = user_with_role(Role.ADVISOR)
    fans = [user_with_role(Role.CITIZEN) for _ in range(THREADS - 1)]
    rng = random.Random(round_no)
    # Some people cheered before the merge, some of them on two of the ideas.
    for fan in fans[:6]:
        for idea in rng.sample([kept, *dups], 2):
            services.cheer_add(user=fan, idea=idea)
    targets = [rng.choice([kept, *dups]) for _ in fans]

    def work(index: int) -> str:
        if index == 0:
            merging.idea_merge(actor=adviser, kept=kept, duplicates=dups, reason="Like ideer")
            return "merged"
        services.cheer_add(user=fans[index - 1], idea=targets[index - 1])
        return "cheer"

    outcomes = race(work, THREADS)
    assert outcomes == {"merged": 1, "cheer": THREADS - 1}, outcomes
    kept.refresh_from_db()
    cheerers = set(Cheer.objects.filter(idea=kept).values_list("user_id", flat=True))
    assert cheerers == {fan.pk for fan in fans}  # nobody lost
    assert kept.cheer_count == len(cheerers) == Cheer.objects.filter(idea=kept).count()  # nobody twice
    assert not Cheer.objects.filter(idea__in=dups).exists()

    merging.idea_merge_undo(actor=adviser, merge=kept.merges_received.get(), reason="Feil")
    for idea in Idea.objects.filter(pk__in=[kept.pk, *(d.pk for d in dups)]):
        assert idea.cheer_count == Cheer.objects.filter(idea=idea).count()
        assert idea.merged_into_id is None


def test_cheers_while_an_undo_runs_are_counted_where_they_land() -> None:
    challenge = make_challenge(visibility="public", open_for="everyone")
    kept = make_idea(challenge, title="Ett skjema")
    dups = [make_idea(challenge, title=f"Skjema {n}") for n in range(2)]
    adviser = user_with_role(Role.ADVISOR)
    fans = [user_with_role(Role.CITIZEN) for _ in range(THREADS - 1)]
    for fan in fans[:5]:
        services.cheer_add(user=fan, idea=dups[0])
    merge = merging.idea_merge(actor=adviser, kept=kept, duplicates=dups, reason="Like")

    def work(index: int) -> str:
        if index == 0:
            merging.idea_merge_undo(actor=adviser, merge=merge, reason="Feil")
            return "undone"
        services.cheer_add(user=fans[index - 1], idea=dups[1])
        return "cheer"

    outcomes = race(work, THREADS)
    assert outcomes == {"undone": 1, "cheer": THREADS - 1}, outcomes
    for idea in Idea.objects.filter(pk__in=[kept.pk, *(d.pk for d in dups)]):
        assert idea.cheer_count == Cheer.objects.filter(idea=idea).count()
    everyone = Cheer.objects.filter(idea__in=[kept, *dups]).values_list("user_id", flat=True)
    assert set(everyone) == {fan.pk for fan in fans}
    assert set(Cheer.objects.filter(idea=dups[0]).values_list("user_id", flat=True)) == {
        f.pk for f in fans[:5]
    }


def test_without_the_idea_lock_a_cheer_during_a_merge_is_lost() -> None:
    """Canary: a merge that reads the duplicate's cheers and moves them later, with a cheer arriving in between
    and no row lock to make either wait, leaves that cheer behind on the merged duplicate."""
    import threading

    from ideverkstedet.challenges.models import Cheer

    challenge = make_challenge(visibility="public", open_for="everyone")
    kept = make_idea(challenge, title="Ett skjema")
    dup = make_idea(challenge, title="Skjema")
    late = user_with_role(Role.CITIZEN)
    read, written = threading.Barrier(2), threading.Barrier(2)

    def naive(index: int) -> str:
        if index == 0:  # the merge, as it would be without the locks
            ids = list(Cheer.objects.filter(idea=dup).values_list("pk", flat=True))
            read.wait(timeout=30)
            written.wait(timeout=30)
            Cheer.objects.filter(pk__in=ids).update(idea=kept)
            Idea.objects.filter(pk=dup.pk).update(merged_into=kept)
            return "merged"
        read.wait(timeout=30)
        Cheer.objects.create(idea=dup, user=late)  # the cheer, as it would be without _cheer_target's lock
        written.wait(timeout=30)
        return "cheer"

    outcomes = race(naive, 2)
    assert outcomes == {"merged": 1, "cheer": 1}, outcomes
    assert Cheer.objects.filter(idea=dup, user=late).exists()  # left behind on a merged idea: lost
    assert not Cheer.objects.filter(idea=kept, user=late).exists()
