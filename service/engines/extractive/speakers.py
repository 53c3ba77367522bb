"""Who a pronoun or a description speaking for someone refers to.

A claimant mention is a name ("Hillary Clinton"), a pronoun ("she", "they"), a
description ("the Republican nominee", "the campaign") or junk ("Having").
Pronouns and descriptions resolve to the nearest named source before them that
agrees in gender, number and kind (person or organisation); junk names no one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Gender = Literal["m", "f"]


def _words(block: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text."""
    return frozenset(block.split())


Agreement = Literal["he", "she", "they", "it", "any", "person", "group"]

# Common first names whose gender is not in doubt; an unknown name agrees with either.
_MALE = _words(
    """
    aaron adam alan albert alex alexander andrew anthony arthur ben benjamin bernie bill
    billy bob bobby brad brian bruce carl charles charlie chris christopher chuck dan
    daniel dave david dennis dick don donald doug douglas ed edward eric frank fred gary
    george gerald greg gregory harold harry henry howard jack jacob jake james jason jeb
    jeff jeffrey jeremy jerry jim jimmy joe john johnny jon jonathan jose joseph josh
    joshua juan keith ken kenneth kevin larry lawrence lindsey luis marco mark martin
    matt matthew michael mike mitch mitt nathan newt nicholas nick patrick paul peter
    phil philip ralph randy raymond reince richard rick rob robert roger ron ronald rudy
    russell ryan sam samuel scott sean stephen steve steven ted terry thomas tim timothy
    todd tom tony vladimir walter wayne william willie
    abe al alberto alec alejandro allen andy angus antonio barack ben bernard bobby boris
    brett bret byron cal calvin carlos chad chet clarence clay cliff clint cory corey craig
    curt dale darrell darren dean derek dick dinesh donnie duncan dwight earl eddie elijah
    eliot elliott elton emanuel enrique ernest ethan evan felix fernando francis franklin
    gavin geoff geoffrey gene glenn gordon grant greg guy hank harvey herman hugh ian ike
    isaac ivan jamal jared jay jerome jesse jim joel jorge kurt kyle lamar lance lee leon
    lionel lloyd lou louis luke lyndon manuel marc marcel marcus mario marvin max maxwell
    mel melvin miguel mikhail milton morgan neil nelson newt noah norman oliver orrin oscar
    pablo pat pedro preet rafael rahm rand reggie rex rey ricardo rob rod rodney rolando
    ross roy rush sal salvador sanjay sergei seth sheldon sherrod shawn stan stanley stuart
    ted teddy terrence thad trent trey tyler vernon victor vince vincent wade warren wesley
    wilbur xavier zach zachary
    """
)
_FEMALE = _words(
    """
    abigail alice alicia amanda amy andrea angela ann anna anne barbara betsy betty
    beverly brenda carly carol caroline catherine cheryl christina christine claire
    cynthia debbie deborah debra diana diane donna dorothy elizabeth ellen emily emma
    evelyn frances gloria hannah heather heidi helen hillary hope jacqueline jane janet
    janice jean jennifer jessica jill joan joyce judith judy julia julie karen kate
    katherine kathleen kathryn kathy katie kelly kellyanne kimberly laura lauren linda
    lisa lois louise lynn margaret maria marie marilyn martha mary megan megyn melania
    melissa michelle nancy nicole olivia pamela patricia paula rachel rebecca rose ruth
    sandra sara sarah sharon shirley stephanie susan teresa theresa tiffany virginia
    abby adrienne agnes alexandra alexis allison alma ana angelina anita annie april
    ariana barbra becky bernadette bonnie brooke camila candice carla carmen carolyn
    cassandra cathy cecilia chelsea christie cindy claudia colleen condoleezza courtney
    dana dena denise dianne dolores doris edith eileen elaine elena eleanor elise eliza
    erica erin esther eva faith fiona gail gabrielle georgia gina gretchen gwen harriet
    hilary holly huma ivanka jan jeanne jeanine jenny jodi jody joni josephine juanita
    kamala karla katrina kayleigh kellie kerry kirsten kristen lena leslie lily lindsay
    lolita loretta lucy lydia madeleine mandy marcia margo marsha maureen maxine meghan
    melanie mia michele mika miriam molly monica nadia naomi natalie nikki nina nora
    omarosa pam patty peggy penny phyllis priscilla rachael renee rita roberta robin rosa
    rosemary roxanne sally samantha shannon sheila sherrilyn sonia sophia stacey susana
    susannah suzanne sylvia tammy tanya tara tina tracy tulsi valerie vanessa vera
    veronica vicki victoria wendy yvonne zoe
    """
)
_ROLE_GENDER: dict[str, Gender] = {
    "spokesman": "m",
    "spokeswoman": "f",
    "congressman": "m",
    "congresswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "businessman": "m",
    "businesswoman": "f",
    "mr.": "m",
    "mrs.": "f",
    "ms.": "f",
}
_PRONOUNS: dict[str, Agreement] = {
    "he": "he",
    "she": "she",
    "they": "they",
    "it": "it",
    "we": "any",
}
# Nouns a description of a person or of an organisation ends with.
_PERSON_NOUNS = _words(
    """
    nominee candidate senator governor president secretary judge spokesman spokeswoman
    spokesperson congressman congresswoman businessman businesswoman billionaire mogul
    lawmaker chairman chairwoman mayor minister leader frontrunner front-runner pollster
    strategist adviser advisor lawyer attorney economist professor activist pastor hacker
    journalist reporter author host actor actress founder executive general lady
    """
)
_GROUP_NOUNS = _words(
    """
    campaign company committee group party organization organisation administration
    """
)
_DESCRIPTION = re.compile(
    r"^(?i:the|this|that|his|her|their)\s+(?:[\w.'’-]+\s+){0,3}?([a-z-]+)(?:\s+of\s+[\w\s]+)?$"
)
# Words that start a clause, not a name: "Having ... said", "Let me say", "On Friday".
_JUNK = re.compile(
    r"^(?:Having|Being|Speaking|Following|Responding|Writing|Asked|Adding|Noting|Polling|"
    r"I|Let|Let me|Here|There|This|That|It|The|A|An|You|Me|Him|Us|Them|However|Meanwhile|Still|"
    r"Instead|Also|Even|Another|(?:Among|Alongside|Despite|Unlike|Like|With|After|Before|During)"
    r"\s.*|"
    r"I'(?:ve|m|d|ll)|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|"
    r"June|July|August|September|October|November|December)$",
    re.IGNORECASE,
)
# A verb inside a name makes it a clause ("Al Sharpton began taking", "attended the
# session"): the name ends before it.
CLAUSE = re.compile(
    r"\s(?:[a-z]+ed|began|took|went|made|left|to|is|are|was|were|has|have|in|on|at)"
    r"(?:\s|$)"
)


