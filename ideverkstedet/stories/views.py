from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.challenges.models import Challenge
from ideverkstedet.challenges.selectors import get_challenge_for_user
from ideverkstedet.core import fragments
from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.forms import cached_filter_fields
from ideverkstedet.core.permissions import authorize
from ideverkstedet.core.uploads import files_after_checks, show_refusal
from ideverkstedet.stories import selectors, services
from ideverkstedet.stories.forms import (
    AttachmentForm,
    FilterForm,
    InnovationForm,
    ReuseForm,
    ReuseStatusForm,
    StoryForm,
    StoryImageForm,
)
from ideverkstedet.stories.innovation import (
    Actor,
    Effect,
    EffectLevel,
    InnovationType,
    Origin,
    UserInvolvement,
)
from ideverkstedet.stories.list_html import render_story_cards
from ideverkstedet.stories.models import Reuse, Story, StoryAttachment, StoryImage


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("side", None)
    return query.urlencode()


def _add_problem(form: Any, error: services.StoryError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@authorize("stories.view_story", public=True)
def story_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)

    def build() -> str:
        form = FilterForm(request.GET, years=selectors.year_choices())
        form.is_valid()  # errors are shown; the valid fields still filter
        wanted = selectors.StoryFilters(**form.wanted())
        page = Paginator(selectors.story_cards(user, wanted), selectors.PER_PAGE).get_page(
            request.GET.get("side")
        )
        choices = [form.fields[name].choices for name in ("omrade", "ar")]  # type: ignore[attr-defined]
        stories = list(page.object_list)
        context = {
            "filter_fields": cached_filter_fields(
                request, form, "stories/_story_filter_fields.html", choices
            ),
            "page": page,
            "stories": stories,
            "cards": render_story_cards(stories),
            "query": _query_without_page(request),
            "may_write": user.has_perm("stories.add_story"),
        }
        return render_to_string("stories/_story_list_body.html", context)

    # Anonymous visitors share the filters and cards (core/fragments.py: any change to a story, its record,
    # its links or a service area raises the version; stories/apps.py). Logged-in people never get it: they may
    # see internal stories and the button to write one.
    return render(request, "stories/story_list.html", {"body": fragments.cached(request, "stories", build)})


def _labels(codes: list[str], choices: Any) -> list[str]:
    labels = dict(choices)
    return [str(labels[c]) for c in codes if c in labels]


@authorize("stories.view_story", public=True)
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    try:
        story = selectors.get_story_for_user(user, slug)
    except PermissionDenied:
        if not user.is_authenticated:  # it may be an internal story: log in first
            return redirect_to_login(request.get_full_path())
        raise
    record = getattr(story, "innovation", None)
    context: dict[str, Any] = {
        "story": story,
        "record": record,
        "manage": user.has_perm("stories.change_story", story),
        "may_reuse": user.has_perm("stories.reuse_story", story),
        "challenge_visible": story.challenge is not None
        and user.has_perm("challenges.view_challenge", story.challenge),
        **selectors.story_page_extras(user, story),
    }
    if record is not None:
        effect_labels, level_labels = dict(Effect.choices), dict(EffectLevel.choices)
        context["innovation"] = {
            "types": _labels(record.types, InnovationType.choices),
            "initiators": _labels(record.initiators, Actor.choices),
            "carriers": _labels(record.carriers, Actor.choices),
            "partners": _labels(record.partners, Actor.choices),
            "origin": dict(Origin.choices).get(record.origin, ""),
            "involvement": dict(UserInvolvement.choices).get(record.user_involvement, ""),
            "effects": [
                {
                    "label": effect_labels.get(e["kind"], e["kind"]),
                    "level": level_labels.get(e["level"], e["level"]),
                    "figure": e.get("figure", ""),
                }
                for e in record.effects
            ],
        }
    if context["may_reuse"] and context["my_reuse"] is None:
        context["reuse_form"] = ReuseForm(initial={"who": user.unit.name if user.unit else ""})
    if context["my_reuse"] is not None:
        mine = context["my_reuse"]
        context["reuse_status_form"] = ReuseStatusForm(initial={"status": mine.status, "note": mine.note})
    return render(request, "stories/story_detail.html", context)


def _story_form_page(
    request: HttpRequest, *, form: StoryForm, story: Story | None, challenge: Challenge | None
) -> HttpResponse:
    return render(
        request,
        "stories/story_form.html",
        {"form": form, "story": story, "challenge": challenge},
        status=400 if form.is_bound and form.errors else 200,
    )


@authorize("stories.add_story")
def story_new(request: HttpRequest) -> HttpResponse:
    """An adviser writes about work done outside the platform."""
    return _story_new(request, challenge=None)


@authorize("challenges.view_challenge")
def story_new_from_challenge(request: HttpRequest, challenge_slug: str) -> HttpResponse:
    user = _user(request)
    challenge = get_challenge_for_user(user, challenge_slug, "stories.add_story")
    return _story_new(request, challenge=challenge)


def _story_new(request: HttpRequest, *, challenge: Challenge | None) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        # The callers checked the permission; the upload limit next, before the form reads the file.
        files, refused = files_after_checks(request)
        form = StoryForm(request.POST, files)
        if refused:
            show_refusal(form, refused)
        elif form.is_valid():
            try:
                story = services.story_create(actor=user, data=form.story_data(), challenge=challenge)
            except services.StoryError as error:
                _add_problem(form, error)
            else:
                messages.success(
                    request, _("Utkastet er lagret. Fyll inn innovasjonsopplysningene og publiser.")
                )
                return redirect("stories:innovation", story.slug)
    else:
        initial: dict[str, Any] = {}
        if challenge is not None:
            initial = {
                "title": challenge.title,
                "summary": challenge.summary,
                "problem": challenge.description,
                "outcome": challenge.outcome,
                "visibility": challenge.visibility,
                "service_areas": list(challenge.service_areas.all()),
            }
        form = StoryForm(initial=initial)
    return _story_form_page(request, form=form, story=None, challenge=challenge)


