import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { UpdateChecker, type Ask, type Updater } from './updater';
import { mainWords } from './main-words';

/** electron-updater's AppUpdater at its boundary: events, check, download, install. */
class RecordingUpdater extends EventEmitter implements Updater {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  readonly calls: string[] = [];
  constructor(private readonly outcome: { version: string } | null | Error) {
    super();
  }
  async checkForUpdates(): Promise<unknown> {
    this.calls.push('check');
    if (this.outcome instanceof Error) this.emit('error', this.outcome);
    else if (this.outcome) this.emit('update-available', this.outcome);
    else this.emit('update-not-available');
    return null;
  }
  async downloadUpdate(): Promise<unknown> {
    this.calls.push('download');
    if (this.outcome && !(this.outcome instanceof Error)) this.emit('update-downloaded', this.outcome);
    return [];
  }
  quitAndInstall(): void {
    this.calls.push('install');
  }
}

function answering(...answers: number[]): { ask: Ask; questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    ask: async ({ message }) => {
      questions.push(message);
      return answers.shift() ?? 1;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UpdateChecker', () => {
  it('never downloads on its own', async () => {
    const updater = new RecordingUpdater({ version: '0.2.0' });
    const { ask, questions } = answering(1);
    await new UpdateChecker(updater, ask, '0.1.0').check(false);
    await settle();
    expect(updater.autoDownload).toBe(false);
    expect(questions).toEqual(['Switchboard 0.2.0 is available.']);
    expect(updater.calls).toEqual(['check']);
  });

  it('downloads after consent, then offers a restart', async () => {
    const updater = new RecordingUpdater({ version: '0.2.0' });
    const { ask, questions } = answering(0, 0);
    await new UpdateChecker(updater, ask, '0.1.0').check(false);
    await settle();
    expect(questions).toEqual(['Switchboard 0.2.0 is available.', 'Switchboard 0.2.0 is ready to install.']);
    expect(updater.calls).toEqual(['check', 'download', 'install']);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('says "up to date" and reports failures only when asked from the menu', async () => {
    const quiet = answering();
    await new UpdateChecker(new RecordingUpdater(null), quiet.ask, '0.1.0').check(false);
    await new UpdateChecker(
      new RecordingUpdater(new Error('net::ERR_INTERNET_DISCONNECTED')),
      quiet.ask,
      '0.1.0',
    ).check(false);
    await settle();
    expect(quiet.questions).toEqual([]);

    const asked = answering();
    await new UpdateChecker(new RecordingUpdater(null), asked.ask, '0.1.0').check(true);
    await new UpdateChecker(
      new RecordingUpdater(new Error('net::ERR_INTERNET_DISCONNECTED')),
      asked.ask,
      '0.1.0',
    ).check(true);
    await settle();
    expect(asked.questions).toEqual(['Switchboard is up to date.', 'Could not check for updates.']);
  });

  it('asks in the interface language', async () => {
    const updater = new RecordingUpdater({ version: '0.2.0' });
    const buttons: string[][] = [];
    const { ask, questions } = answering(0, 1);
    const recording: Ask = (question) => {
      buttons.push(question.buttons);
      return ask(question);
    };
    await new UpdateChecker(updater, recording, '0.1.0', () => mainWords('ru')).check(false);
    await settle();
    expect(questions).toEqual(['Доступна версия Switchboard 0.2.0.', 'Switchboard 0.2.0 готов к установке.']);
    expect(buttons).toEqual([
      ['Скачать', 'Позже'],
      ['Перезапустить', 'Позже'],
    ]);
    expect(updater.calls).toEqual(['check', 'download']);
  });
});
