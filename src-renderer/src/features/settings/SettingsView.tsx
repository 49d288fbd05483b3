import { Tabs } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store';
import { LocalApiTab } from '../server/LocalApiTab';
import { ApiKeysTab } from './ApiKeysTab';
import { GeneralTab } from './GeneralTab';
import { ToolsTab } from './ToolsTab';

/** Settings: General (agent, provider, routing, history), API Keys and Local API. */
export function SettingsView() {
  const { t } = useTranslation();
  const info = useStore((s) => s.info);
  return (
    <div className="settings">
      <header className="chat-header">
        <h1>{t('settings.title')}</h1>
        {info && <span className="small muted">{t('settings.data', { dir: info.dataDir })}</span>}
      </header>
      <Tabs.Root defaultValue="general" className="tabs">
        <Tabs.List aria-label={t('settings.sections')} className="tab-list">
          <Tabs.Trigger value="general" className="tab">
            {t('settings.general')}
          </Tabs.Trigger>
          <Tabs.Trigger value="keys" className="tab">
            {t('settings.keys')}
          </Tabs.Trigger>
          <Tabs.Trigger value="local-api" className="tab">
            {t('settings.localApi')}
          </Tabs.Trigger>
          <Tabs.Trigger value="tools" className="tab">
            {t('settings.tools')}
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