_OWNER = re.compile(r"['’]s?\Z")
# A person named in running text: an optional honorific or title, a first name, an
# optional initial, and up to two more capitalised words.
PERSON_NAME = re.compile(
    r"\b(?:(?P<h>Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.\s+)?(?P<first>[A-Z][a-z]+)"
    r"(?P<rest>(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2})"
)


def named_people(text: str, start: int, end: int) -> list[tuple[int, int, str, Gender]]:
    """People the text names in [start, end) whose gender their first name or honorific
    tells: (start, end, name, gender)."""
    found = []
    for m in PERSON_NAME.finditer(text, start, end):
        honorific = (m.group("h") or "").lower()
        gender = _ROLE_GENDER.get(honorific + ".") or gender_of(m.group("first"))
        if gender is not None:
            name = m.group("first") + m.group("rest")
            if honorific in ("mr", "mrs", "ms"):
                name = m.group("rest").strip()
            found.append(_owner_cut(text, m.start("first"), m.end(), name, gender))
        elif (later := _TITLED_FIRST.match(m.group("rest"))) is not None:
            # "Governor Mark Dunn": the first name follows a capitalised title.
            gender = gender_of(later.group("first"))
            if gender is not None:
                start = m.start("rest") + later.start("first")
                name = m.group("rest")[later.start("first") :]
                found.append(_owner_cut(text, start, m.end(), name, gender))
    return found


