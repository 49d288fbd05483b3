import { describe, expect, it } from 'vitest';
import { cleanModelTitle, titleFromMessage } from './title';

describe('chat titles', () => {
  it('cut the first line at a word boundary', () => {
    expect(titleFromMessage('\n  Short   question\nsecond line')).toBe('Short question');
    expect(titleFromMessage('word '.repeat(20), 20)).toBe('word word word…');
    expect(titleFromMessage('x'.repeat(30), 10)).toBe('xxxxxxxxx…');
    expect(titleFromMessage('   ')).toBe('New chat');
  });
  it('take a model’s answer without quotes, labels or a full stop', () => {
    expect(cleanModelTitle('Title: "Hashing a word."')).toBe('Hashing a word');
    expect(cleanModelTitle('\n**Sorting CSV rows**\nExtra words')).toBe('Sorting CSV rows');
    expect(cleanModelTitle('  ')).toBeNull();
    expect(cleanModelTitle(null)).toBeNull();
  });
});
