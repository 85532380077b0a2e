"""The rule catalogue: stable ids for every rule of the policy (DESIGN.md).

The wording and the parameters live in the policy file; the ids live here, so that a
search for "D7" finds the code that enforces it.
"""

DISCUSSION = {
    "D1": "Comment under the post, not as a new wall post; keep comments relevant.",
    "D2": "No threats, ugly words, name-calling, swearing or personal attacks.",
    "D3": "Criminal, defamatory, racist, threatening, obscene or unlawful content is deleted.",
    "D4": "Authors are personally responsible for what they publish.",
    "D5": "Discuss the matter, not the person; the topic must concern the municipality.",
    "D6": "No links to external sites with gross content.",
    "D7": "Write in a Scandinavian language (bokmål, nynorsk, Swedish, Danish) or English.",
    "D8": "Questions must concern the municipality and must not require case processing.",
    "D9": "The municipality may adjust the rules: the policy is versioned.",
}
OPERATIONS = {
    "O1": "The informasjonsansvarlig has editorial responsibility; admins post and monitor.",
    "O2": "A deletion is agreed with the informasjonsansvarlig, journaled, and explained.",
    "O3": "Inappropriate posts are deleted; repeated breaches lead to a ban.",
    "O4": "Pages are updated within working hours; the editor checks beyond them.",
    "O5": "Questions are answered 09:00–15:00 on weekdays.",
}
LOCAL_PAGES = {
    "L1": "Local open pages follow the municipality's profile and this policy.",
    "L2": "Local pages post weekly and answer at the latest the next working day.",
    "L3": "The information officers are administrators of every local page.",
    "L4": "Where weekly posting is not natural, use the main page instead.",
}
CLOSED_GROUPS = {
    "G1": "Closed groups: sensitive posts are deleted fast and the poster is told why.",
    "G2": "The informasjonsansvarlig is a member of every closed group.",
}
SECRET_GROUPS = {
    "S1": "Secret groups: employees only; no individuals, cases or sensitive information.",
    "S2": "The informasjonsansvarlig keeps an overview of every secret group.",
}
ARCHIVE = {
    "A1": "Facebook inquiries and answers are journaled like e-mail unless simple.",
    "A2": "Archived if case processing OR documentation value; journaled if both.",
    "A3": "A net meeting is journaled as one document.",
    "A4": "A blog post with its comments is archived and journaled as one document.",
    "A5": "X/Twitter questions and answers are normally not archived.",
    "A6": "Every deletion is journaled with the feedback sent to the author.",
}
EMPLOYEES = {
    "P1": "Employees represent the municipality also in private use.",
    "P2": "Matters in one's own service area go through the line.",
    "P3": "Private opinions are stated as private.",
    "P4": "No case processing on social media.",
    "P5": "Social media are open.",
    "P6": "Professional conduct with a clear sender and precise answers.",
    "P7": "Correct factual errors professionally.",
    "P8": "Care with contact with pupils, users and relatives.",
    "P9": "The ethical guidelines apply.",
    "P10": "Ask the information unit when in doubt.",
}
STRATEGY = {
    "K1": "In a crisis, social media complement the official, universally designed channels.",
}

CATALOGUE: dict[str, str] = {
    **DISCUSSION,
    **OPERATIONS,
    **LOCAL_PAGES,
    **CLOSED_GROUPS,
    **SECRET_GROUPS,
    **ARCHIVE,
    **EMPLOYEES,
    **STRATEGY,
}
RULE_IDS: tuple[str, ...] = tuple(CATALOGUE)
