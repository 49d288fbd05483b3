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

  constructor(
    private readonly updater: Updater,
    private readonly ask: Ask,
    private readonly currentVersion: string,
  ) {
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = true;
    updater.on('update-available', (info) => void this.offerDownload(info.version));
    updater.on('update-not-available', () => {
      if (this.manual)
        void this.ask({
          message: 'Switchboard is up to date.',
          detail: `Version ${this.currentVersion} is the newest.`,
          buttons: ['OK'],
        });
      this.manual = false;
    });
    updater.on('update-downloaded', (info) => void this.offerRestart(info.version));
    updater.on('error', (error) => {
      if (this.manual)
        void this.ask({ message: 'Could not check for updates.', detail: error.message, buttons: ['OK'] });
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
    const answer = await this.ask({
      message: `Switchboard ${version} is available.`,
      detail: `You have ${this.currentVersion}. Download it now? It installs when you restart Switchboard.`,
      buttons: ['Download', 'Later'],
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
    const answer = await this.ask({
      message: `Switchboard ${version} is ready to install.`,
      detail: 'Restart now to use it, or it installs the next time you quit.',
      buttons: ['Restart Now', 'Later'],
    });
    if (answer === 0) this.updater.quitAndInstall();
  }
}
