import type { MessageSource } from '../../../src-shared/lmc';

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The reasoning text in a streamed delta or a completion's message: `reasoning_content`
 * (DeepSeek, and the router's form of Anthropic thinking), else `reasoning` (OpenRouter, Groq).
 * '' when there is none.
 */
export function reasoningOf(part: unknown): string {
  if (!isObject(part)) return '';
  return text(part.reasoning_content) ?? text(part.reasoning) ?? '';
}

/** A source from one OpenAI-shaped annotation, or null for kinds that cite nothing. */
function sourceOfAnnotation(annotation: unknown): MessageSource | null {
  if (!isObject(annotation)) return null;
  if (annotation.type === 'url_citation') {
    const cited = isObject(annotation.url_citation) ? annotation.url_citation : annotation;
    return compact({
      url: text(cited.url),
      title: text(cited.title),
      snippet: text(cited.cited_text) ?? text(cited.content),
    });
  }
  if (annotation.type === 'document_citation' && isObject(annotation.document_citation)) {
    // Anthropic's citation object as sent: char/page/content-block locations name a document, search results a source.
    const cited = annotation.document_citation;
    const source = text(cited.source);
    return compact({
      url: source && /^https?:\/\//i.test(source) ? source : undefined,
      title: text(cited.document_title) ?? text(cited.title) ?? source,
      snippet: text(cited.cited_text),
    });
  }
  return null;
}

function compact(source: {
  url: string | undefined;
  title: string | undefined;
  snippet: string | undefined;
}): MessageSource | null {
  const out: MessageSource = {};
  if (source.url) out.url = source.url;
  if (source.title) out.title = source.title;
  if (source.snippet) out.snippet = source.snippet;
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * Collects the sources a reply cites, in first-cited order, without repeats (by URL, or title
 * and passage for documents): `annotations` on a delta or message (OpenAI / OpenRouter
 * `url_citation`, the router's `document_citation`), and Perplexity's top-level `citations`
 * (URLs, in the order its `[1]`, `[2]` markers count) with titles from its `search_results`.
 * Perplexity repeats both on every chunk; repeats change nothing.
 */
export class SourceCollector {
  private readonly sources: MessageSource[] = [];
  private readonly byKey = new Map<string, MessageSource>();

  /** Reads one chunk or completion; true when the list changed. */
  feed(payload: unknown): boolean {
    if (!isObject(payload)) return false;
    let changed = false;
    const choice = Array.isArray(payload.choices) ? (payload.choices[0] as unknown) : undefined;
    const part = isObject(choice) ? (choice.delta ?? choice.message) : undefined;
    if (isObject(part) && Array.isArray(part.annotations))
      for (const annotation of part.annotations)
        changed = this.add(sourceOfAnnotation(annotation)) || changed;
    const titles = new Map<string, string>();
    if (Array.isArray(payload.search_results))
      for (const result of payload.search_results)
        if (isObject(result) && text(result.url) && text(result.title))
          titles.set(result.url as string, result.title as string);
    if (Array.isArray(payload.citations)) {
      for (const url of payload.citations)
        if (text(url))
          changed =
            this.add(compact({ url: url as string, title: titles.get(url as string), snippet: undefined })) ||
            changed;
    } else {
      for (const [url, title] of titles) changed = this.add({ url, title }) || changed;
    }
    return changed;
  }

  /** The sources so far (a copy). */
  list(): MessageSource[] {
    return this.sources.map((s) => ({ ...s }));
  }

  private add(source: MessageSource | null): boolean {
    if (!source) return false;
    const key = source.url ?? `${source.title ?? ''}\u0000${source.snippet ?? ''}`;
    const known = this.byKey.get(key);
    if (!known) {
      this.byKey.set(key, source);
      this.sources.push(source);
      return true;
    }
    // A later mention may carry the title the first lacked (Perplexity's search_results).
    if (!known.title && source.title) {
      known.title = source.title;
      return true;
    }
    return false;
  }
}

/** Where a reply's extras go: live events and the stored message. */
export interface ExtrasSink {
  onReasoning(messageId: string, text: string): void;
  onSources(messageId: string, sources: MessageSource[]): void;
}

/**
 * A reply's reasoning and cited sources, kept for its first message (the host): read from each
 * chunk, streamed live to `sink`, and saved as `meta.reasoning` / `meta.sources` when the reply
 * ends. When they arrive before any message was started, `openHost` starts the reply's prose
 * message to carry them (reasoning comes before the answer).
 */
export class ReplyExtras {
  private reasoning = '';
  private readonly sources = new SourceCollector();
  private hostId: string | null = null;

  constructor(private readonly sink: ExtrasSink) {}

  /** Notes a message the reply started; the first one becomes the host. */
  started(messageId: string): void {
    this.hostId ??= messageId;
  }

  /**
   * Reads one streamed chunk; `inline` is reasoning the caller found in its content (between
   * `<think>` tags), added after the chunk's own reasoning field.
   */
  feed(chunk: unknown, openHost: () => string, inline = ''): void {
    const choices = isObject(chunk) && Array.isArray(chunk.choices) ? chunk.choices : [];
    const thought = reasoningOf(isObject(choices[0]) ? choices[0].delta : undefined) + inline;
    const cited = this.sources.feed(chunk);
    if (thought === '' && !cited) return;
    const host = this.hostId ?? openHost();
    this.hostId = host;
    if (thought !== '') {
      this.reasoning += thought;
      this.sink.onReasoning(host, thought);
    }
    if (cited) this.sink.onSources(host, this.sources.list());
  }

  /** The host's id, once a message was started. */
  get host(): string | null {
    return this.hostId;
  }

  /** The fields to save on the host (empty when the reply had neither). */
  meta(): { reasoning?: string; sources?: MessageSource[] } {
    const sources = this.sources.list();
    return {
      ...(this.reasoning !== '' ? { reasoning: this.reasoning } : {}),
      ...(sources.length > 0 ? { sources } : {}),
    };
  }
}
