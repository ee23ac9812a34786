"""Runs the action server (`python -m actions --actions actions ...`, same options as `python -m rasa_sdk`).

Before the server accepts requests it loads the article search, so the first question is answered
without waiting for the index and the embedding model. It also serves exported documents under /downloads/.
"""

import pluggy
from rasa_sdk.__main__ import main
from rasa_sdk.plugin import plugin_manager

from actions.downloads import serve_download
from bot.knowledge.service import get_knowledge_service

hookimpl = pluggy.HookimplMarker("rasa_sdk")


class TrustCoachExtensions:
    @hookimpl
    def attach_sanic_app_extensions(self, app) -> None:
        app.register_listener(_load_article_search, "before_server_start")
        app.add_route(serve_download, "/downloads/<token>/<filename>", methods=["GET"], name="download")


async def _load_article_search(app, loop) -> None:
    await loop.run_in_executor(None, get_knowledge_service().load)


if __name__ == "__main__":
    plugin_manager().register(TrustCoachExtensions())
    main()
