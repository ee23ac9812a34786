"""Runs the action server (`python -m actions --actions actions ...`, same options as `python -m rasa_sdk`).

Before the server accepts requests it loads the article search, so the first question is answered
without waiting for the index and the embedding model. It also serves exported documents under /downloads/.
Only Rasa may run actions (they act for whatever conversation they are sent): `/webhook` and `/actions`
need the coach's internal token, which Rasa sends as a header (endpoints.yml).
"""

import functools
import logging

import pluggy
from rasa_sdk.__main__ import main
from rasa_sdk.plugin import plugin_manager
from sanic import response

from actions.downloads import serve_download
from bot.channels.access import internal_refusal
from bot.config import Settings
from bot.knowledge.service import get_knowledge_service

hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)
_RASA_ONLY = ("/webhook", "/actions")


class TrustCoachExtensions:
    @hookimpl
    def attach_sanic_app_extensions(self, app) -> None:
        app.register_listener(_load_article_search, "before_server_start")
        app.register_middleware(_only_rasa_runs_actions, "request")
        app.add_route(serve_download, "/downloads/<token>/<filename>", methods=["GET"], name="download")


@functools.cache
def _internal_token() -> str:
    return Settings.from_env().rasa_token


async def _only_rasa_runs_actions(request):
    if not request.path.startswith(_RASA_ONLY):
        return None
    refusal = internal_refusal(request.headers.get("authorization"), _internal_token())
    if refusal is None:
        return None
    logger.warning("Refused an action call: %s", refusal)
    return response.json({"error": refusal}, status=401)


async def _load_article_search(app, loop) -> None:
    await loop.run_in_executor(None, get_knowledge_service().load)


if __name__ == "__main__":
    plugin_manager().register(TrustCoachExtensions())
    main()
