import { describe, expect, it } from 'vitest';
import { bodyOf, recorded } from '../../../test-support/replay';

const recordedCompletion = (name: string): Record<string, unknown> =>
  JSON.parse(bodyOf(recorded(name))) as Record<string, unknown>;
import { reasoningOf, SourceCollector } from './reply-extras';

describe('reasoningOf', () => {
  it('reads Groq/OpenRouter `reasoning` (a recorded Groq completion) and DeepSeek `reasoning_content`, preferring the latter', () => {
    const groq = recordedCompletion('groq/reasoning') as {
      choices: Array<{ message: { reasoning: string } }>;
    };
    const message = groq.choices[0]?.message;
    expect(reasoningOf(message)).toBe(message?.reasoning);
    expect(reasoningOf(message)).toContain('strawberry');
    expect(reasoningOf({ reasoning_content: 'A', reasoning: 'B' })).toBe('A');
    expect(reasoningOf({ reasoning_content: null, reasoning: 'B' })).toBe('B');
    expect(reasoningOf({ content: 'text' })).toBe('');
    expect(reasoningOf(undefined)).toBe('');
  });
});

describe('SourceCollector', () => {
  it("takes a recorded Perplexity completion's citations in order", () => {
    const completion = recordedCompletion('perplexity/citations') as { citations: string[] };
    const sources = new SourceCollector();
    expect(sources.feed(completion)).toBe(true);
    expect(sources.list()).toEqual(completion.citations.map((url) => ({ url })));
    expect(sources.feed(completion)).toBe(false);
  });

  it('titles Perplexity citations from search_results, and lists search_results alone when there are no citations', () => {
    const withTitles = new SourceCollector();
    withTitles.feed({
      citations: ['https://a.example/1', 'https://b.example/2'],
      search_results: [{ title: 'B page', url: 'https://b.example/2', date: '2025-01-01' }],
      choices: [{ delta: { content: 'x' } }],
    });
    expect(withTitles.list()).toEqual([
      { url: 'https://a.example/1' },
      { url: 'https://b.example/2', title: 'B page' },
    ]);
    const resultsOnly = new SourceCollector();
    resultsOnly.feed({ search_results: [{ title: 'Only', url: 'https://c.example/' }] });
    expect(resultsOnly.list()).toEqual([{ url: 'https://c.example/', title: 'Only' }]);
  });

  it("reads OpenAI/OpenRouter url_citation annotations on a delta or a message, and the router's document citations", () => {
    const sources = new SourceCollector();
    // The shape OpenAI documents for web search in chat completions.
    sources.feed({
      choices: [
        {
          delta: {
            annotations: [
              {
                type: 'url_citation',
                url_citation: {
                  end_index: 985,
                  start_index: 764,
                  title: 'Page title',
                  url: 'https://news.example/story',
                },
              },
            ],
          },
        },
      ],
    });
    sources.feed({
      choices: [
        {
          message: {
            annotations: [
              {
                type: 'url_citation',
                url_citation: {
                  url: 'https://news.example/story',
                  title: 'Page title',
                  cited_text: 'quoted',
                },
              },
              {
                type: 'document_citation',
                document_citation: {
                  type: 'char_location',
                  cited_text: 'The grass is green.',
                  document_index: 0,
                  document_title: 'My Document',
                  start_char_index: 0,
                  end_char_index: 20,
                },
              },
              {
                type: 'document_citation',
                document_citation: {
                  type: 'search_result_location',
                  source: 'https://docs.example/guide',
                  title: 'Guide',
                  cited_text: 'Install it.',
                },
              },
              { type: 'file_path', file_path: { file_id: 'f1' } },
            ],
          },
        },
      ],
    });
    expect(sources.list()).toEqual([
      { url: 'https://news.example/story', title: 'Page title' },
      { title: 'My Document', snippet: 'The grass is green.' },
      { url: 'https://docs.example/guide', title: 'Guide', snippet: 'Install it.' },
    ]);
  });
});
