"""The cue lexicon as data (verbs, the words before them, their particles) and its patterns."""

from __future__ import annotations

import re

# Verb forms that mark a reported claim, by how often PolNeAR annotates them as
# a cue (train split: precision of the word as a cue >= ~0.45; forms below ~0.29,
# such as "decided", "pledged", "wanted", cost more than they find).
VERB_WORDS = """
Says Said Tells Warns Urges Slams Blasts Claims Vows Admits Denies Reports Calls Asked
declined offered considered attacked echoed questioning identified nominated reminded
assured acknowledge deemed recognized suggest discuss discussing called calling calls
asked asks asking wants seemed seems appears appeared endorsed endorses continued
refused refuses supported sought proposed opposed mocked thanked named expressed
discussed believe think fear referring talked spoke talking according According said
says say saying told tells telling wrote writes added adds adding reported noted notes
noting announced announces announcing stated stating argued argues arguing argue claimed
claims claiming claim warned warns warning explained explains explaining suggested
suggests suggesting tweeted tweeting described describes describing accused accuses
accusing criticized criticizes criticizing declared declares declaring acknowledged
acknowledges acknowledging insisted insists insisting insist asserted asserts asserting
agreed responded responds replied replies revealed reveals confirmed confirms denied
denies admitted admits predicted predicts predicting concluded concludes recalled
recalls recalling vowed vows vowing promised promises promising pledges pledging urged
urges urging cited cites citing mentioned mentions mentioning complained complains
remarked commented emphasized stressed reiterated repeated conceded countered contended
contends alleged alleges alleging blasted slammed praised defended questioned dismissed
rejected blamed blames joked boasted touted lamented decried condemned denounced pointed
wondered estimated disclosed testified speculated anticipated projected forecast
believes thinks hopes hoped hoping expected indicated indicates showed shows found finds
learned show exclaimed implied implies derided applauded confessed professing pledged viewed
agree railed denouncing mention charged express oppose ordered wonder invoked emailed
challenged referred outlined unveiled issued wondering
"""
# Auxiliaries, negations and adverbs PolNeAR keeps before the verb ("did not say").
MODIFIERS = (
    r"has|have|had|also|now|still|is|was|are|were|been|will|would|previously|repeatedly|"
    r"later|then|again|further|publicly|recently|first|earlier|once|separately|"
    r"just|already|only|(?!(?:family|rally|ally|assembly|supply|reply|daily|weekly|monthly|quarterly)\b)[a-z]{3,}ly|to|not|never|even|often|long|be|can|could|did|does|do|"
    r"always|may|might|must|should|soon|sometimes|\w+n't"
)
# Prepositions PolNeAR keeps in the cue ("called for", "referring to", "warned of"),
# each with the verb forms that keep it (train: kept more often than not).
PARTICLES = {
    "for on": "call calls called calling",
    "to": "referring referred refers pointed pointing points according",
    "out": "pointed pointing points",
    "of about against": "warn warns warned warning",
    "with": "agree agrees agreed",
    "about": "talked spoke talking asked asks asking wrote writes say",
    "for": "asked asks asking",
    "of": "accused accuses assured",
    "in": "believe believes",
}
# Topic prepositions PolNeAR keeps after any verb when the content follows the cue
# (train: "complained about Y" 33 kept to 13 not; '"...," X said of Y' mostly not).
TOPIC = frozenset({"of", "about"})
# Verbs that are no cue without their particle ("according" alone).
NEEDS_PARTICLE = frozenset({"according", "talked", "spoke", "talking"})


def particles_of() -> dict[str, frozenset[str]]:
    """Each verb form with every particle it keeps."""
    out: dict[str, set[str]] = {}
    for particles, verbs in PARTICLES.items():
        for verb in verbs.split():
            out.setdefault(verb, set()).update(particles.split())
    return {verb: frozenset(ps) for verb, ps in out.items()}


_Trie = dict[str, "_Trie"]


