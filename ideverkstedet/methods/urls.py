from django.urls import URLPattern, URLResolver, path

from ideverkstedet.methods import views

app_name = "methods"

urlpatterns: list[URLPattern | URLResolver] = [
    path("metoder/", views.method_list, name="method_list"),
    path("metoder/kort/", views.method_print_all, name="method_print_all"),
    path("metoder/kort.pdf", views.method_print_all, {"as_pdf": True}, name="method_pdf_all"),
    path("metoder/<slug:slug>/", views.method_detail, name="method_detail"),
    path("metoder/<slug:slug>/kort/", views.method_print, name="method_print"),
    path("metoder/<slug:slug>/kort.pdf", views.method_pdf, name="method_pdf"),
    path("metoder/<slug:slug>/legg-til/", views.method_add_to_plan, name="method_add_to_plan"),
    path("opplegg/", views.plan_list, name="plan_list"),
    path("opplegg/nytt/", views.plan_new, name="plan_new"),
    path("opplegg/<id:pk>/", views.plan_detail, name="plan_detail"),
    path("opplegg/<id:pk>/endre/", views.plan_edit, name="plan_edit"),
    path("opplegg/<id:pk>/kopier/", views.plan_copy, name="plan_copy"),
    path("opplegg/<id:pk>/slett/", views.plan_delete, name="plan_delete"),
    path("opplegg/<id:pk>/metode/", views.block_add_method, name="block_add_method"),
    path("opplegg/<id:pk>/punkt/", views.block_add_free, name="block_add_free"),
    path("opplegg/<id:pk>/rekkefolge/", views.plan_reorder, name="plan_reorder"),
    path("opplegg/<id:pk>/utskrift/", views.plan_print, name="plan_print"),
    path("opplegg/<id:pk>/opplegg.pdf", views.plan_print, {"as_pdf": True}, name="plan_pdf"),
    path(
        "opplegg/<id:pk>/tilrettelegger.pdf",
        views.plan_print,
        {"facilitator": True, "as_pdf": True},
        name="plan_pdf_facilitator",
    ),
    path(
        "opplegg/<id:pk>/utskrift/tilrettelegger/",
        views.plan_print,
        {"facilitator": True},
        name="plan_print_facilitator",
    ),
    path("opplegg/punkt/<id:pk>/endre/", views.block_edit, name="block_edit"),
    path("opplegg/punkt/<id:pk>/flytt/", views.block_move, name="block_move"),
    path("opplegg/punkt/<id:pk>/fjern/", views.block_remove, name="block_remove"),
]
