"""Word lists that several detectors share: the words that end an organisation's name, days and
months, and the products and companies prompts name all the time. Here, apart from the
detectors that read them, so that any may import them (the NER module imports the address
detector, which imports the honorifics')."""

from __future__ import annotations

import re
from collections.abc import Sequence

from annexa.detect.context import word_set

__all__ = ["CALENDAR", "HEADERS", "NOT_IN_NAMES", "ORG_WORDS", "PRODUCTS", "name_shaped"]

# Company designators and industry words that end organisation names, never people's.
ORG_WORDS = word_set(
    "co corp corporation inc incorporated ltd limited llc llp plc gmbh ag kg sa sas sarl bv nv "
    "pty group holdings partners labs systems technologies technology solutions software "
    "analytics logistics freight industries bank capital ventures dynamics consulting services "
    "international enterprises media networks foods motors airlines health energy insurance "
    "university institute foundation studio studios agency company trust fund club team council "
    "committee association society hospital clinic school college academy church"
)

# Days and months: "call me Monday" names a day. A month before a surname ("April Lee") or
# after a title ("Mr. May") stays a name.
CALENDAR = word_set(
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight january "
    "february march april may june july august september october november december"
)


# Software, services, AI products and the largest tech companies, which prompts name all the
# time and a small model takes for people when they stand alone ("We support Chrome, Firefox and
# Safari"). Only a one-word name without a cue is checked against them: "Mr. Jenkins" and
# "Claude Monet" stay names. Words that are also common first names (Julia, Ruby, Alexa) are not
# here.
PRODUCTS = word_set(
    "chrome firefox safari edge opera brave chromium windows linux ubuntu debian fedora centos "
    "android ios macos ipados watchos unix python java javascript typescript rust golang "
    "kotlin swift scala perl php haskell elixir erlang clojure lua dart fortran cobol "
    "django flask fastapi rails laravel spring react angular vue svelte node nodejs deno bun "
    "express nextjs nuxt jquery bootstrap tailwind pandas numpy scipy pytorch tensorflow keras "
    "spark hadoop kafka airflow dbt postgres postgresql mysql mariadb sqlite oracle mongodb redis "
    "cassandra elasticsearch opensearch snowflake bigquery redshift databricks dynamodb neo4j "
    "docker kubernetes helm terraform ansible puppet chef jenkins gradle maven npm yarn pip conda "
    "git github gitlab bitbucket jira confluence trello asana notion slack teams zoom webex "
    "outlook gmail excel word powerpoint sharepoint onedrive dropbox salesforce hubspot zendesk "
    "stripe paypal shopify twilio sendgrid okta auth0 nginx apache tomcat grafana prometheus "
    "datadog splunk sentry kibana tableau looker aws azure gcp heroku vercel netlify cloudflare "
    "openai chatgpt gpt claude anthropic gemini bard copilot llama mistral cohere huggingface "
    "whisper midjourney siri cortana google microsoft apple amazon meta facebook instagram "
    "whatsapp youtube linkedin twitter netflix spotify uber airbnb tesla ibm intel nvidia amd "
    "samsung bing yahoo"
)

# Header and field names that start a line with a colon, like a dialogue's speakers do.
HEADERS = word_set(
    "subject description from to cc bcc re fwd date time note notes summary title status "
    "priority severity steps error warning info question answer user assistant system input "
    "output example result response request comment comments update action owner type name "
    "risks issue impact reason details context background goal goals task tasks problem "
    "solution expected actual environment version"
    # a mail's header block in the engine's other languages
    " von an betreff gesendet datum objet envoyé para asunto enviado fecha oggetto inviato"
    " da onderwerp verzonden aan van"
)

# Words no person's name holds: a company's, a product's, a calendar's, a heading's or a step's.
NOT_IN_NAMES = (
    ORG_WORDS
    | PRODUCTS
    | CALENDAR
    | HEADERS
    | word_set(
        "release build test tests deploy check checks main default new old general public private"
        " primary secondary backup admin support sales billing team service app api web data"
        " report reports list lists code docs page home account accounts settings config"
        " bot bots noreply notifications notification alerts alert helpdesk desk info contact hr"
        " ops security marketing newsletter updates digest jobs careers recruiting payroll"
        " finance invoices orders shipping store shop feedback community news office ecosystem"
        " project projects developers maintainers contributors authors organization org"
        " management product products engineering design operations legal people platform"
        " infrastructure devops qa quality leadership executive staff crew department division"
        " unit please review approve see find read thanks regards best cheers sincerely teams"
        " dept board customer customers client clients vendor vendors partner"
        # placeholders
        " foo bar baz qux quux lorem ipsum dolor amet example sample dummy placeholder"
    )
)

# A word of a person's name as it is written: capitalised, hyphenated parts ("Paul-Julien"), an
# O', D' or Mc ("O'Neill", "McTavish"), an initial ("P.")
_NAME_SHAPED = re.compile(
    r"(?:[A-Z]['’]|Mc)?[A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ][a-zß-öø-ÿĀ-ſḀ-ỿ'’]+"
    r"(?:-[A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ]?[a-zß-öø-ÿĀ-ſḀ-ỿ'’]+)*\.?"
    r"|[A-Z]\."
)


def name_shaped(words: Sequence[str]) -> bool:
    """Whether ``words`` (a name's particles left out) read as a person's name of two to four
    words: each written as a name's word is, none a company's, a product's, a calendar's or a
    heading's word ("Dale Bennett", "Paul-Julien Bourgeois"; not "Support Team", "Release
    Notes")."""
    return (
        2 <= len(words) <= 4
        and all(_NAME_SHAPED.fullmatch(w) for w in words)
        and not any(w.lower().rstrip(".") in NOT_IN_NAMES for w in words)
    )
