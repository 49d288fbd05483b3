import type { McpServerView } from '../../../src-shared/tools';
import { bridge } from '../bridge';
import { describeError } from '../errors';
import type { Slice } from './types';

export interface ToolsSlice {
  /** Every MCP server of Settings → Tools with its state and tools. */
  mcpServers: McpServerView[];
  /** The last failed action on a server (restart, enable), in words. */
  toolsNotice: string | null;
  /** Loads the servers and follows their `tools.status` events until the returned function is called. */
  watchTools(): () => void;
  restartServer(name: string): Promise<void>;
  setServerEnabled(name: string, enabled: boolean): Promise<void>;
  /** Ticks or clears "Always allow" for a tool (`<server>__<tool>`), saved in `mcp_always_allow`. */
  setAlwaysAllow(toolName: string, allow: boolean): Promise<boolean>;
}

export const createToolsSlice: Slice<ToolsSlice> = (set, get) => {
  const attempt = async (call: () => Promise<{ servers: McpServerView[] }>) => {
    set({ toolsNotice: null });
    try {
      set({ mcpServers: (await call()).servers });
    } catch (error) {
      set({ toolsNotice: describeError(error) });
    }
  };
  return {
    mcpServers: [],
    toolsNotice: null,
    watchTools() {
      void attempt(() => bridge['tools.servers'](undefined));
      return bridge.onEvent((event) => {
        if (event.type === 'tools.status') set({ mcpServers: event.servers });
        else if (event.type === 'bridge.reconnected') void attempt(() => bridge['tools.servers'](undefined));
      });
    },
    restartServer: (name) => attempt(() => bridge['tools.restart']({ server: name })),
    setServerEnabled: (name, enabled) => attempt(() => bridge['tools.setEnabled']({ server: name, enabled })),
    async setAlwaysAllow(toolName, allow) {
      const current = get().settings?.mcp_always_allow ?? [];
      const next = allow ? [...new Set([...current, toolName])] : current.filter((name) => name !== toolName);
      return get().saveSettings({ mcp_always_allow: next });
    },
  };
};
