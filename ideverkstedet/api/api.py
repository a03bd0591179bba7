"""The JSON API at /api/v1/. Endpoints call the same services and rules as the pages."""

from typing import Any

from ninja import NinjaAPI
from ninja.operation import Operation

from ideverkstedet.api import errors
from ideverkstedet.api.auth import token_or_session

ROUTERS = "ideverkstedet.api.routers"


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """`<router module>_<function>`: a router split into a package keeps its operation ids."""
        module = operation.view_func.__module__
        if module.startswith(ROUTERS + "."):
            module = ".".join(module.split(".")[:4])
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The generated schema, with the one error shape documented for every 4xx of every operation."""
        return errors.document_errors(super().get_openapi_schema(**kwargs))


api = Api(
    title="Ideverkstedet API",
    version="1",
    description=(
        "Ideverkstedet's open interface. Authenticate with the browser session or a personal token "
        "(`Authorization: Bearer idv_…`, made on your profile page). Every 4xx answers with "
        '`{"error": code, "detail": text, "problems": [{"code", "message", "field"}]}` (schema `ErrorOut`).'
    ),
    auth=token_or_session,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


errors.install(api)

api.add_router("/", "ideverkstedet.api.routers.me.router")
api.add_router("/", "ideverkstedet.api.routers.rooms.router")
api.add_router("/", "ideverkstedet.api.routers.methods.router")
api.add_router("/", "ideverkstedet.api.routers.events.router")
api.add_router("/", "ideverkstedet.api.routers.challenges.router")
api.add_router("/", "ideverkstedet.api.routers.stories.router")
api.add_router("/", "ideverkstedet.api.routers.statistics.router")
api.add_router("/", "ideverkstedet.api.routers.desk.router")
