import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** One streamed tool call, as far as it has arrived. */
export interface CollectedCall {
  /** The provider's id, or one made up (`call_…`) when the provider sent none (Gemini may not). */
  id: string;
  name: string;
  /** The JSON arguments text so far. */
  arguments: string;
}

/** `schema`, or `null` read as absent (undefined). */
const absentIfNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/**
 * A fragment of `choices[0].delta.tool_calls[i]` (OpenAI streaming format); every field optional,
 * and `null` read as absent (Together sends `arguments: null` and `name: null`).
 */
const fragmentSchema = z.object({
  index: z.number().int().min(0).optional(),
  id: absentIfNull(z.string()),
  function: absentIfNull(
    z.object({ name: absentIfNull(z.string()), arguments: absentIfNull(z.string()) }).partial(),
  ),
});

/**
 * Joins streamed `tool_calls` fragments into whole calls. Fragments are matched by `index`;
 * without one (Gemini's OpenAI endpoint may omit `index` and `id`), a fragment with a new `id`
 * or a `name` after a call already has arguments starts the next call, and anything else
 * continues the last call. Fragments that do not look like tool calls are ignored.
 */
export class ToolCallCollector {
  readonly calls: CollectedCall[] = [];
  private readonly byIndex = new Map<number, CollectedCall>();

  /** Adds the fragments of one chunk; returns the calls they touched (first touched first). */
  feed(fragments: unknown[]): CollectedCall[] {
    const touched: CollectedCall[] = [];
    for (const raw of fragments) {
      const parsed = fragmentSchema.safeParse(raw);
      if (!parsed.success) continue;
      const call = this.callFor(parsed.data);
      if (parsed.data.function?.name) call.name += parsed.data.function.name;
      if (parsed.data.function?.arguments) call.arguments += parsed.data.function.arguments;
      if (!touched.includes(call)) touched.push(call);
    }
    return touched;
  }

  private callFor(fragment: z.infer<typeof fragmentSchema>): CollectedCall {
    if (fragment.index !== undefined) {
      let call = this.byIndex.get(fragment.index);
      if (!call) {
        call = this.start(fragment.id);
        this.byIndex.set(fragment.index, call);
      } else if (fragment.id && call.id.startsWith('call_sb_')) call.id = fragment.id;
      return call;
    }
    const last = this.calls[this.calls.length - 1];
    const startsAnother =
      !last ||
      (fragment.id !== undefined && fragment.id !== last.id) ||
      (fragment.function?.name !== undefined && fragment.function.name !== '' && last.arguments !== '');
    return startsAnother ? this.start(fragment.id) : last;
  }

  private start(id: string | undefined): CollectedCall {
    const call = { id: id || `call_sb_${randomBytes(8).toString('hex')}`, name: '', arguments: '' };
    this.calls.push(call);
    return call;
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * The value of the string field `field` in a JSON object text that may still be arriving
 * (`{"language": "python", "code": "print(1)\\nfor` → `print(1)` + newline + `for`), decoded as
 * far as it is complete; an escape cut off at the end is held back. Null when the field has
 * not started. `complete` is true once the closing quote arrived.
 */
export function partialStringField(json: string, field: string): { value: string; complete: boolean } | null {
  const start = new RegExp(`"${field}"\\s*:\\s*"`).exec(json);
  if (!start) return null;
  let value = '';
  let i = start.index + start[0].length;
  while (i < json.length) {
    const char = json[i] as string;
    if (char === '"') return { value, complete: true };
    if (char !== '\\') {
      value += char;
      i += 1;
      continue;
    }
    const next = json[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = json.slice(i + 2, i + 6);
      if (hex.length < 4) break;
      value += String.fromCharCode(Number.parseInt(hex, 16));
      i += 6;
      continue;
    }
    value += ESCAPES[next] ?? next;
    i += 2;
  }
  return { value, complete: false };
}

const executeArgumentsSchema = z.object({ language: z.string(), code: z.string() });

/**
 * The `execute(language, code)` arguments of a finished call: parsed as JSON, or recovered
 * field by field when the JSON is malformed. Null when no `code` can be found.
 */
export function parseExecuteArguments(text: string): { language: string; code: string } | null {
  try {
    const parsed = executeArgumentsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Fall through to the field-by-field reading.
  }
  const code = partialStringField(text, 'code');
  if (code === null) return null;
  return { language: partialStringField(text, 'language')?.value ?? '', code: code.value };
}
