import { mainWords, type MainWords } from './main-words';

/** The part of electron-updater's `AppUpdater` this uses (so a test can hand in its own). */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
}

/** A question to the person; resolves with the index of the button pressed. */
export type Ask = (question: { message: string; detail: string; buttons: string[] }) => Promise<number>;

/**
 * Update checks against GitHub Releases (electron-updater's `github` provider, configured by
 * `publish` in electron-builder.yml), in packaged builds only. Nothing downloads on its own:
 * `autoDownload` is off and a found update asks "Download" / "Later"; a downloaded update asks
 * "Restart Now" / "Later" (and otherwise installs when the app quits). A check at start-up is
 * silent unless it finds something; "Check for Updates…" also says when there is nothing new
 * or the check failed.
 */
export class UpdateChecker {
  private manual = false;
  private downloading = false;

  /** `words()` answers the words of the interface's language when a question is asked. */
  constructor(
    private readonly updater: Updater,
    private readonly ask: Ask,
    private readonly currentVersion: string,
    private readonly words: () => MainWords = () => mainWords('en'),
  ) {
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = true;
    updater.on('update-available', (info) => void this.offerDownload(info.version));
    updater.on('update-not-available', () => {
      const { t } = this.words();
      if (this.manual)
        void this.ask({
          message: t('update.upToDate'),
          detail: t('update.newest', { version: this.currentVersion }),
          buttons: [t('update.ok')],
        });
      this.manual = false;
    });
    updater.on('update-downloaded', (info) => void this.offerRestart(info.version));
    updater.on('error', (error) => {
      const { t } = this.words();
      if (this.manual)
        void this.ask({ message: t('update.checkFailed'), detail: error.message, buttons: [t('update.ok')] });
      this.manual = false;
      this.downloading = false;
    });
  }

  /** Checks now; `manual` (the menu item) reports "up to date" and failures too. */
  async check(manual: boolean): Promise<void> {
    if (this.downloading) return;
    this.manual = manual;
    try {
      await this.updater.checkForUpdates();
    } catch {
      // Reported through the 'error' event.
    }
  }

  private async offerDownload(version: string): Promise<void> {
    this.manual = false;
    const { t } = this.words();
    const answer = await this.ask({
      message: t('update.available', { version }),
      detail: t('update.availableDetail', { current: this.currentVersion }),
      buttons: [t('update.download'), t('update.later')],
    });
    if (answer !== 0) return;
    this.downloading = true;
    try {
      await this.updater.downloadUpdate();
    } catch {
      this.downloading = false;
    }
  }

  private async offerRestart(version: string): Promise<void> {
    this.downloading = false;
    const { t } = this.words();
    const answer = await this.ask({
      message: t('update.ready', { version }),
      detail: t('update.readyDetail'),
      buttons: [t('update.restartNow'), t('update.later')],
    });
    if (answer === 0) this.updater.quitAndInstall();
  }
}
