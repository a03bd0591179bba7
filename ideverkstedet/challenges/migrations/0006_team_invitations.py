"""Invitations to a team become their own record, by address; open invitations held as memberships move there."""

from datetime import timedelta

import django.db.models.deletion
import django.utils.timezone
import ideverkstedet.challenges.models_invitations
from django.conf import settings
from django.db import migrations, models


def invited_memberships_to_invitations(apps, schema_editor):
    Membership = apps.get_model("challenges", "Membership")
    TeamInvitation = apps.get_model("challenges", "TeamInvitation")
    invited = Membership.objects.filter(status="invited").select_related("user")
    TeamInvitation.objects.bulk_create(
        [
            TeamInvitation(
                challenge_id=m.challenge_id,
                email=m.user.email.lower(),
                invited_by_id=m.invited_by_id,
                created_at=m.created_at,
                expires_at=m.created_at + timedelta(days=30),
            )
            for m in invited
            if m.user.anonymised_at is None
        ],
        ignore_conflicts=True,
    )
    invited.delete()


def invitations_to_invited_memberships(apps, schema_editor):
    """Back to memberships for the invitations whose address has an account (the others cannot be kept)."""
    Membership = apps.get_model("challenges", "Membership")
    TeamInvitation = apps.get_model("challenges", "TeamInvitation")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for invitation in TeamInvitation.objects.all():
        user = User.objects.filter(email__iexact=invitation.email, anonymised_at__isnull=True).first()
        if user is not None:
            Membership.objects.get_or_create(
                challenge_id=invitation.challenge_id,
                user=user,
                defaults={
                    "status": "invited",
                    "invited_by_id": invitation.invited_by_id,
                    "created_at": invitation.created_at,
                },
            )


class Migration(migrations.Migration):

    dependencies = [
        ('challenges', '0005_posting_block_names_its_post'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TeamInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='e-postadresse')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='invitert')),
                ('expires_at', models.DateTimeField(default=ideverkstedet.challenges.models_invitations.invitation_expiry, verbose_name='gjelder til')),
                ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='challenges.challenge', verbose_name='utfordring')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='invitert av')),
            ],
            options={
                'verbose_name': 'invitasjon til laget',
                'verbose_name_plural': 'invitasjoner til laget',
                'ordering': ['created_at', 'id'],
                'indexes': [models.Index(fields=['email', 'expires_at'], name='team_invitation_email_idx'), models.Index(fields=['expires_at'], name='team_invitation_expiry_idx')],
                'constraints': [models.UniqueConstraint(fields=('challenge', 'email'), name='team_invitation_one_per_address')],
            },
        ),
        migrations.RunPython(invited_memberships_to_invitations, invitations_to_invited_memberships),
        migrations.AlterField(
            model_name='membership',
            name='status',
            field=models.CharField(choices=[('requested', 'Har bedt om å bli med'), ('active', 'Med på laget')], max_length=10, verbose_name='status'),
        ),
    ]
