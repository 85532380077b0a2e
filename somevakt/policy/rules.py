"""The rule catalogue of DESIGN.md: stable ids, in the order the catalogue lists them.

The Norwegian wording and the parameters of each rule live in the policy file
(`policies/rakkestad.toml`); the one-line English descriptions here are for readers of
the code. Grep for a rule id ("D7") to find every place that implements it.
"""

from enum import StrEnum


class RuleId(StrEnum):
    description: str

    def __new__(cls, value: str, description: str) -> "RuleId":
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    # Discussion rules for the public pages ("Reglement for innlegg og diskusjoner").
    D1 = "D1", "Comment under the post, not as a new wall post; stay relevant to the post."
    D2 = "D2", "Threats, ugly words, name-calling, swearing and personal attacks are refused."
    D3 = "D3", "Criminal, defamatory, racist, threatening or obscene content is deleted."
    D4 = "D4", "Authors are personally responsible for what they publish."
    D5 = "D5", "Discuss the matter, not the person; the topic must concern the municipality."
    D6 = "D6", "No links to external sites with gross content."
    D7 = "D7", "Posts are written in a Scandinavian language or English."
    D8 = "D8", "Questions must concern the municipality and must not need case processing."
    D9 = "D9", "The municipality may adjust the rules; decisions record the policy version."
    # Running the pages ("Drift og oppfølging").
    O1 = "O1", "The informasjonsansvarlig is editor; several employees are admins."
    O2 = "O2", "A deletion is agreed with the informasjonsansvarlig, journaled, explained."
    O3 = "O3", "Inappropriate posts are deleted; repeated breaches close access (ban)."
    O4 = "O4", "Pages are updated within working hours; the editor checks beyond them."
    O5 = "O5", "Questions are normally answered 09:00-15:00 on weekdays."
    # Local pages ("Lokale og interne Facebooksider").
    L1 = "L1", "Local open pages follow the municipality's profile and this policy."
    L2 = "L2", "A local page posts weekly and answers at the latest the next working day."
    L3 = "L3", "The information officers are administrators of every local page."
    L4 = "L4", "Where weekly posting is not natural, the unit uses the main page instead."
    # Closed groups.
    G1 = "G1", "Closed groups: a sensitive post is deleted at once and the poster told why."
    G2 = "G2", "The informasjonsansvarlig is a member of every closed group."
    # Secret groups.
    S1 = "S1", "Secret groups: employees only; no individuals, cases or sensitive data."
    S2 = "S2", "The informasjonsansvarlig keeps an overview of every secret group."
    # Archiving ("Sosiale medier og arkivverdige innlegg/svar").
    A1 = "A1", "Facebook inquiries and answers are journaled like e-mail unless simple."
    A2 = "A2", "A saksdokument is archived if case-processed OR documentary; both: journaled."
    A3 = "A3", "A net meeting, all questions and answers, is journaled as one document."
    A4 = "A4", "A blog post with its comments is archived and journaled as one document."
    A5 = "A5", "Questions and answers on X are simple: normally neither archived nor journaled."
    A6 = "A6", "Every deletion is journaled together with the feedback sent to the author."
    # Employees ("Pass på"-plakaten).
    P1 = "P1", "Employees represent the municipality also in private use."
    P2 = "P2", "Matters in one's own service area go through the line."
    P3 = "P3", "Private opinions are stated as private."
    P4 = "P4", "No case processing on social media."
    P5 = "P5", "Social media are open: anything written may spread."
    P6 = "P6", "Professional conduct with a clear sender and precise answers."
    P7 = "P7", "Correct factual errors professionally."
    P8 = "P8", "Care with contact with pupils, users and relatives."
    P9 = "P9", "The municipality's ethical guidelines apply."
    P10 = "P10", "Ask the information unit when in doubt."
    # Strategy ("Krisekommunikasjon").
    K1 = "K1", "In a crisis social media complement the official channels and the website."


def _group(prefix: str) -> tuple[RuleId, ...]:
    return tuple(rule_id for rule_id in RuleId if rule_id.startswith(prefix))


RULE_IDS: tuple[RuleId, ...] = tuple(RuleId)

DISCUSSION = _group("D")
OPERATIONS = _group("O")
LOCAL = _group("L")
CLOSED_GROUP = _group("G")
SECRET_GROUP = _group("S")
ARCHIVE = _group("A")
EMPLOYEE = _group("P")
STRATEGY = _group("K")

GROUPS: tuple[tuple[RuleId, ...], ...] = (
    DISCUSSION,
    OPERATIONS,
    LOCAL,
    CLOSED_GROUP,
    SECRET_GROUP,
    ARCHIVE,
    EMPLOYEE,
    STRATEGY,
)

# Rules about what is posted on a channel: screening looks for breaches of these, and
# only these may let a breach be hidden at once (`immediate_hide` in the policy file).
CONTENT_RULES: tuple[RuleId, ...] = (*DISCUSSION, RuleId.G1, RuleId.S1)
