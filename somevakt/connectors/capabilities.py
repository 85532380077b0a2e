"""What each platform lets a page owner do to others' content, so that the moderation
pages offer only what can be carried out and say why not otherwise; and what it lets
the municipality do with its own posts (publish, edit, pin), for the publishing room."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class PlatformAction(StrEnum):
    HIDE = "hide"
    UNHIDE = "unhide"
    DELETE = "delete"
    BAN = "ban"
    UNBAN = "unban"
    REPLY = "reply"
    PRIVATE_REPLY = "private_reply"

    @property
    def label(self) -> str:
        return str(LABELS[self])


LABELS = {
    PlatformAction.HIDE: _("hide"),
    PlatformAction.UNHIDE: _("show again"),
    PlatformAction.DELETE: _("delete"),
    PlatformAction.BAN: _("ban"),
    PlatformAction.UNBAN: _("lift ban"),
    PlatformAction.REPLY: _("reply"),
    PlatformAction.PRIVATE_REPLY: _("private reply"),
}


_ALL = frozenset(PlatformAction)
_NO_PRIVATE = _ALL - {PlatformAction.PRIVATE_REPLY}

SUPPORTED: dict[str, frozenset[PlatformAction]] = {
    "facebook": _ALL,
    "instagram": _ALL - {PlatformAction.BAN, PlatformAction.UNBAN},
    # YouTube rejects (removes) others' comments and bans through the same call.
    "youtube": _NO_PRIVATE - {PlatformAction.UNBAN},
    "x": frozenset({PlatformAction.HIDE, PlatformAction.UNHIDE, PlatformAction.REPLY}),
    # A ban on Mastodon is the account blocking the author.
    "mastodon": frozenset(
        {
            PlatformAction.REPLY,
            PlatformAction.PRIVATE_REPLY,
            PlatformAction.BAN,
            PlatformAction.UNBAN,
        }
    ),
    "wordpress": _NO_PRIVATE - {PlatformAction.BAN, PlatformAction.UNBAN},
    "net_meeting": frozenset({PlatformAction.HIDE, PlatformAction.UNHIDE, PlatformAction.DELETE}),
}

WHY_NOT = {
    ("instagram", PlatformAction.BAN): _("Instagram has no way for a business account to ban."),
    ("x", PlatformAction.DELETE): _("X only lets an account hide replies, not delete them."),
    ("x", PlatformAction.BAN): _("X only lets an account hide replies; block the user in X."),
    ("mastodon", PlatformAction.DELETE): _(
        "Mastodon only lets the author's server delete a post; report it there."
    ),
    ("mastodon", PlatformAction.HIDE): _("Mastodon has no hiding of others' replies."),
    ("youtube", PlatformAction.UNBAN): _(
        "YouTube offers no way to lift a ban through its API; lift it in YouTube Studio."
    ),
    ("youtube", PlatformAction.PRIVATE_REPLY): _("YouTube has no private messages."),
    ("wordpress", PlatformAction.BAN): _("WordPress blocks by e-mail or IP in its own settings."),
    ("instagram", PlatformAction.UNBAN): _("Instagram has no ban, so there is none to lift."),
    ("x", PlatformAction.UNBAN): _("X only lets an account hide replies; unblock the user in X."),
    ("x", PlatformAction.PRIVATE_REPLY): _(
        "X offers no private reply to a post; write a direct message in X."
    ),
    ("mastodon", PlatformAction.UNHIDE): _("Mastodon has no hiding of others' replies."),
    ("wordpress", PlatformAction.UNBAN): _(
        "WordPress blocks by e-mail or IP in its own settings; lift the block there."
    ),
    ("wordpress", PlatformAction.PRIVATE_REPLY): _(
        "WordPress has no private messages; write to the commenter by e-mail."
    ),
}


def supports(platform: str, action: PlatformAction) -> bool:
    return action in SUPPORTED.get(platform, frozenset())


def why_not(platform: str, action: PlatformAction) -> str:
    return str(WHY_NOT.get((platform, action), _("The platform does not offer this action.")))


class PostAction(StrEnum):
    """What somevakt does with the municipality's own posts on a platform."""

    PUBLISH = "publish"
    UPDATE = "update"  # edit the text of a published post
    PIN = "pin"  # pin or unpin it at the top of the page

    @property
    def label(self) -> str:
        return str(POST_LABELS[self])


POST_LABELS = {
    PostAction.PUBLISH: _("publish"),
    PostAction.UPDATE: _("update"),
    PostAction.PIN: _("pin"),
}

_ALL_POST = frozenset(PostAction)

# The platforms somevakt publishes to through their connectors.
PUBLISHING: dict[str, frozenset[PostAction]] = {
    "facebook": _ALL_POST,
    "mastodon": _ALL_POST,
}

POST_WHY_NOT = {
    ("instagram", PostAction.PUBLISH): _(
        "Instagram publishes only pictures and videos; a text post cannot go there."
    ),
    ("youtube", PostAction.PUBLISH): _(
        "YouTube's API offers no text posts; publish community posts in YouTube Studio."
    ),
    ("x", PostAction.PUBLISH): _("somevakt does not publish to X; post it in X."),
    ("x", PostAction.UPDATE): _("X does not let a post be edited through its API."),
    ("wordpress", PostAction.PUBLISH): _(
        "somevakt does not publish to WordPress; write the post in the blog."
    ),
    ("net_meeting", PostAction.PUBLISH): _("A net meeting has no posts of the municipality's own."),
}


def publishing_supports(platform: str, action: PostAction) -> bool:
    return action in PUBLISHING.get(platform, frozenset())


def publishing_why_not(platform: str, action: PostAction) -> str:
    if action is not PostAction.PUBLISH and not publishing_supports(platform, PostAction.PUBLISH):
        return publishing_why_not(platform, PostAction.PUBLISH)
    return str(
        POST_WHY_NOT.get((platform, action), _("The platform does not offer this for posts."))
    )
