"""Type a source from its name: person, organization, government, media, document or anonymous.

The type comes from the name itself, read as a noun phrase: its head (the
name before any appositive or clause, "Mike Shields, the group's president" ->
"Mike Shields") and that head's last noun ("a Quinnipiac poll" -> poll). A
descriptor ("broadcaster" in "public broadcaster LRT") only decides when it
ends in a class noun. Unnamed people and groups ("officials", "a senior aide",
"some Republicans", "critics") are anonymous; a proper name is a person unless
a known outlet, institution, country or company word says otherwise.
"""

from __future__ import annotations

import re

from service.pipeline.types import SourceKind


def _words(text: str) -> list[str]:
    return text.split()


# Words ending the head: an appositive, a parenthesis, a clause or a prepositional tail.
_HEAD_END = re.compile(
    r"\s*(?:,|\(|—|–|\s-\s|:)|\s+(?:who|whom|whose|which|that|where|when|while|conducted|"
    r"released|published|led|headed|run|issued|covering|from|of|for|by|on|in|at|with|like|"
    r"about|to|than|after|before|during|since|until|among|including|going|getting|"
    r"familiar|close|involved|said|says|told)\b"
)
_LEAD = re.compile(
    r"^(?:the|a|an|one|another|some|many|most|few|several|multiple|numerous|other|others|"
    r"two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|both|all|each|"
    r"every|these|those|such|more|less|top|senior|longtime|former|\d[\d,]*)\b\s*",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(
    r"^(?:an?|one|another|some|many|most|few|several|multiple|numerous|other|others|two|"
    r"three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|both|all|each|"
    r"every|those|more|\d[\d,]*|half|(?:a\s+)?majority|(?:a\s+)?minority|majorities|"
    r"(?:about|almost|nearly|roughly|over|under|more\s+than|fewer\s+than)\s)\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"^(?:about\s+|almost\s+|nearly\s+|roughly\s+|over\s+|more\s+than\s+)?(?:\w+\s+in\s+(?:10|ten)|"
    r"(?:one|two|three)-(?:quarters?|thirds?|fifths?)|half|(?:a\s+|large\s+|overwhelming\s+)?"
    r"majorit(?:y|ies)|(?:a\s+)?minority|\d+\s*(?:percent|%))\b",
    re.IGNORECASE,
)
# "six in 10 said", "about two-thirds of caucus attendees": a poll's share of respondents.
_NUMBER = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+ty"
    r"(?:-[a-z]+)?)"
)
_SHARE = re.compile(
    r"^(?:about\s+|almost\s+|nearly\s+|roughly\s+|over\s+|more\s+than\s+|the\s+|only\s+|"
    rf"just\s+)?(?:approximately\s+)?(?:{_NUMBER}\s+(?:in|of|out\s+of)\s+{_NUMBER}\b|"
    r"(?:one|two|three)-(?:quarters?|thirds?|fifths?)|"
    rf"{_NUMBER}\s*(?:percent|%))",
    re.IGNORECASE,
)
_GROUP_OF = re.compile(
    r"^(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:array|number|group|handful|couple|series|host|lot|"
    r"dozens|hundreds|thousands|scores|plenty|range|variety|coalition|chorus)\s+of\s+"
    r"(?P<members>.+)$",
    re.IGNORECASE,
)
_HE_SHE = re.compile(r"^(?:he|she)(?:\b|’|')", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:he|she|they|it|we|i|you|his|her|him|them)$", re.I)

# Class nouns, as the last word of the head (lower-cased, plural included where used).
_DOCUMENT = frozenset(
    _words(
        """poll polls polling survey surveys report reports record records data study studies
    filing filings document documents memo memos letter letters analysis analyses figures
    statistics numbers estimate estimates audit indictment complaint lawsuit release
    results count tally law laws act agreement plea platform platforms evidence assessment
    literature article brief reply transcript ad ads advertisement video footage photo
    photos slide site website post tweet email emails average averages census book
    ruling order decision findings sign quiz"""
    )
)
_MEDIA = frozenset(
    _words(
        """media newspaper newspapers paper papers broadcaster network outlet outlets magazine
    blog station channel tv television radio press publication publications wire
    tabloid daily"""
    )
)
_GOVERNMENT = frozenset(
    _words(
        """government governments administration department ministry court courts judiciary
    legislature parliament congress senate police pentagon kremlin fbi cia nsa doj dhs epa
    irs embassy military army navy prosecutors prosecutor state states city county
    authorities intelligence council cabinet regime office agency panel tribunal"""
    )
)
_ORGANIZATION = frozenset(
    _words(
        """campaign campaigns party parties group groups company companies caucus committee
    committees movement foundation institute institution center centre union unions
    association coalition pac corporation corp inc ltd llc club network networks bank
    banks firm firms organization organisation ngo charity alliance council board team
    league university college school plaintiffs church commission"""
    )
)
# People nouns: a head like these with no proper name is an unnamed speaker.
_PEOPLE = frozenset(
    _words(
        """source sources official officials insider insiders aide aides person people persons
    man woman men women voter voters critic critics expert experts analyst analysts
    observer observers resident residents supporter supporters operative operatives
    strategist strategists economist economists member members lawmaker lawmakers leader
    leaders investigator investigators diplomat diplomats staffer staffers adviser advisers
    advisor advisors spokesman spokeswoman spokesperson witness witnesses activist activists
    scholar scholars historian historians scientist scientists doctor doctors delegate
    delegates citizen citizens readers reader veteran veterans fans fan friend friends
    americans democrats republicans liberals conservatives progressives independents
    whites blacks latinos hispanics immigrants refugees families relatives someone
    somebody others many some few most rivals opponents allies donors executives employees
    workers students parents victims agents attendees participants respondents
    europeans mexicans citizens hawks journalists reporters writers editors commentators
    pundits left right wing wings faction factions"""
    )
)
# Heads that are always institutions whatever their capitals ("the White House").
_INSTITUTION = re.compile(
    r"\b(?:White House|Pentagon|Kremlin|Congress|Senate|House of Representatives|"
    r"Supreme Court|Justice Department|State Department|Department|Ministry|FBI|CIA|NSA|"
    r"EPA|IRS|Federal Reserve|United Nations|European Union|E\.U\.|U\.N\.|Scotland Yard|"
    r"Police|Court|Administration|Government|Parliament|Legislature|Embassy|Army|Navy|"
    r"Air Force|Federal(?: [A-Z]\w+)+ Commission|European Commission|Downing Street|Elysee|"
    r"Bundestag|Duma)\b"
)
_COUNTRY_NAMES = (
    "united states",
    "u.s.",
    "america",
    "china",
    "russia",
    "mexico",
    "britain",
    "united kingdom",
    "france",
    "germany",
    "japan",
    "india",
    "iran",
    "iraq",
    "israel",
    "ukraine",
    "syria",
    "canada",
    "italy",
    "spain",
    "turkey",
    "saudi arabia",
    "north korea",
    "south korea",
    "cuba",
    "venezuela",
    "poland",
    "lithuania",
    "hungary",
    "egypt",
)
# News outlets whose names carry no class noun, matched as whole words (case matters
# for the short ones: "AP", "Vox").
_OUTLETS = re.compile(
    r"\b(?:(?:New York |Washington |Los Angeles |Financial |Sunday )?Times|Post|Journal|"
    r"Tribune|Herald|Gazette|Globe|Chronicle|Reuters|Associated Press|AP|AFP|BBC|CNN|NBC|"
    r"ABC|CBS|Fox News|Fox|MSNBC|NPR|PBS|LRT|TASS|RIA Novosti|Interfax|Politico|POLITICO|"
    r"Breitbart|Huffington Post|HuffPost|Guardian|Bloomberg|Axios|Telegraph|Vox|USA TODAY|"
    r"USA Today|Daily Beast|Gawker|Slate|Salon|Drudge Report|RealClearPolitics|BuzzFeed|"
    r"Newsweek|Time magazine|The Atlantic|The Nation|The Hill|Mother Jones|National Review|"
    r"Al Jazeera|Der Spiegel|Le Monde|RT|RT America|Sputnik|Xinhua|Yonhap|Kyodo|"
    r"[A-Z][\w-]*\s+News(?:\s+Service)?|Newsmax|Daily Mail|The Sun|The Economist|Wired|CNBC|"
    r"C-SPAN|Univision|Telemundo)\b"
)
_COMPANIES = re.compile(
    r"\b(?:Facebook|Twitter|Google|Alphabet|Apple|Amazon|Microsoft|Pfizer|Moderna|"
    r"Johnson & Johnson|Exxon\w*|Chevron|Boeing|Tesla|Uber|Netflix|Walmart|Goldman Sachs|"
    r"JPMorgan|Citigroup|Citi|Wells Fargo|Bank of America|Gazprom|Rosneft|Samsung|Huawei|"
    r"Toyota|Ford|General Motors|GM|Disney|Comcast|Verizon|AT&T|IBM|Intel|Nvidia|Meta|"
    r"Instagram|TikTok|YouTube|Airbnb|Pfizer|Bayer|Siemens|Volkswagen|BP|Shell|"
    r"NATO|GOP|DNC|RNC|ACLU|NAACP|NRA|AFL-CIO|Red Cross|Amnesty International|"
    r"Human Rights Watch|Black Lives Matter)\b"
)
_NAME_WORD = re.compile(
    r"(?:[A-Z][\w'’.-]*|[A-Z]\.|de|van|von|der|da|di|le|la|bin|al|Jr\.?|Sr\.?|II|III|IV)"
)
_WORD = re.compile(r"[\w'’.&@-]+")


def head_of(name: str) -> str:
    """The name before any appositive, parenthesis, relative clause or prepositional tail."""
    text = name.strip(" ,.;:\"'“”‘’")
    cut = _HEAD_END.search(text)
    head = text[: cut.start()] if cut and cut.start() > 0 else text
    return head.strip(" ,.;:\"'“”‘’")


def _last_noun(head: str) -> str:
    words = _WORD.findall(head)
    if not words:
        return ""
    last = str(words[-1]).lower().rstrip(".")
    return last[:-2] if last.endswith(("'s", "’s")) else last


def _proper_words(head: str) -> list[str]:
    """Capitalised words of the head other than a sentence-initial article or determiner."""
    words = _LEAD.sub("", head).split()
    return [w for w in words if w[:1].isupper() or w.startswith("@")]


def looks_like_person(head: str) -> bool:
    """1 to 5 name words ("Hillary Clinton", "Marc E. Elias", "Bill de Blasio")."""
    words = head.split()
    return (
        1 <= len(words) <= 5
        and words[0][:1].isupper()
        and all(_NAME_WORD.fullmatch(w) for w in words)
        and sum(w[:1].isupper() for w in words) >= 1
    )


_TITLES = frozenset(
    _words(
        """president vice leader manager director secretary senator sen. rep. representative
    gov. governor mayor general gen. col. colonel chairman chairwoman chair commissioner
    judge justice speaker minister ambassador spokesman spokeswoman spokesperson adviser
    advisor strategist chief ceo founder pastor evangelist rev. dr. mr. mrs. ms. attorney
    nominee candidate host anchor editor correspondent professor economist analyst
    lawyer sheriff officer captain sergeant lt. maj. adm. admiral lady widow actor actress
    hacker pollster father mother wife husband son daughter brother sister businessman
    businesswoman billionaire developer author writer novelist singer comedian coach
    player owner reporter producer moderator star politician opponent rival challenger
    incumbent"""
    )
)


_POSSESSIVE = ("'s", "’s", "s'", "s’")
# Capitalised class nouns that end a name: "Morning Consult Poll", "AP-GfK Poll".
_DOCUMENT_NAME = re.compile(r"\b(?:Poll|Survey|Report|Study|Index|Census|Analysis)$")


def _named_after_role(name: str, noun: str) -> bool:
    """'her senior policy adviser, Jake Sullivan': a role, then the person's name."""
    if noun not in _TITLES and noun not in _PEOPLE:
        return False
    _, comma, rest = name.partition(",")
    return bool(comma) and looks_like_person(head_of(rest))


def _titled_person(head: str) -> bool:
    """A role then a person's name: "retired Air Force general Lloyd Newton"."""
    words = head.split()
    run = 0
    while run < len(words) and _NAME_WORD.fullmatch(words[-1 - run]):
        if words[-1 - run].lower() in _TITLES or words[-1 - run].endswith(_POSSESSIVE):
            break
        run += 1
    if run == 0 or run == len(words) or run > 4:
        return False
    before = words[-1 - run]
    name = " ".join(words[-run:])
    if _OUTLETS.search(name) or _INSTITUTION.search(name) or _COMPANIES.search(name):
        return False
    titled = before.lower() in _TITLES or before.endswith(_POSSESSIVE)
    return titled or (run >= 2 and before[:1].islower() and not _LEAD.fullmatch(before + " "))


def _class_of(noun: str) -> SourceKind | None:
    if noun in _DOCUMENT:
        return "document"
    if noun in _MEDIA:
        return "media"
    if noun in _ORGANIZATION:
        return "organization"
    if noun in _GOVERNMENT:
        return "government"
    return None


_BODY_NOUNS = _ORGANIZATION | _GOVERNMENT | _MEDIA
_ACRONYM = re.compile(r"(?:the\s+)?[A-Z]{2,6}")


def _is_country(head: str) -> bool:
    lowered = _LEAD.sub("", head).strip().lower()
    return lowered in _COUNTRY_NAMES


def source_type(name: str, descriptor: str = "") -> SourceKind:
    """Return the type of a source from its name (and a descriptor ending in a class noun)."""
    if _SHARE.match(name.strip()):
        return "document"
    if _QUANTITY.match(name.strip()):
        return "anonymous"  # "about half", "a majority of Democrats"
    head = head_of(name)
    if not head or not _LEAD.sub("", head + " ").strip():
        return "anonymous"  # "those close to him", "some", "many"
    group = _GROUP_OF.match(name.strip())
    if group:
        # "a wide array of economists", "a number of cities": the group's members speak.
        members = group.group("members")
        while (nested := _GROUP_OF.match(members)) is not None:  # "a group of a group of"
            members = nested.group("members")
        inner = source_type(members)
        return "anonymous" if inner in ("person", "organization") else inner
    if _PRONOUN.match(head) or _HE_SHE.match(head):
        return "person"  # "he", "he has, so far": a person the article names elsewhere
    noun = _last_noun(head)
    described = _class_of(_last_noun(head_of(descriptor))) if descriptor else None
    proper = _proper_words(head)
    # A class noun at the end of the head names what the source is ("a Gallup poll",
    # "the Sanders campaign", "the Justice Department", "The Daily Beast"...).
    if (noun in _DOCUMENT and not looks_like_person(head)) or _DOCUMENT_NAME.search(head):
        return "document"
    if _named_after_role(name, noun):
        return "person"
    if _titled_person(head) and not _BODY_NOUNS & {noun}:
        # ("Central and East European Coalition" ends with a body's noun: no person)
        return "person"
    role_noun = noun in _PEOPLE or noun in _TITLES
    if _OUTLETS.search(head) and not role_noun:
        return "media"
    if noun in _DOCUMENT and len(head.split()) == 1:
        return "document"  # "Polls", "Records"
    if noun in _MEDIA:
        return "media"
    if _INSTITUTION.search(head) and noun not in _PEOPLE:
        return "government"
    if _is_country(head):
        return "government"
    if noun in _ORGANIZATION or (_COMPANIES.search(head) and not role_noun):
        return "organization"
    if noun in _GOVERNMENT and noun != "authorities":
        return "government"
    if _QUANTITY.match(head) or noun in _PEOPLE or noun == "authorities":
        # "officials", "a senior aide", "some Republicans".
        return "anonymous"
    if described is not None:
        return described
    if noun in _TITLES:
        # "a federal judge" is unnamed; "the judge", "former secretary of state" describe
        # someone the article names.
        return "anonymous" if _INDEFINITE.match(head) else "person"
    if _ACRONYM.fullmatch(head.strip()):
        return "organization"  # "CNS", "NRA": an acronym names a body, not a person
    if looks_like_person(head):
        return "person"
    if _INSTITUTION.search(name):
        return "government"  # "a 9-to-6 vote of the full U.S. Court of Appeals"
    if _INDEFINITE.match(head) and not proper:
        return "anonymous"
    # Not shaped like a name ("Trump this week"): no person, so that it neither merges
    # into nor stands in for a named person.
    return "organization"
