import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useStore } from '../../store';
import { apiExamples, TOKEN_VARIABLE } from './examples';

/** Ready-to-copy examples (curl, Python and Node OpenAI clients) filled in with the server's URL. */
export function ApiExamples({ url }: { url: string }) {
  const { t } = useTranslation();
  const copyExample = useStore((s) => s.copyExample);
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <section className="api-examples" aria-labelledby="api-examples-title">
      <h2 id="api-examples-title">{t('localApi.examples')}</h2>
      <p className="help">
        <Trans
          i18nKey="localApi.examplesHelp"
          values={{ variable: TOKEN_VARIABLE, generic: '<provider>/<model>' }}
          components={{ code: <code /> }}
        />
      </p>
      {apiExamples(url).map((example) => (
        <figure key={example.id} className="example">
          <figcaption className="row">
            <span className="example-label">{example.label}</span>
            <button
              type="button"
              className="ghost small-button"
              aria-label={t('localApi.copyExample', { label: example.label })}
              onClick={async () => {
                if (await copyExample(example.text, example.label)) {
                  setCopied(example.id);
                  setTimeout(() => setCopied((current) => (current === example.id ? null : current)), 2000);
                }
              }}
            >
              {copied === example.id ? t('app.copied') : t('app.copy')}
            </button>
          </figcaption>
          <pre
            className="code example-code"
            aria-label={t('localApi.exampleLabel', { label: example.label })}
          >
            {example.text}
          </pre>
        </figure>
      ))}
    </section>
  );
}
