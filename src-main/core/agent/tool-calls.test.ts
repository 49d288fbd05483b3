import { describe, expect, it } from 'vitest';
import { recorded } from '../../../test-support/replay';
import { parseExecuteArguments, partialStringField, ToolCallCollector } from './tool-calls';

describe('partialStringField', () => {
  it('decodes the code as far as it has arrived, holding back a cut escape', () => {
    const whole = JSON.stringify({ language: 'python', code: 'print("héllo 🎉")\n\tx = 1 \\ 2' });
    const seen: string[] = [];
    for (let end = 1; end <= whole.length; end++) {
      const field = partialStringField(whole.slice(0, end), 'code');
      if (field) seen.push(field.value);
    }
    // Every prefix decodes to a prefix of the final value; the last one is complete.
    const final = 'print("héllo 🎉")\n\tx = 1 \\ 2';
    expect(seen.every((value) => final.startsWith(value))).toBe(true);
    expect(partialStringField(whole, 'code')).toEqual({ value: final, complete: true });
    expect(partialStringField('{"language": "py', 'code')).toBeNull();
    expect(partialStringField('{"code": "a\\u00', 'code')).toEqual({ value: 'a', complete: false });
  });
});

describe('parseExecuteArguments', () => {
  it('parses JSON, and recovers the fields of malformed JSON', () => {
    expect(parseExecuteArguments('{"language":"shell","code":"ls"}')).toEqual({
      language: 'shell',
      code: 'ls',
    });
    expect(parseExecuteArguments('{"language":"shell","code":"ls -la"')).toEqual({
      language: 'shell',
      code: 'ls -la',
    });
    expect(parseExecuteArguments('{"language":"shell"}')).toBeNull();
  });
});

describe('ToolCallCollector', () => {
  it('joins fragments by index', () => {
    const collector = new ToolCallCollector();
    collector.feed([
      { index: 0, id: 'call_1', type: 'function', function: { name: 'execute', arguments: '{"lan' } },
    ]);
    collector.feed([
      { index: 0, function: { arguments: 'guage":"js"}' } },
      { index: 1, id: 'call_2', function: { name: 'execute', arguments: '{}' } },
    ]);
    expect(collector.calls).toEqual([
      { id: 'call_1', name: 'execute', arguments: '{"language":"js"}' },
      { id: 'call_2', name: 'execute', arguments: '{}' },
    ]);
  });

  it('copes with fragments without index or id (Gemini), and ignores junk', () => {
    const collector = new ToolCallCollector();
    collector.feed([{ function: { name: 'execute', arguments: '{"code":' } }, 'junk', { index: 'x' }]);
    collector.feed([{ function: { arguments: '"ls"}' } }]);
    collector.feed([{ function: { name: 'execute', arguments: '{"code":"pwd"}' } }]);
    expect(collector.calls.map((call) => call.arguments)).toEqual(['{"code":"ls"}', '{"code":"pwd"}']);
    expect(collector.calls.every((call) => /^call_sb_[0-9a-f]{16}$/.test(call.id))).toBe(true);
  });

  it('reads Together’s `null` name and arguments as absent (recorded fragments, not brought to shape by the router)', () => {
    const collector = new ToolCallCollector();
    for (const chunk of recorded('together/tool-call-null-fields-stream').chunks) {
      const data = chunk.replace(/^data: /, '').trim();
      if (data === '[DONE]') continue;
      const parsed = JSON.parse(data) as { choices: Array<{ delta: { tool_calls?: unknown[] } }> };
      collector.feed(parsed.choices[0]?.delta.tool_calls ?? []);
    }
    expect(collector.calls).toEqual([
      { id: 'call_f7g2h8i9j0', name: 'get_current_weather', arguments: '{"location": "San Fra' },
    ]);
  });
});
