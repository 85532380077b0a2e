"""D1 (and the relevance half of D8): a wall post answering another post, a comment off
the topic of its post. Only ever a note: a human decides whether it matters."""

import regex

from somevakt.screening.vocabulary import Vocabulary

_ANSWERS_ANOTHER_POST = regex.compile(
    r"(?i)^\s*(?:@(?!\S*kommune)\p{L}+|svar til|svar på innlegget|svar på innlegg|til deg som|"
    r"til (?:han|hun|ho|den|dei|de) som (?:skreiv|skrev|skriver|postet|la ut)|"
    r"til \p{L}+ \p{L}+ som|enig med|einig med|uenig med|ueinig med|"
    r"reply to|in reply to|@\s|svar till|svar til|"
    r"angående innlegget|ang\.? innlegget|ang\.? det \p{L}+ skrev|"
    r"(?:som|slik) \p{Lu}\p{Ll}+ (?:skrev|skreiv|sa|sier)|det \p{Lu}\p{Ll}+ skrev)"
    r"|\b(?:innlegget ditt|innlegget hans|innlegget hennar|innlegget ditt om|inlägget ditt|"
    r"ditt inlägg|dit opslag|opslaget om|your post|til alle som kommenterte|"
    r"til (?:han|hun|ho|dig|deg|dere|den|de|dei|alle) (?:som|der) (?:skrev|skreiv|klaget|klagde|"
    r"kommenterte|spurte|lurte|mente|postet|posta)|till (?:dig|den|er) som (?:skrev|klagade)|"
    r"to (?:the person|whoever|the guy|the lady) who (?:wrote|posted|complained)|"
    r"innlegget (?:over|under|ovenfor|til \p{Lu}\p{Ll}+)|innlegget som \p{Lu}?\p{Ll}+ skrev|"
    r"det innlegget om|innlegget i går|innlegget hans|innlegget hennes|"
    r"som ble skrevet (?:her )?i går|den andre tråden|tråden under)\b"
)
# Markers of posts that are about something else altogether: sales, spam, chain letters.
_OFF_TOPIC = Vocabulary(
    "selges|til salgs|säljes|sælges|for sale|gis bort|gives væk|kjøpes|krypto*|crypto*|bitcoin|"
    "investér|investere|invest|tjen penger|tjene penger|tjen|earn|følg meg|følg profilen min|"
    "sjekk profilen min|"
    "sjekk siden min|vinn en|vinn et|vinn ein|vinn eit|passiv inntekt|siden min|"
    "follow me|check my profile|lik og del|del og lik|like og del|kjedebrev|kedjebrev|"
    "del dette til|del denne til|gratis iphone|free iphone|dm meg|send meg en dm|"
    "send meg pm|pm meg|klikk på lenken|click the link|giveaway|loddsalg|hvalpe|valper|"
    "kattunger|kattungar|bursdag|gratulerer med dagen|happy birthday|hytte til leie|"
    "leilighet til leie|mistet|bortkommen|funnet|savnes|savnet|slank|vekttap|weight loss|"
    "onlyfans|forex|trading|casino|bet365|sugar daddy|dating|selger|säljer|sælger|selling|"
    "sells|tupperware|partyplan|strikkeklubb|del dette|dela detta|share this|skriv amen|"
    "skriv ja|type amen|følg mitt|følg kontoen|följ mitt|följ min|follow my|presentkort|"
    "gavekort|gift card|flax|lotto|grand prix|sydentur|ledige plassar|ledige plasser|"
    "bryt kjeden|bryte kjeden|ulukke|bad luck|resetips|workout|motivation|honning|ullsokkar|"
    "ullsokker|vinterdekk|barnvagn|gis bort|bortgis|gratis henting"
)
_WORD = regex.compile(r"\p{L}{4,}")


def answers_another_post(text: str) -> regex.Match | None:
    return _ANSWERS_ANOTHER_POST.search(text)


def off_topic(
    text: str, parent_text: str, normalised_text: str | None = None
) -> regex.Match | None:
    """A comment with an off-topic marker that shares no content word with its post."""
    if not parent_text:
        return None
    if normalised_text is not None and not _OFF_TOPIC.occurs_in(normalised_text):
        return None
    marker = _OFF_TOPIC.pattern.search(text)
    if marker is None:
        return None
    own = {word.lower()[:6] for word in _WORD.findall(text)}
    parent = {word.lower()[:6] for word in _WORD.findall(parent_text)}
    if parent and len(own & parent) >= 2:
        return None
    return marker
