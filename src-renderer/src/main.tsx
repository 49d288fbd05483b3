import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { restoreAppearance } from './appearance';
import { languageReady } from './i18n';
import './styles.css';

restoreAppearance();

// The first paint waits for the system language's catalog (a few kB), so it never flashes English.
void languageReady.then(() =>
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