def _story_for_change(request: HttpRequest, slug: str) -> Story:
    return selectors.get_story_for_user(_user(request), slug, "stories.change_story")


@authorize("stories.view_story")
def story_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    story = _story_for_change(request, slug)
    if request.method == "POST":
        files, refused = files_after_checks(request)  # after the permission, before the file is read
        form = StoryForm(request.POST, files, has_image=bool(story.image))
        if refused:
            show_refusal(form, refused)
        elif form.is_valid():
            try:
                services.story_update(actor=user, story=story, data=form.story_data())
            except services.StoryError as error:
                _add_problem(form, error)
            else:
                messages.success(request, _("Historien er lagret."))
                return redirect(story)
    else:
        form = StoryForm(
            has_image=bool(story.image),
            initial={
                **{
                    name: getattr(story, name)
                    for name in (
                        "title",
                        "summary",
                        "problem",
                        "tried",
                        "outcome",
                        "not_worked",
                        "next_steps",
                        "partners",
                        "visibility",
                        "image_alt",
                    )
                },
                "service_areas": list(story.service_areas.all()),
                "methods": list(story.methods.all()),
                "events": list(story.events.all()),
                "contact_email": story.contact.email if story.contact else "",
            },
        )
    return _story_form_page(request, form=form, story=story, challenge=story.challenge)


@authorize("stories.view_story")
def story_innovation(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    story = _story_for_change(request, slug)
    if request.method == "POST":
        form = InnovationForm(request.POST)
        if form.is_valid():
            try:
                services.innovation_record_save(actor=user, story=story, data=form.innovation_data())
            except services.StoryError as error:
                _add_problem(form, error)
            else:
                messages.success(request, _("Innovasjonsopplysningene er lagret."))
                return redirect(story)
    else:
        record = getattr(story, "innovation", None)
        form = InnovationForm(initial=InnovationForm.initial_from(record) if record else {})
    return render(
        request,
        "stories/innovation_form.html",
        {"form": form, "story": story},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@authorize("stories.view_story")
def story_publish(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    story = _story_for_change(request, slug)
    try:
        if request.POST.get("action") == "unpublish":
            services.story_unpublish(actor=user, story=story)
            messages.success(request, _("Historien er trukket tilbake og er nå et utkast."))
        else:
            services.story_publish(actor=user, story=story)
            messages.success(request, _("Historien er publisert."))
    except services.StoryError as error:
        messages.error(request, error.message)
    return redirect(story)


@authorize("stories.view_story")
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    story = _story_for_change(request, slug)
    files, refused = files_after_checks(request)  # after the permission, before the file is read
    form = AttachmentForm(request.POST or None, files)
    if refused:
        show_refusal(form, refused)
    elif request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                actor=user, story=story, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except services.StoryError as error:
            _add_problem(form, error)
        else:
            messages.success(request, _("Vedlegget er lagt til."))
            return redirect(story)
    return render(
        request,
        "stories/attachment_form.html",
        {"form": form, "story": story, "attachments": list(story.attachments.all())},
        status=400 if form.is_bound and form.errors else 200,
    )


@authorize("stories.view_story")
def images_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The story's images besides the main one: add one (with its text for screen readers), remove one."""
    user = _user(request)
    story = _story_for_change(request, slug)
    form = StoryImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.image_add(
                actor=user, story=story, image=data["image"], alt=data["alt"], caption=data["caption"]
            )
        except services.StoryError as error:
            _add_problem(form, error)
        else:
            messages.success(request, _("Bildet er lagt til."))
            return redirect("stories:images", slug=story.slug)
    return render(
        request,
        "stories/images_form.html",
        {"form": form, "story": story, "images": list(story.images.all())},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@authorize("stories.view_story")
def image_remove(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(StoryImage.objects.select_related("story"), pk=pk)
    story = _story_for_change(request, image.story.slug)
    services.image_remove(actor=_user(request), image=image)
    messages.success(request, _("Bildet er fjernet."))
    return redirect("stories:images", slug=story.slug)


@require_POST
@authorize("stories.view_story")
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(StoryAttachment.objects.select_related("story"), pk=pk)
    story = _story_for_change(request, attachment.story.slug)
    services.attachment_remove(actor=_user(request), attachment=attachment)
    messages.success(request, _("Vedlegget er fjernet."))
    return redirect(story)


@require_POST
@authorize("stories.reuse_story")
def story_reuse(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    story = selectors.get_story_for_user(user, slug)
    form = ReuseForm(request.POST)
    if form.is_valid():
        try:
            services.reuse_create(
                actor=user, story=story, who=form.cleaned_data["who"], note=form.cleaned_data["note"]
            )
        except services.NotAllowed:
            raise PermissionDenied("stories.reuse_story") from None
        except services.StoryError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Takk! Laget bak historien har fått beskjed."))
    else:
        messages.error(request, _("Si hvem dere er."))
    return redirect(story)


@require_POST
@authorize("stories.view_story")
def reuse_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    reuse = Reuse.objects.select_related("story").filter(pk=pk).first()
    if reuse is None:
        raise Http404
    form = ReuseStatusForm(request.POST)
    if form.is_valid():
        try:
            services.reuse_update(
                actor=user, reuse=reuse, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except services.NotAllowed:
            raise PermissionDenied("stories.change_reuse") from None
        messages.success(request, _("Lagret."))
    else:
        messages.error(request, _("Velg en status."))
    return redirect(reuse.story)
