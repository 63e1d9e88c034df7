"""`/docs`: Swagger UI served from the package, so the API docs work with no network.

FastAPI's own pages load their scripts from a CDN and are blank offline (shop floors often
are). Here the page references only this server: the vendored Swagger UI in
`app/static/swagger-ui` (Apache-2.0, see its README), the OpenAPI document, a local favicon,
and the OAuth2 redirect page. ReDoc is dropped rather than vendored too: Swagger UI shows
the same schemas and can also try requests, and one UI is one bundle to keep current;
`/redoc` redirects to `/docs`, so old links still land on the docs.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

ASSETS = Path(__file__).resolve().parent.parent / "static" / "swagger-ui"
DOCS = "/docs"
ASSETS_URL = "/docs/assets"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"
MEDIA_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}
HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}


def install_docs(app: FastAPI) -> None:
    """Serve `/docs` (and its assets) from the package. The app is built with
    `docs_url=None, redoc_url=None`, so FastAPI's CDN pages are not there."""
    router = APIRouter(include_in_schema=False)

    @router.get(DOCS)
    async def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=root + str(app.openapi_url),
            title=f"{app.title} · API docs",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon-32x32.png",
            oauth2_redirect_url=root + OAUTH2_REDIRECT,
            init_oauth=app.swagger_ui_init_oauth,
            # validatorUrl null: no badge fetched from the public validator
            swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
        )

    @router.get(OAUTH2_REDIRECT)
    async def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @router.get(ASSETS_URL + "/{name}")
    async def asset(name: str) -> FileResponse:
        media_type = MEDIA_TYPES.get(name)
        if media_type is None:
            raise HTTPException(404)
        return FileResponse(ASSETS / name, media_type=media_type, headers=HEADERS)

    @router.get("/redoc")
    async def redoc(request: Request) -> RedirectResponse:
        return RedirectResponse(request.scope.get("root_path", "").rstrip("/") + DOCS, 308)

    app.include_router(router)
