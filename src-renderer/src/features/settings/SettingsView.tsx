import { Tabs } from 'radix-ui';
import { useStore } from '../../store';
import { LocalApiTab } from '../server/LocalApiTab';
import { ApiKeysTab } from './ApiKeysTab';
import { GeneralTab } from './GeneralTab';
import { ToolsTab } from './ToolsTab';

/** Settings: General (agent, provider, routing, history), API Keys and Local API. */
export function SettingsView() {
  const info = useStore((s) => s.info);
  return (
    <div className="settings">
      <header className="chat-header">
        <h1>Settings</h1>
        {info && <span className="small muted">Data: {info.dataDir}</span>}
      </header>
      <Tabs.Root defaultValue="general" className="tabs">
        <Tabs.List aria-label="Settings sections" className="tab-list">
          <Tabs.Trigger value="general" className="tab">
            General
          </Tabs.Trigger>
          <Tabs.Trigger value="keys" className="tab">
            API Keys
          </Tabs.Trigger>
          <Tabs.Trigger value="local-api" className="tab">
            Local API
          </Tabs.Trigger>
          <Tabs.Trigger value="tools" className="tab">
            Tools
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="general" className="tab-panel">
          <GeneralTab />
        </Tabs.Content>
        <Tabs.Content value="keys" className="tab-panel">
          <ApiKeysTab />
        </Tabs.Content>
        <Tabs.Content value="local-api" className="tab-panel">
          <LocalApiTab />
        </Tabs.Content>
        <Tabs.Content value="tools" className="tab-panel">
          <ToolsTab />
        </Tabs.Content>
      </Tabs.Root>
    </div>
  );
}
