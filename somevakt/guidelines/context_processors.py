from django.http import HttpRequest

from somevakt.guidelines.selectors import must_acknowledge


def guidelines_notice(request: HttpRequest) -> dict:
    """Whether the page reminds the employee to acknowledge the guidelines in force."""
    return {"guidelines_notice": must_acknowledge(request.user)}
