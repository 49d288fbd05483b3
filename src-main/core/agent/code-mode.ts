import type { Settings } from '../../../src-shared/settings';
import { AppError } from '../errors';
import type { ProposalFormat } from './prompt';

/**
 * Presets whose models are documented not to take `tools`; `auto` uses fenced blocks for them.
 * (Groq, OpenAI, OpenRouter, Together and Gemini's OpenAI endpoint accept OpenAI-style tools.)
 */
const PRESETS_WITHOUT_TOOLS: ReadonlySet<string> = new Set(['perplexity']);

/**
 * Resolves `open_interpreter_code_mode` to how the model is asked for code:
 * - `fences`: fenced blocks; `tools`: the `execute` tool (fenced blocks still count);
 * - `auto`: tools, unless the provider preset is known not to support them, or a request with
 *   tools was already refused with a 400 (`provider_bad_request`) for this provider and model
 *   in this run of the app — then fenced blocks, and that request is retried with them.
 */
export class CodeModeChooser {
  private readonly refused = new Set<string>();

  /** The format for the next request under `settings`. */
  choose(settings: Settings): ProposalFormat {
    if (settings.open_interpreter_code_mode !== 'auto') return settings.open_interpreter_code_mode;
    if (PRESETS_WITHOUT_TOOLS.has(settings.open_interpreter_provider)) return 'fences';
    return this.refused.has(key(settings)) ? 'fences' : 'tools';
  }

  /**
   * After a failed request: true (and remembered) when it was a tools request in `auto` mode
   * refused as a bad request, so the caller should retry with fenced blocks.
   */
  shouldFallBack(settings: Settings, format: ProposalFormat, error: unknown): boolean {
    if (format !== 'tools' || settings.open_interpreter_code_mode !== 'auto') return false;
    if (!(error instanceof AppError) || error.code !== 'provider_bad_request') return false;
    this.refused.add(key(settings));
    return true;
  }
}

const key = (settings: Settings): string =>
  `${settings.open_interpreter_provider}\u0000${settings.open_interpreter_model}`;
