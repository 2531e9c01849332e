"""What /quotebot help and /quotebot about say."""

from __future__ import annotations

from .blocks import Rendered, note, section

ABOUT = ("quotebot quotes the transcripts it was given, accurately and with a citation "
         "(speaker, document, paragraph and quote id) for every passage.")

HELP = """*quotebot commands*
`/quote [topic] [speaker:Name]`: a quotation, posted in the channel
`/search words "exact phrase" [speaker:Name]`: passages, five a page
`/fact [topic] [kind:money] [--limit 5]`: figures stated in the transcripts
`/verify "a quotation" [speaker:Name]`: did they say it, in those words?
`/context QUOTE_ID [--before 2] [--after 2]`: the paragraphs around a quote
`/daily set #channel HH:MM Area/City [speaker:Name] [topic]`, `/daily off | now [#channel]`, `/daily status`: \
the quote of the day (admins)
`/reload`: re-read the transcripts (admins)
`/quotebot help | about | about speakers [file]`, and `/quotebot search …` (every command above) where the short names are taken"""


def help_message() -> Rendered:
    text = HELP.replace("*", "").replace("`", "")
    return Rendered(text, [[section(HELP), note("Answers are private until you press *Post to channel*.")]])

