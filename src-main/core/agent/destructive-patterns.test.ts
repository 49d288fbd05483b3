import { describe, expect, it } from 'vitest';
import { DESTRUCTIVE_PATTERNS, findDestructivePatterns } from './destructive-patterns';

const flaggedAs = (code: string): string[] =>
  DESTRUCTIVE_PATTERNS.filter((p) => p.matches(code)).map((p) => p.id);

describe('destructive patterns', () => {
  it.each([
    ['rm -rf /', 'delete_root'],
    ['sudo rm -rf / ', 'delete_root'],
    ['rm -r -f /*', 'delete_root'],
    ['cd /tmp && rm -fR ~', 'delete_root'],
    ['rm --recursive --force "$HOME"', 'delete_root'],
    ['rm -rf /usr', 'delete_root'],
    ['rm -rf --no-preserve-root /', 'delete_root'],
    ['import os\nos.system("rm -rf /")', 'delete_root'],
    ['import subprocess\nsubprocess.run(["rm", "-rf", "/"])', 'delete_root'],
    ["import shutil\nshutil.rmtree('/')", 'delete_root'],
    ['import shutil, pathlib\nshutil.rmtree(pathlib.Path.home())', 'delete_root'],
    ["require('fs').rmSync('/', { recursive: true, force: true })", 'delete_root'],
    ['mkfs.ext4 /dev/sdb1', 'format_disk'],
    ['sudo mkfs -t vfat /dev/sdc', 'format_disk'],
    ['wipefs -a /dev/nvme0n1', 'format_disk'],
    ['dd if=/dev/zero of=/dev/sda bs=1M', 'raw_disk_write'],
    ['cat image.iso > /dev/disk2', 'raw_disk_write'],
    ['echo hi | sudo tee /dev/nvme0n1', 'raw_disk_write'],
    ["with open('/dev/sda', 'wb') as disk:\n    disk.write(b'0')", 'raw_disk_write'],
    [':(){ :|:& };:', 'fork_bomb'],
    ['bomb() { bomb | bomb & }; bomb', 'fork_bomb'],
    ['import os\nwhile True:\n    os.fork()', 'fork_bomb'],
    ['perl -e "fork while fork"', 'fork_bomb'],
  ])('flags %j', (code, id) => {
    expect(flaggedAs(code)).toContain(id);
  });

  it.each([
    'rm -rf build/ node_modules',
    'rm -rf /tmp/sb-cache',
    'rm -rf ./dist/*',
    'rm /etc/hosts.bak',
    'ls -la /',
    'echo "rm is a command" > notes.txt',
    'dd if=/dev/zero of=disk.img bs=1M count=10',
    'cat /dev/sda1 | head -c 512 | xxd',
    "with open('/dev/null', 'w') as sink:\n    sink.write('x')",
    "import shutil\nshutil.rmtree('build')",
    'import os\npid = os.fork()',
    'mkdir -p out && echo mkfs_docs > out/readme',
    'print("hello")',
  ])('leaves %j alone', (code) => {
    expect(findDestructivePatterns(code)).toEqual([]);
  });

  it('describes each match in words a person can act on', () => {
    const words = findDestructivePatterns('mkfs.ext4 /dev/sdz9\ndd if=/dev/zero of=/dev/sdz');
    expect(words).toEqual([
      'Formats a disk or wipes its signatures (mkfs, mke2fs, wipefs).',
      'Writes straight to a raw disk device (/dev/sda, /dev/nvme0n1, …), destroying what is on it.',
    ]);
  });
});