def trie(words: list[str]) -> str:
    """One regex alternation as a prefix tree: much faster than a flat list of words."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def verb_pattern(words: list[str]) -> re.Pattern[str]:
    """The cue verbs with an optional particle after them."""
    particles = sorted({p for ps in PARTICLES for p in ps.split()}, key=len, reverse=True)
    return re.compile(
        rf"\b(?P<verb>{trie(words)})\b"
        rf"(?:\s+(?P<particle>in\s+an?\s+statement|{'|'.join(particles)})\b)?"
    )


# Compiled patterns of the attribution structures (service/pipeline/attribution.py).
PARTICLES_OF = particles_of()
VERB = verb_pattern(VERB_WORDS.split())
# Auxiliaries and adverbs before the verb belong to the cue ("has also said"); case
# matters: "Jolly said" and "Will said" name the speaker.
MODS = re.compile(rf"(?:\b(?:{MODIFIERS})\s+){{1,3}}\Z")
AS_CUE = re.compile(r",?\s*as\s+$", re.IGNORECASE)
INTERVIEW = re.compile(r"\s+(?:in\s+an?\s+(?:interview|statement)\s+)?(?:with|by|to)\s+", re.I)
# A verb form right after a determiner is a noun ("these claims", "the reports").
NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|his|her|their|its|our|of|these|those|this|such)\s+\Z|'s\s+\Z|\bso-\Z|"
    r"\bto\s+\Z",  # an infinitive ("declined to say") is rarely the cue PolNeAR marks
    re.I,
)
BOUNDARY = re.compile(r"[,;:][\"']{0,2}\s|\s[-]+\s|(?:^|(?<=\n))[A-Z ]{3,}\s*\(\w+\)\s*-\s*")
# The subject of a cue in a subordinate clause starts after its link word ("as he said").
CLAUSE_LINK = re.compile(
    r"\b(?:who|which|that|when|as|after|before|because|since|if|while|where|whom)(?:\s+(?=\S)|\s*\Z)",
    re.IGNORECASE,
)
# "She declared X and said ...": the subject is further back; better none than a wrong one.
COORDINATED = re.compile(r"\b(?:and|but|or|then)\s*\Z")
TRAILER = re.compile(
    r"(?:in|on|at|during|after|before|while|when|from|last|this|earlier|later|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)\b"
)
SPEAKER = re.compile(r"([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4}):\s+(?=\S)")
# Labels that look like "Name:" but introduce no speaker.
LABELS = (
    "UPDATE UPDATED WATCH READ RELATED PHOTO PHOTOS VIDEO NOTE EDITOR'S CORRECTION Q A "
    "SOURCE SOURCES CREDIT BREAKING CONTRIBUTING BYLINE TWITTER REVEALED WOW"
)
NOT_SPEAKERS = frozenset(LABELS.split()) | {"THE LATEST", "EDITOR'S NOTE"}
# "on Tuesday night he said": a pronoun right before the cue is the whole source.
PRONOUN = re.compile(r"\b(?:he|she|they|we|I|you)\s+\Z")
QUOTE_NEXT = re.compile(r"[,:]\s*[\"']")
RELATIVE = re.compile(r"(?:who|which|whose)\b", re.IGNORECASE)
# A noun phrase right after an inverted cue: "..., said Mr. Hedge" / "said a spokesman".
NAMED = re.compile(r"\s+(?:[A-Z]|(?:a|an|the|one|another)\b)")
# "Dean Johnson, a salesman, says Cruz will win": a clause after the cue is its content.
FINITE = re.compile(
    r"\b(?:is|was|are|were|will|would|has|have|had|can|could|should|did|does|do|may|might|"
    r"must|that|it|he|she|they|we|I|there)\b|[\"']"
)
# "a new group called Black Votes Matter" names a thing; it reports nothing.
NAMING = re.compile(
    r"\b(?:[Aa]n?|new|group|company|program|event|book|film|series|show|blog)\s+"
    r"(?:[a-z][\w-]*,?\s+){0,3}\Z"
    r"|\bwhat\s+(?:\w+\s+)?\Z"  # "what they called 'financial supermarkets'"
)
QUOTE_OR_THAT = re.compile(r"[\"]|''|\bthat\b")
# '"...," Mr. Biden said, clutching the lectern.': a participle after the cue adds nothing.
AFTERTHOUGHT = re.compile(r",\s+(?!that\b|however\b)(?:[a-z]+(?:ing|ly)|asked)\b")
ADVERBIAL = re.compile(
    r"\s+(?:in|on|at|over|during|following|after|last|this|earlier|later|recently|repeatedly|"
    r"Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)\b[^\"\n,;]{0,60}?(?=\s+that\b)"
)
# A subject keeps neither a leading connective ("Then DuPont") nor a trailing adverbial
# ("DuPont, only two months later"); one with a finite verb is a clause, not a subject.
SOURCE_LEAD = re.compile(
    r"\s*(?:then|so|but|and|still|now|meanwhile|however|instead|also|yet|indeed|later|"
    r"earlier|today|yesterday|again|finally|first|separately|similarly|even|although|though|"
    r"both)\b,?\s+",
    re.IGNORECASE,
)
SOURCE_VERB = re.compile(r"\s(?:has|had|have|is|was|are|were|will|would|could|should|did)\s")
SOURCE_TAIL = re.compile(
    r",\s*(?:only|speaking|in|on|at|during|after|before|however|meanwhile|too|though|also|"
    r"then|now|still|[a-z]+ly|[a-z]+ing)\b[^,]*,?\s*\Z"
)
PASSIVE = re.compile(r"(?:is|was|are|were|been|being)\b", re.IGNORECASE)
BY_AGENT = re.compile(
    r"\s+(?:[A-Za-z]+\s+){0,2}?by\s+(?P<agent>[^,;:()\"]{2,120}?)(?=\s*(?:[,;:(]|\Z))"
)
IMPERSONAL = frozenset({"it", "it's", "there", "there's", "this", "that", "which", "who"})
THAT = re.compile(r"[\s,:]*(?:that\b|[\"'])", re.I)
# Verbs with a listener before the content: "told reporters that ...", "asked him: ...".
LISTENER = re.compile(r"\b(?:told|tells|telling|asked|asks|asking|urged|warned|reminded)\Z")
OBJECT = re.compile(r"\s+(?:[\w.'()!&-]+,?\s+){0,5}?(?=that\b|:|\")")
# "..., an official told The New York Times.": the listener ends the sentence.
ONLY_LISTENER = re.compile(r"(?:\s+[^\s,;:\"]+){1,6}?\s*[.!?]?[\"']?\s*\Z")
JOINT = re.compile(
    rf"(?:,|\band\b|\bbut\b)\s+(?:(?:he|she|they|we|I)\s+)?(?:(?:{MODIFIERS})\s+){{0,2}}\Z"
    # "..., a man yelled ...": a second speaker after a comma starts a relation of its own.
    rf"|,\s+(?:(?:a|an|the|one|another)\s+[a-z][\w-]*|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)?)\s+"
    rf"(?:(?:{MODIFIERS})\s+){{0,2}}\Z"
)
TRAIL = " \t\n,;:.-"
DANGLING = re.compile(r"[\s,]+according\s+to\Z", re.IGNORECASE)
LEAD = " \t\n,;:-"
# The subject that opens a sentence, before its verb: the speaker of a participle later
# in the sentence ("Sen. Jane Roe (D-Ore.) attacked the bill, saying ...").
MAIN_SUBJECT = re.compile(
    r"(?:(?:However|But|And|Still|Meanwhile|Then|Later|Instead|Earlier|Now|Yet),?\s+)?"
    r"[\"'“]?(?P<subj>(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)|(?:The|A|An)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*|"
    r"(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]*"
    r"(?:\s+\([^()]{1,20}\))?)(?=,\s|\s+(?:also\s+|then\s+|later\s+)?(?:[a-z]+(?:ed|s)|did|took|"
    r"made|held|gave|went|told|said|spoke|met|ran|won|lost|left|came|saw|got|became|began|kept|"
    r"put|set|sent|brought|thought|felt|found|stood|wrote|led|paid)\b)"
)
# A relative pronoun right before a cue: its speaker is the name before it.
WHO_BEFORE = re.compile(r"\bwho\s+\Z")
NAME_BEFORE = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*(?=,?\s*\Z)")
# Cue words that report nothing when these words follow them (only the verbs listed).
NOT_CUE_VERB = re.compile(
    r"(?:think|appear(?:s|ed)?|add(?:s|ed|ing)?|claim(?:s|ed|ing)?|call(?:s|ed|ing)?)\Z"
)
NOT_CUE_AFTER = re.compile(
    r"\s+(?:tanks?\b|in\s+(?:print|court|public|person)\b|before\s+(?:supporters|a|the)\b|"
    r"on\s+(?:stage|television|TV|the\s+(?:ballot|show|program|stage))\b|to\s+(?:his|her|their|its|the)\s+"
    r"(?:wins|lead|delegate|victories|total|tally|count|list|growing)|"
    r"(?:a\s+|the\s+)?(?:victory|win|prize|nomination|title|seat|delegates|credit)\b)"
)
# "show" reports only with a document for subject: "records show", "disclosures show".
SHOW = re.compile(r"show\Z")
DOCUMENT_BEFORE = re.compile(
    r"\b(?:records|disclosures|documents|data|filings|polls|surveys|figures|statistics|emails|"
    r"results|studies|numbers|reports|papers|returns)\s+(?:also\s+|now\s+)?\Z",
    re.IGNORECASE,
)
# A relative clause opening after a name: "Swanson, who is a pastor, ...".
WHO_CLAUSE = re.compile(r",\s+who\s(?!.*,\s+who\s)")
# "and"/"but" joining two clauses: the second one's subject follows it.
CLAUSE_AND = re.compile(r"\s(?:and|but)\s+")
# Verbs that put their speaker after them: "CONTENT, said X" (not "A, slammed B").
INVERTIBLE = re.compile(
    r"\b(?:said|says|added|adds|wrote|writes|noted|notes|explained|explains|argued|argues|asked|"
    r"recalled|replied|continued|insisted|insists|warned|warns|told|tells|according)\Z"
)
# An aside between dashes right before a cue: "X - like Reid, a supporter - recalled".
DASHED_ASIDE = re.compile(r"\s-{1,2}\s[^-]{1,200}\s-{1,2}\s*\Z")
# The content going on after a cue set off by commas: ", limited the recovery", "; the
# government had ...". Not an afterthought ("..., adding", "..., on Tuesday").
RESUMED = re.compile(
    r"[,;]\s+(?!(?:and|but|who|which|when|while|as|after|before|according|adding|saying|in|on|at|"
    r"during|last|this|though|although|because|since|where)\b)(?:[^\s,;]+\s+){2}"
)