_OWNED = re.compile(r"['’]s?(?=\s|$)")


def _owner_cut(
    text: str, start: int, end: int, name: str, gender: Gender
) -> tuple[int, int, str, Gender]:
    """A name found in running text, cut at a possessive: "Alan Grayson’s Senate" is
    Alan Grayson."""
    if (owned := _OWNED.search(name)) is not None:
        name = name[: owned.start()]
    if (cut := _OWNED.search(text, start, end)) is not None:
        end = cut.start()
    return (start, end, name.strip(), gender)


_TITLED_FIRST = re.compile(r"\s+(?P<first>[A-Z][a-z]+)\s+[A-Z]")


_BARE_TITLE = re.compile(
    r"^(?:the\s+)?(President|Senator|Governor|Mayor|Judge|Minister|Secretary|Chairman|"
    r"Chairwoman|Speaker|Congressman|Congresswoman|Ambassador|Director|Commissioner)$",
    re.IGNORECASE,
)
# A mention that opens with a verb is a clause ("is a pastor at ...", "made a stream of ...").
_VERB_FIRST = re.compile(r"^(?:is|was|are|were|has|have|had|be|been|made|makes|did|does)\s")
# "he's", "she’d": the pronoun with a contracted verb.
_CONTRACTED = re.compile(r"['’](?:s|d|ll|re|ve)$")


@dataclass(frozen=True, slots=True)
class Referent:
    """How a claimant mention names its speaker: by name, or by what it must agree with."""

    kind: Literal["name", "pronoun", "description", "title", "junk", "outlet"]
    agree: Agreement = "any"
    noun: str = ""


@lru_cache(maxsize=4096)
def referent(mention: str) -> Referent:
    """Whether a claimant mention is a name, a pronoun, a description or junk."""
    text = mention.strip(" ,")
    if (agree := _PRONOUNS.get(_CONTRACTED.sub("", text.lower()))) is not None:
        return Referent("pronoun", agree)
    if not text or _JUNK.match(text) or _VERB_FIRST.match(text) or _lowercase_junk(text):
        return Referent("junk")
    if (title := _BARE_TITLE.match(text)) is not None:
        # "the President said", "Senator said": a bare title names the person it belongs to.
        noun = title.group(1).lower()
        return Referent("title", _ROLE_GENDER_AGREE.get(noun, "person"), noun)
    if (described := _DESCRIPTION.match(text)) is not None:
        noun = described.group(1).lower()
        if noun in _PERSON_NOUNS:
            return Referent("description", _ROLE_GENDER_AGREE.get(noun, "person"), noun)
        if noun in _GROUP_NOUNS:
            return Referent("description", "group", noun)
    return Referent("name")


_ROLE_GENDER_AGREE: dict[str, Agreement] = {
    role: ("he" if g == "m" else "she") for role, g in _ROLE_GENDER.items()
}


_PREPOSITIONS = _words("on in at for from with by about after before during over under to of")


def _lowercase_junk(text: str) -> bool:
    """A lower-case mention that opens with a preposition or a pronoun names no speaker:
    "on the stump last year", "he has, so far" (unlike "a source", "critics")."""
    if any(ch.isupper() for ch in text) or _SHARE.match(text):
        return False  # "about two-thirds of caucus attendees" is a share of people
    words = text.replace(",", " ").split()
    return len(words) > 1 and (words[0] in _PREPOSITIONS or words[0] in _PRONOUNS)


