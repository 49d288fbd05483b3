import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../src-shared/lmc';
import { CodeBlock } from './CodeBlock';
import { MessageItem } from './MessageItem';

afterEach(cleanup);

const reply = (meta: ChatMessage['meta']): ChatMessage => ({
  id: 'm1',
  session_id: 's1',
  role: 'assistant',
  type: 'message',
  content: 'San Francisco has about 827,000 people.[2]',
  meta,
  created_at: '2026-11-30T00:00:00.000Z',
});

describe('a reply with reasoning and sources', () => {
  it('shows the reasoning as a closed "Thinking" part above the answer that opens on click', () => {
    const { container } = render(<MessageItem message={reply({ reasoning: 'The user asks about SF.' })} />);
    const details = container.querySelector('details');
    expect(details?.open).toBe(false);
    const summary = screen.getByText('Thinking');
    expect(summary.tagName).toBe('SUMMARY');
    // Above the answer.
    const answer = screen.getByText(/827,000/);
    expect(summary.compareDocumentPosition(answer) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    summary.click();
    expect(details?.open).toBe(true);
    expect(screen.getByText('The user asks about SF.')).toBeTruthy();
  });

  it('numbers the sources under the answer; only http(s) ones are links, opened in a new tab without opener', () => {
    render(
      <MessageItem
        message={reply({
          sources: [
            { url: 'https://populationstat.com/united-states/san-francisco' },
            { url: 'https://en.wikipedia.org/wiki/San_Francisco', title: 'San Francisco - Wikipedia' },
            { url: 'javascript:alert(1)', title: 'Not a link' },
            { title: 'Annual report.pdf', snippet: 'page 3' },
          ],
        })}
      />,
    );
    const list = screen.getByRole('navigation', { name: 'Sources' });
    const items = list.querySelectorAll('li');
    expect([...items].map((li) => li.textContent)).toEqual([
      'populationstat.com/united-states/san-francisco',
      'San Francisco - Wikipedia · en.wikipedia.org',
      'Not a link',
      'Annual report.pdf',
    ]);
    expect(list.querySelector('ol')).toBeTruthy();
    const links = screen.getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://populationstat.com/united-states/san-francisco',
      'https://en.wikipedia.org/wiki/San_Francisco',
    ]);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('shows neither part for a plain reply', () => {
    const { container } = render(<MessageItem message={reply({})} />);
    expect(container.querySelector('details')).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Sources' })).toBeNull();
  });
});

describe('a reply whose first part is a code block', () => {
  it('shows the reasoning and sources stored on the code message: Thinking above, numbered sources below', () => {
    const code: ChatMessage = {
      ...reply({
        status: 'done',
        reasoning: 'Compute it with python.',
        sources: [{ url: 'https://docs.python.org/3/library/hashlib.html', title: 'hashlib' }],
      }),
      type: 'code',
      format: 'python',
      content: 'print(1)',
    };
    const { container } = render(<CodeBlock message={code} output={undefined} awaitingApproval={false} />);
    const block = screen.getByRole('region', { name: 'python code block' });
    const summary = screen.getByText('Thinking');
    expect(summary.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const list = screen.getByRole('navigation', { name: 'Sources' });
    expect(block.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole('link', { name: 'hashlib' }).getAttribute('href')).toBe(
      'https://docs.python.org/3/library/hashlib.html',
    );
    expect(container.querySelectorAll('li')).toHaveLength(1);
  });
});
