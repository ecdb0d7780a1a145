"""AI provider keys: OpenAI, Anthropic, Hugging Face, Cohere, Replicate, Groq, NVIDIA, ...

Google AI (Gemini) keys are Google Cloud API keys (``AIza…``) and are found by the cloud rules.
"""

from __future__ import annotations

from annexa.detect.interface import Detector
from annexa.detect.secrets_common import ED, B, E, SecretDetector, keyed, token
from annexa.settings import ScanSettings

OPENAI = "OpenAI platform docs: API keys (sk-, sk-proj-, sk-svcacct-, sk-admin-)"
ANTHROPIC = "Anthropic docs: API keys (sk-ant-api03-, admin sk-ant-admin01-)"

_RULES = (
    token(
        "openai_key",
        "openai",
        rf"{B}sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{{20,160}}T3BlbkFJ[A-Za-z0-9_-]{{20,160}}{ED}",
        ("t3blbkfj",),
        ("OPENAI_API_KEY=⟦sk-{a:20}T3BlbkFJ{a:20}⟧", "⟦sk-proj-{u:74}T3BlbkFJ{u:74}⟧"),
        ("sk-{a:20}T4BlbkFJ{a:20}", "sk-{a:10}T3BlbkFJ{a:5}"),
        OPENAI,
    ),
    token(
        "openai_project_key",
        "openai",
        rf"{B}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{{80,250}}{ED}",
        ("sk-proj-", "sk-svcacct-", "sk-admin-"),
        ("client = OpenAI(api_key='⟦sk-proj-{u:156}⟧')",),
        (
            "sk-proj-{u:40}",
            "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
        OPENAI,
        score=0.85,
    ),
    token(
        "anthropic_key",
        "anthropic",
        rf"{B}sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{{93}}AA{ED}",
        ("sk-ant-",),
        ("ANTHROPIC_API_KEY=⟦sk-ant-api03-{u:93}AA⟧", "⟦sk-ant-admin01-{u:93}AA⟧"),
        ("sk-ant-api03-{u:93}BB", "sk-ant-api03-{u:40}AA"),
        ANTHROPIC,
    ),
    token(
        "anthropic_oauth_token",
        "anthropic",
        rf"{B}sk-ant-(?:oat|ort|sid)\d\d-[A-Za-z0-9_-]{{80,120}}{ED}",
        ("sk-ant-",),
        ("CLAUDE_CODE_OAUTH_TOKEN=⟦sk-ant-oat01-{u:95}⟧",),
        ("sk-ant-oat01-{u:20}", "sk-ant-xyz01-{u:95}"),
        ANTHROPIC,
    ),
    token(
        "huggingface_token",
        "huggingface",
        rf"{B}(?:hf_|api_org_)[A-Za-z]{{34}}{E}",
        ("hf_", "api_org_"),
        ("huggingface-cli login --token ⟦hf_{U:10}{L:24}⟧", "`⟦api_org_{U:17}{L:17}⟧`"),
        ("- (id)hf_requiredCharacteristicTypesForDisplayMetadata;", "hf_{L:10}"),
        "Hugging Face docs: User access tokens (hf_ prefix)",
    ),
    keyed(
        "cohere_key",
        "cohere",
        r"cohere|co_api_key",
        r"[A-Za-z0-9]{40}",
        ("cohere", "co_api_key"),
        ("CO_API_KEY=⟦{a:40}⟧", 'COHERE_API_KEY: "⟦{a:40}⟧"'),
        ("CO_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "cohere_model = {L:12}"),
        "Cohere docs: API keys (40-character trial and production keys)",
    ),
    token(
        "replicate_token",
        "replicate",
        rf"{B}r8_[A-Za-z0-9]{{37}}{E}",
        ("r8_",),
        ("REPLICATE_API_TOKEN=⟦r8_{a:37}⟧",),
        ("r8_{a:10}", "r8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Replicate docs: API tokens (r8_ prefix)",
    ),
    token(
        "groq_key",
        "groq",
        rf"{B}gsk_[A-Za-z0-9]{{52}}{E}",
        ("gsk_",),
        ("GROQ_API_KEY=⟦gsk_{a:52}⟧",),
        ("gsk_{a:20}", "gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "GroqCloud docs: API keys (gsk_ prefix)",
    ),
    token(
        "perplexity_key",
        "perplexity",
        rf"{B}pplx-[A-Za-z0-9]{{48}}{E}",
        ("pplx-",),
        ("PERPLEXITY_API_KEY=⟦pplx-{a:48}⟧",),
        ("pplx-{a:20}", "PERPLEXITY_API_KEY=pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Perplexity docs: API key (pplx- prefix)",
    ),
    keyed(
        "mistral_key",
        "mistral",
        r"mistral",
        r"[A-Za-z0-9]{32}",
        ("mistral",),
        ("MISTRAL_API_KEY=⟦{a:32}⟧",),
        ("MISTRAL_API_KEY={a:12}", "mistral_model = {L:12}"),
        "Mistral AI docs: API keys (32-character keys, no prefix)",
        score=0.75,
    ),
    token(
        "xai_key",
        "xai",
        rf"{B}xai-[A-Za-z0-9]{{80}}{E}",
        ("xai-",),
        ("XAI_API_KEY=⟦xai-{a:80}⟧",),
        ("xai-{a:20}", "xai-grok-2"),
        "xAI docs: API keys (xai- prefix)",
    ),
    token(
        "openrouter_key",
        "openrouter",
        rf"{B}sk-or-v1-[a-f0-9]{{64}}{E}",
        ("sk-or-v1-",),
        ("OPENROUTER_API_KEY=⟦sk-or-v1-{h:64}⟧",),
        ("sk-or-v1-{h:20}", "sk-or-v2-{h:64}"),
        "OpenRouter docs: API keys (sk-or-v1- prefix)",
    ),
    token(
        "langsmith_key",
        "langchain",
        rf"{B}lsv2_(?:pt|sk)_[a-f0-9]{{32}}_[a-f0-9]{{10}}{E}",
        ("lsv2_",),
        ("LANGSMITH_API_KEY=⟦lsv2_pt_{h:32}_{h:10}⟧",),
        ("lsv2_pt_{h:32}", "lsv2_xx_{h:32}_{h:10}"),
        "LangSmith docs: Create an API key (lsv2_pt_ / lsv2_sk_)",
    ),
    token(
        "pinecone_key",
        "pinecone",
        rf"{B}pcsk_[A-Za-z0-9]{{5,6}}_[A-Za-z0-9]{{60,70}}{E}",
        ("pcsk_",),
        ("PINECONE_API_KEY=⟦pcsk_{a:5}_{a:64}⟧",),
        ("pcsk_{a:5}_{a:10}", "pcsk_{a:64}"),
        "Pinecone docs: API keys (pcsk_ prefix)",
    ),
    token(
        "tavily_key",
        "tavily",
        rf"{B}tvly-(?:dev-|prod-)?[A-Za-z0-9]{{32}}{E}",
        ("tvly-",),
        ("TAVILY_API_KEY=⟦tvly-{a:32}⟧", "⟦tvly-dev-{a:32}⟧"),
        ("tvly-{a:10}", "tvly-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Tavily docs: API key (tvly- prefix)",
    ),
    token(
        "cerebras_key",
        "cerebras",
        rf"{B}csk-[a-z0-9]{{48}}{E}",
        ("csk-",),
        ("CEREBRAS_API_KEY=⟦csk-{l:48}⟧",),
        ("csk-{l:10}", "csk-{U:48}"),
        "Cerebras docs: API keys (csk- prefix)",
    ),
    token(
        "elevenlabs_key",
        "elevenlabs",
        rf"{B}sk_[a-f0-9]{{48}}{E}",
        ("sk_",),
        ("ELEVENLABS_API_KEY=⟦sk_{h:48}⟧",),
        ("sk_{h:20}", "sk_live_{a:24}"),
        "ElevenLabs docs: API keys (sk_ + 48 hex)",
    ),
    token(
        "langfuse_secret_key",
        "langfuse",
        rf"{B}sk-lf-[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}{E}",
        ("sk-lf-",),
        ("LANGFUSE_SECRET_KEY=⟦sk-lf-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧",),
        ("pk-lf-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}", "sk-lf-{h:8}"),
        "Langfuse docs: API keys (sk-lf- secret key)",
    ),
    token(
        "nvidia_key",
        "nvidia",
        rf"{B}nvapi-[A-Za-z0-9_-]{{64}}{ED}",
        ("nvapi-",),
        ("NVIDIA_API_KEY=⟦nvapi-{u:64}⟧", "Authorization: Bearer ⟦nvapi-{u:64}⟧"),
        ("nvapi-{u:40}", "nvapi-{u:65}"),
        "NVIDIA API catalog docs: API keys (nvapi- + 64 characters)",
    ),
    keyed(
        "deepseek_key",
        "deepseek",
        r"deepseek",
        r"sk-[a-f0-9]{32}",
        ("deepseek",),
        ("DEEPSEEK_API_KEY=⟦sk-{h:32}⟧",),
        ("DEEPSEEK_API_KEY=sk-{h:10}", "deepseek_model = deepseek-chat"),
        "DeepSeek API docs: authentication (sk- + 32 hex)",
    ),
    keyed(
        "wandb_key",
        "wandb",
        r"wandb",
        r"[a-f0-9]{40}",
        ("wandb",),
        ("WANDB_API_KEY=⟦{h:40}⟧",),
        ("WANDB_API_KEY={h:20}", "wandb_project = {L:12}"),
        "Weights & Biases docs: API keys (40 hex)",
        score=0.8,
    ),
)


class AIProviderSecretDetector(SecretDetector):
    """AI provider API keys: OpenAI, Anthropic, Hugging Face, Cohere, Groq, Perplexity, ..."""

    name = "secrets_ai"
    origin = "provider documentation (OpenAI, Anthropic, Hugging Face, Cohere, Replicate, ...)"
    patterns = _RULES
    anchor_all = True
    unanchored = frozenset({"openai_key"})
    windows = {"openai_key": (200, 200), "openai_project_key": (0, 270)}  # noqa: RUF012


def detectors(settings: ScanSettings) -> list[Detector]:
    """The AI provider key detector."""
    return [AIProviderSecretDetector()]