# Nouns that end a lower-case mention of someone who can speak, beyond the person,
# group and people nouns: unnamed sources, institutions and documents.
_SPEAKER_NOUNS = _words(
    """
    source sources official officials aide aides staff staffer staffers spokesperson
    person people man woman men women friend friends family families observer observers
    insider insiders witness witnesses resident residents voter voters delegate delegates
    superdelegates supporter supporters employee employees member members worker workers
    judges justices court courts panel jury government ministry department agency office
    police military army navy authorities regime council board commission newspaper paper
    magazine network station website site outlet outlets media press statement report
    reports poll polls survey surveys study studies data records document documents filing
    filings letter memo email emails analysis research ruling decision order complaint
    lawsuit indictment video ad ads advertisement book article column editorial post tweet
    tweets speech release results figures estimates projections evidence transcript
    transcripts law laws bill plan platform proposal others majority minority
    group groups team teams side state states country countries nation nations city
    company companies firm firms bank banks union unions coalition movement leadership
    advocates opponents proponents backers allies rivals critics opponent rival ally
    some many several both two most all few
    father mother parents grandfather grandmother son daughter brother sister wife husband
    uncle aunt cousin widow widower fiancee fiance girlfriend boyfriend
    someone somebody anyone quiz publication publications slide presentation
    attendees wing faction left right
    """
)
_HEAD_CUT = re.compile(r"\s(?:who|whom|that|which)\s|,")


def names_a_speaker(mention: str) -> bool:
    """Whether a mention can name someone who speaks: any mention with a capital letter,
    or a lower-case noun phrase whose head is a person, group, institution or document
    ("a top GOP strategist", "officials", "the report"), not "massive fiscal stimulus"."""
    text = mention.strip(" ,\"“”'‘’")
    if any(ch.isupper() for ch in text) or not text or _SHARE.match(text) or _WHO.match(text):
        return True
    words = _HEAD_CUT.split(f" {text} ", maxsplit=1)[0].split()
    if len(words) > 1 and words[0].endswith("ed") and words[1] in _DETERMINERS:
        return False  # "filed multiple reports", "attended the caucuses": a verb phrase
    return any(_speaker_noun(word.strip("’'").lower()) for word in words)


# A share of people, as a poll reports them: "six in 10", "about two-thirds of caucus
# attendees", "almost half".
_SHARE = re.compile(
    r"^(?:about|almost|nearly|roughly|approximately|some|over|more\s+than|fewer\s+than|"
    r"less\s+than|just|only)?\s*(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s+(?:in|of|out\s+of)\s+(?:\d+|ten)|half|(?:a|one|two)[\s-]thirds?|"
    r"(?:a|one|three)[\s-]quarters?|\d+\s+percent)\b"
)
# People named by what they do: "those who back her opponents".
_WHO = re.compile(r"^(?:those|people|anyone|everyone)\s+who\s")
_DETERMINERS = _words("the a an his her their its our my multiple several some many")


def _speaker_noun(noun: str) -> bool:
    """Whether a lower-case word is a noun for someone or something that can speak."""
    return (
        noun in _SPEAKER_NOUNS
        or noun in _PERSON_NOUNS
        or noun in _GROUP_NOUNS
        or noun in _GROUP_OF_PEOPLE
        or noun.rstrip("s") in _PERSON_NOUNS
        or noun.endswith(("ists", "ers", "ans", "ors", "ants", "ents", "ives"))
    )


def gender_of(name: str, role: str | None = None) -> Gender | None:
    """A person's gender from a gendered role word or a common first name, if either is given."""
    for word in (role or "").lower().split():
        if word in _ROLE_GENDER:
            return _ROLE_GENDER[word]
    first = name.split()[0].lower() if name.split() else ""
    if first in _MALE:
        return "m"
    if first in _FEMALE:
        return "f"
    return None


