"""All five fakes behind one address for the demo: /instagram, /youtube, /x, /wordpress
and /mastodon, each lenient (an action on an object it never held is carried out)."""

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from somevakt.connectors.platforms.fakes.instagram import FakeInstagram
from somevakt.connectors.platforms.fakes.mastodon import FakeMastodon
from somevakt.connectors.platforms.fakes.server import Answer, FakeServer, Request
from somevakt.connectors.platforms.fakes.wordpress import FakeWordPress
from somevakt.connectors.platforms.fakes.x import FakeX
from somevakt.connectors.platforms.fakes.youtube import FakeYouTube


class DemoPlatforms(FakeServer):
    def __init__(self, log_path: Path | None = None) -> None:
        self.mounts: dict[str, FakeServer] = {
            "instagram": FakeInstagram(lenient=True),
            "youtube": FakeYouTube(lenient=True),
            "x": FakeX(lenient=True),
            "wordpress": FakeWordPress(lenient=True),
            "mastodon": FakeMastodon(lenient=True),
        }
        self.log_path = log_path
        super().__init__(lenient=True)

    def routes(self) -> None:
        pass

    def dispatch(self, request: Request) -> Answer:
        name, _, rest = request.path.lstrip("/").partition("/")
        fake = self.mounts.get(name)
        if fake is None:
            return Answer(404, {"error": {"message": f"mount /{'|'.join(self.mounts)}/ first"}})
        if request.path == f"/{name}/_log":
            return Answer(200, {"effects": fake.effects})
        before = len(fake.effects)
        answer = fake.dispatch(replace(request, path=f"/{rest}"))
        for effect in fake.effects[before:]:
            self._log({"platform": name, **effect})
        return answer

    def _log(self, effect: dict[str, Any]) -> None:
        self.effects.append(effect)
        if self.log_path:
            with self.log_path.open("a") as log:
                log.write(json.dumps(effect) + "\n")

    def stop(self) -> None:
        for fake in self.mounts.values():
            if isinstance(fake, FakeMastodon):
                fake.stopping.set()
        super().stop()
