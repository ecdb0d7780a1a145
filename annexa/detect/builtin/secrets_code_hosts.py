"""Code hosts and package registries: GitHub, GitLab, Bitbucket/Atlassian, npm, PyPI, Docker Hub...

GitHub's tokens (and npm's, which follow the same scheme) end in a CRC32 checksum of the random
part written in base62: a match whose checksum holds is confirmed (score 1.0, ``validated``).
"""

from __future__ import annotations

from typing import ClassVar

from annexa.detect.interface import Detector
from annexa.detect.secrets_common import (
    ED,
    B,
    Check,
    E,
    SecretDetector,
    base62_crc32,
    keyed,
    mixed_token,
    token,
)
from annexa.settings import ScanSettings

GITHUB = "GitHub docs: About authentication to GitHub — GitHub's token formats"
GITLAB = "GitLab docs: Token overview — token prefixes"
_GITLAB_PREFIXES = tuple(
    f"gl{p}-"
    for p in "pat oas dt rt cbt ptt ft imt agent soat ffct wt ut".split()  # noqa: SIM905
)


def github_checksum(value: str) -> bool | None:
    """``True`` when a 40-char ``gh?_`` / ``npm_`` token's last 6 chars are its base62 CRC32.

    GitHub's published format is prefix + 30 random base62 characters + a 6-character CRC32
    checksum. Whether the prefix is part of the checksummed text is not published, so both
    readings confirm; any other length or a failed checksum keeps the rule's score (``None``).
    """
    head, _, rest = value.rpartition("_")
    if len(rest) != 36:
        return None
    body, crc = rest[:30], rest[30:]
    if crc in (base62_crc32(body), base62_crc32(f"{head}_{body}")):
        return True
    return None


_GITHUB = (
    token(
        "github_token",
        "github",
        rf"{B}gh[pousr]_[A-Za-z0-9]{{36,251}}{E}",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        ('headers = {"Authorization": "token ⟦ghp_{a:36}⟧"}', "GH_TOKEN=⟦ghs_{a:36}⟧"),
        ("ghp_{a:20}", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "xghp_{a:36}"),
        GITHUB,
    ),
    token(
        "github_fine_grained_pat",
        "github",
        rf"{B}github_pat_[A-Za-z0-9]{{22}}_[A-Za-z0-9]{{59}}{E}",
        ("github_pat_",),
        ("GITHUB_TOKEN=⟦github_pat_{a:22}_{a:59}⟧",),
        ("github_pat_{a:22}_{a:20}", "github_pat_xxxxxxxxxxxxxxxxxxxxxx_{a:59}"),
        GITHUB,
    ),
)

_GITLAB = (
    token(
        "gitlab_token",
        "gitlab",
        rf"{B}(?:gl(?:pat|dt|rt|rtr|cbt|ft|soat|ffct|wt|ut)-[\w.-]{{20,300}}|glptt-[\w-]{{40}}"
        rf"|gloas-[\w-]{{64}}|glagent-[\w-]{{50,1024}}|glimt-[\w-]{{25}}){ED}",
        _GITLAB_PREFIXES,
        ("GITLAB_TOKEN=⟦glpat-{u:20}⟧", "token ⟦glrt-{u:20}.01.{a:9}⟧", "⟦glptt-{h:40}⟧"),
        ("glpat-{u:10} rest", "glpat_{u:20}", "glpat-XXXXXXXXXXX-XXXXXXXX"),
        GITLAB,
    ),
    token(
        "gitlab_runner_registration_token",
        "gitlab",
        # 20 characters when introduced; longer like the other prefixes' routable tokens
        rf"{B}GR1348941[\w-]{{20,300}}{ED}",
        ("gr1348941",),
        ("registration-token ⟦GR1348941{u:20}⟧", "runner: ⟦GR1348941{u:30}_{u:19}⟧"),
        ("GR1348941XXXXXXXXXXXXXXXXXXXX", "GR134894112312312312312312312"),
        GITLAB,
    ),
)

