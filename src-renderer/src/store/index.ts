import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createChatSlice, type ChatSlice } from './chat-slice';
import { createConversationSlice, type ConversationSlice } from './conversation-slice';
import { createRouterSlice, type RouterSlice } from './router-slice';
import { createSecretsSlice, type SecretsSlice } from './secrets-slice';
import { createServerSlice, type ServerSlice } from './server-slice';
import { createSessionsSlice, type SessionsSlice } from './sessions-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createToolsSlice, type ToolsSlice } from './tools-slice';

/** The renderer's one store, built from slices (zustand's slices pattern). */
export type Store = AppSlice & SessionsSlice & ChatSlice & SettingsSlice & SecretsSlice & RouterSlice & ServerSlice & ToolsSlice & ConversationSlice;

export const useStore = create<Store>()((...a) => ({
  ...createAppSlice(...a),
  ...createSessionsSlice(...a),
  ...createChatSlice(...a),
  ...createSettingsSlice(...a),
  ...createSecretsSlice(...a),
  ...createRouterSlice(...a),
  ...createServerSlice(...a),
  ...createToolsSlice(...a),
  ...createConversationSlice(...a),
}));

export { onConsoleOutput } from './chat-slice';
