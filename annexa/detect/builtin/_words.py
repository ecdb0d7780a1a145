"""Word lists that several detectors share: the words that end an organisation's name, days and
months, and the products and companies prompts name all the time. Here, apart from the
detectors that read them, so that any may import them (the NER module imports the address
detector, which imports the honorifics')."""

from __future__ import annotations

from annexa.detect.context import word_set

__all__ = ["CALENDAR", "ORG_WORDS", "PRODUCTS"]

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
