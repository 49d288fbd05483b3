import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet';

describe('snippetParts', () => {
  it('splits marked matches from plain text and keeps markup as text', () => {
    expect(snippetParts('…the <b>\u0001zebra\u0002</b> and \u0001zebras\u0002')).toEqual([
      { text: '…the <b>', match: false },
      { text: 'zebra', match: true },
      { text: '</b> and ', match: false },
      { text: 'zebras', match: true },
    ]);
  });
  it('copes with an unclosed mark and with no marks', () => {
    expect(snippetParts('a \u0001b')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
    ]);
    expect(snippetParts('plain')).toEqual([{ text: 'plain', match: false }]);
  });
});