_ATLASSIAN = (
    token(
        "atlassian_api_token",
        "atlassian",
        rf"{B}ATATT3[A-Za-z0-9_=-]{{150,260}}{ED}",
        ("atatt3",),
        ('"jira_token": "⟦ATATT3{u:175}={H:8}⟧"', "JIRA_API_TOKEN=⟦ATATT3{u:180}⟧"),
        ("ATATT3{u:30}", "ATATT3xxxxxxxxxxxxxxxxxxxx"),
        "Atlassian support: Manage API tokens for your Atlassian account",
    ),
    keyed(
        "atlassian_legacy_token",
        "atlassian",
        r"jira|confluence|atlassian",
        r"[A-Za-z0-9]{24}",
        ("jira", "confluence", "atlassian"),
        ("JIRA_API_TOKEN=⟦{a:24}⟧",),
        ("JIRA_API_TOKEN={a:12}", "getPagesInConfluenceSpace,searchConfluenceUsingCql"),
        "Atlassian support: Manage API tokens (legacy 24-character tokens)",
        score=0.7,
    ),
    token(
        "bitbucket_token",
        "bitbucket",
        rf"{B}(?:ATBB[A-Za-z0-9_=.-]{{28,60}}|ATCTT3[A-Za-z0-9_=-]{{150,260}}){ED}",
        ("atbb", "atctt3"),
        ("BITBUCKET_APP_PASSWORD=⟦ATBB{a:32}⟧", "⟦ATCTT3{u:180}⟧"),
        ("ATBB{a:10}", "ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Bitbucket Cloud docs: App passwords and access tokens",
    ),
)

_REGISTRIES = (
    token(
        "npm_token",
        "npm",
        rf"{B}npm_[A-Za-z0-9]{{36}}{E}",
        ("npm_",),
        ("NPM_TOKEN=⟦npm_{a:36}⟧",),
        ("npm_{a:20}", "npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "run npm_config_cache"),
        "npm docs: About access tokens (npm_ prefix)",
    ),
    token(
        "npmrc_auth_token",
        "npm",
        r"//[^\s/]{1,100}/(?:[^\s:]{0,100}/)?:_(?:authToken|auth|password)\s?=\s?"
        r"([^\s\"'$]{8,400})",
        ("_authtoken", ":_auth", ":_password"),
        ("//registry.npmjs.org/:_authToken=⟦{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧",),
        ("_authToken={h:8}-{h:4}-{h:4}-{h:4}-{h:12}", "//r.example/:_authToken=${NPM_TOKEN}"),
        "npm docs: Using private packages in a CI/CD workflow (.npmrc auth lines)",
        group=1,
    ),
    token(
        "pypi_token",
        "pypi",
        rf"{B}pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{{120,400}}{ED}",
        ("pypi-ag",),
        ("password = ⟦pypi-AgEIcHlwaS5vcmc{u:160}⟧", "⟦pypi-AgENdGVzdC5weXBpLm9yZw{u:150}⟧"),
        ("pypi-AgEIcHlwaS5vcmc{u:60}", "pypi-{u:160}"),
        "PyPI docs: API tokens (macaroons, pypi- prefix)",
    ),
    token(
        "dockerhub_token",
        "docker",
        rf"{B}dckr_(?:pat|oat)_[A-Za-z0-9_-]{{27,36}}{ED}",
        ("dckr_pat_", "dckr_oat_"),
        ("docker login -u me -p ⟦dckr_pat_{u:27}⟧",),
        ("dckr_pat_{u:10}", "dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Docker docs: Personal access tokens (dckr_pat_ prefix)",
    ),
    token(
        "rubygems_token",
        "rubygems",
        rf"{B}rubygems_[a-f0-9]{{48}}{E}",
        ("rubygems_",),
        ("GEM_HOST_API_KEY=⟦rubygems_{h:48}⟧",),
        ("rubygems_{h:20}", "rubygems_version"),
        "RubyGems guides: API key scopes (rubygems_ prefix)",
    ),
    token(
        "nuget_api_key",
        "nuget",
        rf"{B}oy2[a-z0-9]{{43}}{E}",
        ("oy2",),
        ("nuget push -k ⟦oy2{l:43}⟧",),
        ("oy2{l:20}", "boy2{l:43}"),
        "NuGet docs: Scoped API keys (oy2 prefix)",
    ),
    token(
        "jfrog_api_key",
        "jfrog",
        rf"{B}(?:AKCp[A-Za-z0-9]{{69}}|cmVmdGtuOjAxOj[A-Za-z0-9]{{50}}){E}",
        ("akcp", "cmvmdgtuojaxoj"),
        ("X-JFrog-Art-Api: ⟦AKCp{a:69}⟧", "⟦cmVmdGtuOjAxOj{a:50}⟧"),
        ("AKCp{a:20}", "lowEntropy := AKCpXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
        "JFrog docs: API keys and identity (reference) tokens",
    ),
    token(
        "sourcegraph_token",
        "sourcegraph",
        rf"{B}sgp_(?:[a-fA-F0-9]{{16}}_|local_)?[a-fA-F0-9]{{40}}{E}",
        ("sgp_",),
        ("SRC_ACCESS_TOKEN=⟦sgp_{h:40}⟧", "⟦sgp_{h:16}_{h:40}⟧"),
        ("sgp_{h:20}", "sgp_5555555dAAAAA7777777CcccCFaaaaaaaaaaaaaa"),
        "Sourcegraph docs: Access tokens (sgp_ prefix)",
    ),
    token(
        "circleci_token",
        "circleci",
        rf"{B}CCIPAT_[A-Za-z0-9]{{22}}_[a-f0-9]{{40}}{E}",
        ("ccipat_",),
        ("CIRCLE_TOKEN=⟦CCIPAT_{a:22}_{h:40}⟧",),
        ("CCIPAT_{a:22}", "CCIPAT_{a:22}_{h:10}"),
        "CircleCI docs: Managing API tokens (CCIPAT_ prefix)",
    ),
    token(
        "buildkite_token",
        "buildkite",
        rf"{B}bkua_[a-f0-9]{{40}}{E}",
        ("bkua_",),
        ("BUILDKITE_API_TOKEN=⟦bkua_{h:40}⟧",),
        ("bkua_{h:10}", "bkua_{U:40}"),
        "Buildkite docs: Managing API access tokens (bkua_ prefix)",
    ),
    token(
        "sonarqube_token",
        "sonar",
        rf"{B}sq[upa]_[a-f0-9]{{40}}{E}",
        ("squ_", "sqp_", "sqa_"),
        ("SONAR_TOKEN=⟦squ_{h:40}⟧",),
        ("squ_{h:10}", "sqx_{h:40}"),
        "SonarQube docs: Managing your tokens (squ_/sqp_/sqa_ prefixes)",
    ),
    keyed(
        "sonar_legacy_token",
        "sonar",
        r"sonar[\w.-]{0,20}?(?:token|login|key)",
        r"[A-Za-z0-9]{40}",
        ("sonar",),
        ('SONAR_LOGIN := "⟦{a:40}⟧"',),
        ('SONAR_LOGIN := "{a:20}"', 'sonar_project_key = "{L:12}"'),
        "SonarQube docs: Managing your tokens (40-character user tokens)",
        score=0.75,
    ),
    keyed(
        "sourcegraph_legacy_token",
        "sourcegraph",
        r"sourcegraph",
        r"[a-fA-F0-9]{40}",
        ("sourcegraph",),
        ("sourcegraph: ⟦{h:40}⟧",),
        ("sourcegraph: {h:20}", "sourcegraph_url = https://sourcegraph.com"),
        "Sourcegraph docs: Access tokens (legacy 40-hex tokens)",
        score=0.75,
    ),
    keyed(
        "snyk_token",
        "snyk",
        r"snyk",
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        ("snyk",),
        ('const SNYK_TOKEN = "⟦{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧"',),
        ("SNYK_TOKEN = {h:8}-{h:4}", 'snyk_org = "{L:10}"'),
        "Snyk docs: Authentication for API (API token is a UUID)",
        score=0.75,
    ),
    token(
        "octopus_deploy_api_key",
        "octopus",
        rf"{B}API-[A-Z0-9]{{26}}{E}",
        ("api-",),
        ('set apikey="⟦API-{A:26}⟧"',),
        ('msgstr "GSSAPI-VIRHEKAPSELOINTIMERKKIJONO."', "API-{A:32}"),
        "Octopus Deploy docs: How to create an API key (API- prefix)",
    ),
    token(
        "terraform_cloud_token",
        "hashicorp",
        rf"{B}[A-Za-z0-9]{{14}}\.atlasv1\.[A-Za-z0-9_=-]{{60,70}}{ED}",
        ("atlasv1",),
        ('token = "⟦{a:14}.atlasv1.{u:67}⟧"',),
        (
            "{a:14}.atlasv1.{u:20}",
            "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
        "HashiCorp Terraform Cloud docs: API tokens",
    ),
)


class CodeHostSecretDetector(SecretDetector):
    """Code host and package registry tokens: GitHub, GitLab, Atlassian, npm, PyPI, Docker..."""

    name = "secrets_code_hosts"
    origin = "provider documentation (GitHub, GitLab, Atlassian, npm, PyPI, Docker, JFrog, ...)"
    patterns = _GITHUB + _GITLAB + _ATLASSIAN + _REGISTRIES
    anchor_all = True
    unanchored = frozenset({"terraform_cloud_token", "npmrc_auth_token"})
    checks: ClassVar[dict[str, Check]] = {
        "github_token": github_checksum,
        "npm_token": github_checksum,
        "gitlab_runner_registration_token": lambda v: mixed_token(v[9:]),
    }
    windows = {"gitlab_token": (0, 320), "github_token": (0, 260)}  # noqa: RUF012


def detectors(settings: ScanSettings) -> list[Detector]:
    """The code host and registry credential detector."""
    return [CodeHostSecretDetector()]
