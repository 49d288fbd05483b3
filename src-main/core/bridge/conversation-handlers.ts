import type { MethodName } from '../../../src-shared/contract';
import { AppError } from '../errors';
import { exportFileName, parseChatFile, toChatFile } from '../sessions/chat-file';
import { exportMarkdown } from '../sessions/chat-markdown';
import { addWorkspaceFile } from '../sessions/workspace-files';
import type { Handlers } from './dispatch';
import type { HandlerServices } from './handlers';

type ConversationMethods =
  | 'sessions.pin'
  | 'sessions.setRoute'
  | 'sessions.switchBranch'
  | 'sessions.search'
  | 'sessions.export'
  | 'sessions.import'
  | 'chat.regenerate'
  | 'chat.edit'
  | 'chat.continue'
  | 'files.add';

/** Handlers for managing chats and their message trees (pins, versions, search, export/import, files). */
export function createConversationHandlers(
  s: HandlerServices,
): Pick<Handlers, ConversationMethods & MethodName> {
  const changed = <T>(value: T): T => {
    s.events.emit({ type: 'sessions.changed' });
    return value;
  };
  return {
    'sessions.pin': ({ sessionId, pinned }) => changed(s.sessions.setPinned(sessionId, pinned)),
    'sessions.setRoute': ({ sessionId, route }) =>
      changed(
        s.sessions.setRoute(
          sessionId,
          route ? { providerId: route.providerId, ...(route.model ? { model: route.model } : {}) } : null,
        ),
      ),
    'sessions.switchBranch': ({ sessionId, messageId }) => {
      s.sessions.requireSession(sessionId);
      if (s.agent.status(sessionId).state !== 'idle')
        throw new AppError(
          'turn_in_progress',
          'This chat is still working; wait for it or press Stop before switching versions.',
        );
      s.sessions.setCurrentLeaf(sessionId, messageId);
      s.events.emit({ type: 'session.branched', sessionId });
      return { switched: true as const };
    },
    'sessions.search': ({ query, limit }) => ({ hits: s.sessions.search(query, limit ?? 50) }),
    'sessions.export': async ({ sessionId, format }) => {
      const session = s.sessions.requireSession(sessionId);
      const messages = s.sessions.messages(sessionId);
      const now = new Date();
      if (format === 'markdown') return exportMarkdown(session, messages, now);
      return {
        filename: exportFileName(session.title, 'json'),
        mimeType: 'application/json',
        content: toChatFile(session, messages, now),
      };
    },
    'sessions.import': ({ content }) => {
      const file = parseChatFile(content);
      const session = s.sessions.createSession({ title: file.title });
      for (const m of file.messages) {
        // Nothing imported waits for an approval or claims to be running.
        const meta =
          m.meta?.status === 'pending' || m.meta?.status === 'running'
            ? { ...m.meta, status: 'stopped' as const }
            : m.meta;
        s.sessions.addMessage({
          sessionId: session.id,
          role: m.role,
          type: m.type,
          content: m.content,
          ...(m.format !== undefined ? { format: m.format } : {}),
          ...(meta ? { meta } : {}),
          ...(m.created_at ? { createdAt: m.created_at } : {}),
        });
      }
      return changed(s.sessions.requireSession(session.id));
    },
    'chat.regenerate': ({ sessionId, route }) => {
      s.agent.regenerate(
        sessionId,
        route
          ? { route: { providerId: route.providerId, ...(route.model ? { model: route.model } : {}) } }
          : {},
      );
      return { accepted: true as const };
    },
    'chat.edit': ({ sessionId, messageId, text }) => {
      s.agent.edit(sessionId, messageId, text);
      return { accepted: true as const };
    },
    'chat.continue': ({ sessionId }) => {
      s.agent.continueReply(sessionId);
      return { accepted: true as const };
    },
    'files.add': async ({ sessionId, name, dataBase64 }) => {
      s.sessions.requireSession(sessionId);
      return addWorkspaceFile(s.exec.workingDirectory(sessionId), name, Buffer.from(dataBase64, 'base64'));
    },
  };
}
