import type { Draft } from './GeneralTab';

/** Settings → General: "Title chats with the model" (off: a chat is named after its first message). */
export function TitleField({
  draft,
  set,
}: {
  draft: Draft;
  set: (name: 'title_chats_with_model', value: boolean) => void;
}) {
  return (
    <fieldset>
      <legend>Chats</legend>
      <div className="field">
        <label className="row">
          <input
            type="checkbox"
            checked={draft.title_chats_with_model}
            onChange={(e) => set('title_chats_with_model', e.target.checked)}
          />
          Title chats with the model
        </label>
        <p className="help">
          Off: a new chat is named after its first message, cut at a word boundary. On: one extra short
          request to the chat's provider suggests a title (a title you typed is never replaced).
        </p>
      </div>
    </fieldset>
  );
}
