import { useState } from 'react';
import { useStore } from '../../store';
import { apiExamples, TOKEN_VARIABLE } from './examples';

/** Ready-to-copy examples (curl, Python and Node OpenAI clients) filled in with the server's URL. */
export function ApiExamples({ url }: { url: string }) {
  const copyExample = useStore((s) => s.copyExample);
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <section className="api-examples" aria-labelledby="api-examples-title">
      <h2 id="api-examples-title">Examples</h2>
      <p className="help">
        First put the token in your shell: <code>export {TOKEN_VARIABLE}=…</code> (paste it with Copy above).
        Models: <code>switchboard/open-interpreter</code> (the agent; its code waits for your approval here),{' '}
        <code>switchboard/chat</code>, or <code>&lt;provider&gt;/&lt;model&gt;</code> for plain routed chat.
      </p>
      {apiExamples(url).map((example) => (
        <figure key={example.id} className="example">
          <figcaption className="row">
            <span className="example-label">{example.label}</span>
            <button
              type="button"
              className="ghost small-button"
              aria-label={`Copy the ${example.label} example`}
              onClick={async () => {
                if (await copyExample(example.text, `The ${example.label} example`)) {
                  setCopied(example.id);
                  setTimeout(() => setCopied((current) => (current === example.id ? null : current)), 2000);
                }
              }}
            >
              {copied === example.id ? 'Copied' : 'Copy'}
            </button>
          </figcaption>
          <pre className="code example-code" aria-label={`${example.label} example`}>
            {example.text}
          </pre>
        </figure>
      ))}
    </section>
  );
}