# Plural nouns that end a name of a group of people ("Vermont Democrats").
_GROUP_OF_PEOPLE = _words(
    """
    democrats republicans americans voters conservatives liberals progressives latinos
    hispanics supporters evangelicals members officials leaders critics analysts experts
    economists lawmakers senators delegates residents people women men students parents
    activists donors advocates opponents protesters workers scientists researchers
    """
)
# A group of people in running text, with one modifier before it: "progressive economists",
# "some Republicans", "Democrats".
GROUP = re.compile(
    r"\b(?:(?!(?:the|a|an|of|and|or|to|in|on|for|with|by|that|their|his|her|its|our|these|"
    r"those|from|as|at)\s)[A-Za-z][\w-]*\s+)?(?:"
    + "|".join(sorted(_GROUP_OF_PEOPLE, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def groups(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Groups of people the text names in [start, end): (start, end, name)."""
    return [(m.start(), m.end(), m.group()) for m in GROUP.finditer(text, start, end)]


def is_group(name: str) -> bool:
    """Whether a name names a group of people ("Vermont Democrats", "Jill and Bob")."""
    words = name.lower().split()
    return " and " in name or (bool(words) and words[-1] in _GROUP_OF_PEOPLE)


def agrees(agree: Agreement, kind: str, gender: Gender | None, name: str, noun: str = "") -> bool:
    """Whether a source of this kind, gender and name can be what the mention refers to."""
    group = is_group(name)
    person = kind == "person" and not group
    if agree == "they" and group:
        return True
    if agree == "it":
        return kind not in ("person", "anonymous") and not group
    if agree == "he":
        return person and gender != "f"
    if agree == "she":
        return person and gender != "m"
    if agree == "person":
        return person
    if agree == "they":
        return not person and kind != "document"
    if agree == "group":
        return kind not in ("person", "anonymous", "document") and (
            not noun or noun in name.lower() or noun in ("administration", "party")
        )
    return kind != "document"


# Capitalised words that open a sentence or a title, not a first name.
_NOT_FIRST = _words(
    """
    The A An But And Or So Then When If In On At As After Before While Since Because Though
    Although With Without For From By To Of That This These Those There Here It Its His Her
    Their Our We They He She I You Mr Mrs Ms Dr Sen Rep Gov President Senator Governor Judge
    Secretary Former Vice Democrat Republican Democratic Leader Chairman Mayor Speaker State
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Gen General Rev Pastor
    """
)


def not_a_first_name(word: str) -> bool:
    """Whether a capitalised word opens a sentence or a title rather than a name ("For",
    "In", "Senator")."""
    return word in _NOT_FIRST


# The title words a description or bare title ("the judge", "the Texas senator") names,
# with the forms a title takes before a name ("Judge Berman", "Sen. Ted Cruz").
_TITLE_FORMS: dict[str, str] = {
    "judge": r"Judge",
    "senator": r"Sen\.|Senator",
    "governor": r"Gov\.|Governor",
    "congressman": r"Rep\.|Congressman",
    "congresswoman": r"Rep\.|Congresswoman",
    "president": r"President",
    "mayor": r"Mayor",
    "secretary": r"Secretary",
    "general": r"Gen\.|General",
    "minister": r"Minister",
    "ambassador": r"Ambassador",
    "speaker": r"Speaker",
    "pastor": r"Pastor|Rev\.",
    "chairman": r"Chairman",
    "chairwoman": r"Chairwoman",
}
_TITLED = {
    noun: re.compile(
        rf"\b(?:{forms})\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+)?)"
    )
    for noun, forms in _TITLE_FORMS.items()
}


def titled_person(
    text: str, start: int, end: int, noun: str, *, last: bool = True
) -> tuple[int, int, str, str] | None:
    """The last person the text names in [start, end) with the title ``noun`` stands for
    ("the judge" -> "Judge Berman", "the senator" -> "Sen. Ted Cruz"):
    (start, end, name, title as written); the first one instead when not ``last``."""
    pattern = _TITLED.get(noun)
    if pattern is None:
        return None
    found = None
    for m in pattern.finditer(text, start, end):
        name = _OWNER.sub("", m.group("name"))
        title = text[m.start() : m.start("name")].strip()
        found = (m.start("name"), m.start("name") + len(name), name, title)
        if not last:
            return found
    return found


def full_names(text: str) -> dict[str, set[str]]:
    """Surname -> the full names ("Willie Minor") the text gives it."""
    seen: dict[str, set[str]] = {}
    for m in PERSON_NAME.finditer(text):
        words = (m.group("first") + m.group("rest")).split()
        while words and words[0] in _NOT_FIRST:
            words = words[1:]  # "But Bill Skelly": the sentence's first word is no name
        if len(words) < 2:
            continue
        if len(words) > 2 and gender_of(words[0]) is None and gender_of(words[1]) is not None:
            words = words[1:]  # "State William Galvin": the title's last word is no name
        words[-1] = _OWNER.sub("", words[-1])  # "Hillary Clinton’s victory"
        seen.setdefault(words[-1], set()).add(" ".join(words))
    return seen
