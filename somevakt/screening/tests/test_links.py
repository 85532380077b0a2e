import pytest

from somevakt.screening.links import DomainList, find_links


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("se https://www.xvideos.com/video123 her", "xvideos.com"),
        ("WWW.XNXX.COM", "xnxx.com"),
        ("gå til pornhub.com/view?x=1.", "pornhub.com"),
        ("sjekk pornhub [.] com", "pornhub.com"),
        ("sjekk pornhub dot com", "pornhub.com"),
        ("(https://bit.ly/3abc)", "bit.ly"),
        ("se nrk.no/ostfold", "nrk.no"),
    ],
)
def test_links_are_found_in_any_spelling(text, domain):
    assert domain in [link.domain for link in find_links(text)]


@pytest.mark.parametrize("text", ["f.eks. kl.14", "Møtet er 15.12.", "e-post: post@rakkestad.no"])
def test_things_that_are_not_links_are_not_links(text):
    assert [link.domain for link in find_links(text)] == []


def test_subdomains_match_their_listed_domain():
    domains = DomainList.bundled()

    assert domains.lookup("de.pornhub.com").category == "porn"
    assert domains.lookup("rakkestad.kommune.no") is None
    assert domains.lookup("bit.ly").category == "shortener"
