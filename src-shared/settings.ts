import { z } from 'zod';

/** Providers with a built-in preset (base URL, default model, key names). */
export const PRESET_PROVIDER_IDS = [
  'groq',
  'openai',
  'openrouter',
  'together',
  'perplexity',
  'gemini',
  'anthropic',
] as const;
export type PresetProviderId = (typeof PRESET_PROVIDER_IDS)[number];

/** Name and default model of each preset (defaults from each provider's docs). Base URLs live in the core. */
export const PRESET_INFO: Readonly<Record<PresetProviderId, { label: string; defaultModel: string }>> = {
  groq: { label: 'Groq', defaultModel: 'llama-3.1-8b-instant' },
  openai: { label: 'OpenAI', defaultModel: 'gpt-4o-mini' },
  openrouter: { label: 'OpenRouter', defaultModel: 'openai/gpt-4o-mini' },
  together: { label: 'Together', defaultModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' },
  perplexity: { label: 'Perplexity', defaultModel: 'sonar' },
  gemini: { label: 'Gemini', defaultModel: 'gemini-2.0-flash' },
  anthropic: { label: 'Anthropic', defaultModel: 'claude-sonnet-4-5' },
};

/** Choices for `open_interpreter_provider`: a preset, or every enabled registry entry. */
export const PROVIDER_CHOICES = [...PRESET_PROVIDER_IDS, 'registry_auto'] as const;
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number];

export const AGENT_BACKENDS = ['open_interpreter', 'chat'] as const;
export const CODE_MODES = ['auto', 'tools', 'fences'] as const;
export const REGISTRY_MODES = ['selected', 'round_robin', 'failover'] as const;
/** Window appearance: follow the system's light/dark setting, or force one. */
export const UI_THEMES = ['system', 'light', 'dark'] as const;
export type UiTheme = (typeof UI_THEMES)[number];
/** Interface languages; `system` follows the system's language (English when it is none of these). */
export const UI_LANGUAGES = ['system', 'en', 'ru', 'zh'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
export type RegistryMode = (typeof REGISTRY_MODES)[number];

const count = (max: number) =>
  z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be 0 or more' })
    .max(max, { error: `must be at most ${max}` });

/**
 * The settings, under the seed's names (PocketPaw's Open Interpreter integration). Stored in
 * `settings.json` in the data dir. Keys never live here: they are in the credential store.
 */
const settingsShape = {
  /** Which agent answers in the chat: the code-running agent or plain chat. */
  agent_backend: z.enum(AGENT_BACKENDS),
  open_interpreter_provider: z.enum(PROVIDER_CHOICES),
  /** Model id sent to the provider; empty means the provider preset's default model. */
  open_interpreter_model: z.string().trim().max(200, { error: 'must be at most 200 characters' }),
  /** Provider registry as JSON text (an array of entries); validated on save, keys moved out. */
  open_interpreter_provider_registry: z.string().max(200_000, { error: 'is too long' }),
  open_interpreter_registry_mode: z.enum(REGISTRY_MODES),
  /** How many earlier messages go to the model with each request. */
  open_interpreter_history_messages: count(1000),
  /** Each earlier message is cut to this many characters. */
  open_interpreter_history_chars: count(1_000_000),
  /** Sliding 60 s window; 0 = no limit. When full, a call waits instead of failing. */
  open_interpreter_requests_per_minute: count(100_000),
  /** Run approved-by-default: code runs without asking. Never settable over the local API. */
  open_interpreter_auto_run: z.boolean(),
  /** Per-block time limit in seconds before the block is stopped. */
  open_interpreter_block_timeout_seconds: count(86_400),
  /** The model gets the last this-many characters of a block's output. */
  open_interpreter_max_output: count(1_000_000),
  /** Code-run iterations per turn before the agent stops and says why. */
  open_interpreter_max_iterations: count(100),
  /** How the model proposes code: an `execute` tool when the provider supports tools, fenced blocks, or auto. */
  open_interpreter_code_mode: z.enum(CODE_MODES),
  /** Where session folders are created; empty = `<data dir>/workspace`. */
  open_interpreter_workspace_dir: z.string().trim().max(4096, { error: 'is too long' }),
  /**
   * Environment variables kernels see although they look like credentials: names separated by
   * spaces, commas or new lines; `PREFIX_*` lets a family through. Keys stored in Switchboard
   * never pass.
   */
  kernel_env_passthrough: z.string().trim().max(4096, { error: 'is too long' }),

  // Router (LiteLLM-style retry and timeout policy).
  /** Retries with exponential backoff and jitter, only when no other healthy target exists. */
  llm_max_retries: count(10),
  /** Longest wait for the first byte, and the longest silence between stream chunks, in seconds. */
  llm_timeout_seconds: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(3600, { error: 'must be at most 3600' }),

  // Local HTTP API (the switch in Settings → Local API).
  /** The local API server runs (survives restarts). */
  api_enabled: z.boolean(),
  /** Port of the local API server (1024–65535). */
  api_port: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1024, { error: 'must be at least 1024' })
    .max(65535, { error: 'must be at most 65535' }),
  /** "API may run code without approval". Never settable over the API itself. */
  api_allow_code_execution: z.boolean(),
  /** "Allow access from the local network": bind 0.0.0.0 (requires a token). */
  api_allow_network: z.boolean(),
  /** Code from API sessions waiting for approval in the window is declined after this many seconds. */
  api_approval_timeout_seconds: count(86_400),
  /** Requests per minute per client address. */
  api_rate_limit_per_minute: count(100_000),
  /** Requests per minute per session. */
  api_session_rate_limit_per_minute: count(100_000),
  /** Kernels of idle API sessions are stopped after this many minutes (messages stay). */
  api_session_idle_minutes: count(100_000),
  /**
   * Redis shared by several Switchboard instances (`redis://host:6379`): RPM windows, key
   * cooldowns, the round-robin turn and API rate limits are kept there. Empty = in this process.
   * A password typed into it is moved to the credential store.
   */
  api_redis_url: z
    .string()
    .trim()
    .max(2048, { error: 'is too long' })
    .refine((value) => value === '' || /^rediss?:\/\/\S+$/.test(value), {
      error: 'must be a redis:// or rediss:// URL',
      params: { code: 'not_redis_url' },
    }),
  /** Desktop app: closing the window leaves the local API serving (with a tray icon) instead of quitting. */
  api_keep_serving_when_closed: z.boolean(),
  /** "Title chats with the model": one extra short call names a new chat (off: its first message, cut at a word boundary). */
  title_chats_with_model: z.boolean(),

  // Tools (MCP servers), Settings → Tools.
  /**
   * The `mcpServers` JSON people use in Claude Desktop and Cursor (`{"mcpServers": {name:
   * {command, args, env} | {url, headers}}}`, plus `disabled`), validated on save; secret values
   * of `env` and `headers` are moved to the credential store and kept here masked.
   */
  mcp_servers: z.string().max(200_000, { error: 'is too long' }),
  /** Tools (`<server>__<tool>`) that run without asking in the window ("Always allow"). */
  mcp_always_allow: z.array(z.string().max(200)).max(1000, { error: 'has too many tools' }),

  // Appearance (Settings → General → Appearance).
  ui_theme: z.enum(UI_THEMES),
  /** Base text size of the window, in CSS px. */
  ui_font_size: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(11, { error: 'must be at least 11' })
    .max(22, { error: 'must be at most 22' }),
  /** Interface language. */
  ui_language: z.enum(UI_LANGUAGES),
};

export const settingsSchema = z.object(settingsShape);
export type Settings = z.infer<typeof settingsSchema>;
export type SettingName = keyof Settings;

/** A partial update; unknown names are refused. */
export const settingsPatchSchema = z.object(settingsShape).partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Defaults of the seed (history 4 messages × 120 chars, RPM off, Groq + llama-3.1-8b-instant). */
export const DEFAULT_SETTINGS: Settings = {
  agent_backend: 'open_interpreter',
  open_interpreter_provider: 'groq',
  open_interpreter_model: 'llama-3.1-8b-instant',
  open_interpreter_provider_registry: '',
  open_interpreter_registry_mode: 'selected',
  open_interpreter_history_messages: 4,
  open_interpreter_history_chars: 120,
  open_interpreter_requests_per_minute: 0,
  open_interpreter_auto_run: false,
  open_interpreter_block_timeout_seconds: 120,
  open_interpreter_max_output: 2800,
  open_interpreter_max_iterations: 8,
  open_interpreter_code_mode: 'auto',
  open_interpreter_workspace_dir: '',
  kernel_env_passthrough: '',
  llm_max_retries: 3,
  llm_timeout_seconds: 60,
  api_enabled: false,
  api_port: 8765,
  api_allow_code_execution: false,
  api_allow_network: false,
  api_approval_timeout_seconds: 120,
  api_rate_limit_per_minute: 60,
  api_session_rate_limit_per_minute: 10,
  api_session_idle_minutes: 30,
  api_redis_url: '',
  api_keep_serving_when_closed: true,
  title_chats_with_model: false,
  mcp_servers: '',
  mcp_always_allow: [],
  ui_theme: 'system',
  ui_font_size: 14,
  ui_language: 'system',
};

/** What `settings.get` returns. */
export const settingsViewSchema = z.object({
  values: settingsSchema,
  defaults: settingsSchema,
});
export type SettingsView = z.infer<typeof settingsViewSchema>;
