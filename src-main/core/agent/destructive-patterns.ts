/**
 * A short list of code patterns that can wreck a machine in one line: deleting `/` or a home
 * or system folder, formatting a disk, writing to a raw disk device, fork bombs. A match flags
 * the block in red and makes it wait for approval even in Auto-run. This is a warning, not a
 * sandbox: code that matches nothing can still do damage, and a determined block can hide from
 * any list. The patterns look at the text of every language (python and node can shell out).
 */
export interface DestructivePattern {
  /** Stable id, for tests and logs. */
  id: 'delete_root' | 'format_disk' | 'raw_disk_write' | 'fork_bomb';
  /** What the person reads beside the block. */
  description: string;
  matches(code: string): boolean;
}

/** Folders whose recursive deletion is flagged: `/`, home, and the top-level system folders. */
const PROTECTED_TARGET =
  /^(?:\/|\/\*|~|~\/|~\/\*|\$HOME|\$\{HOME\}|\$HOME\/\*?|\$\{HOME\}\/\*?|\/(?:bin|boot|dev|etc|home|lib|lib32|lib64|opt|proc|root|sbin|srv|sys|usr|var|Users|System|Applications)\/?\*?)$/;

/** Raw disk devices on Linux and macOS (`/dev/sda`, `/dev/nvme0n1`, `/dev/disk2`, `/dev/mapper/x`, …). */
const DISK = String.raw`\/dev\/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d+n\d+|mmcblk\d+|r?disk\d+|md\d+|dm-\d+|mapper\/[\w.-]+)\w*`;

/** Shell commands in `code`: split at newlines, `;`, `&&`, `||`, `|`, `&` and `$(`/backticks. */
function shellCommands(code: string): string[][] {
  return code
    .split(/\n|;|&&|\|\||\||&|\$\(|`|\(|\)/)
    .map((part) =>
      part
        .trim()
        .split(/\s+/)
        .filter((word) => word !== ''),
    )
    .filter((words) => words.length > 0);
}

/** A word without the quotes, brackets and commas around it (`"rm",` in a python list → `rm`). */
const unquote = (word: string): string => word.replace(/^[['",]+|[\]'",]+$/g, '');

/** `rm` with a recursive flag and a protected target, or `--no-preserve-root` anywhere. */
function deletesProtectedTree(code: string): boolean {
  if (/--no-preserve-root\b/.test(code)) return true;
  for (const words of shellCommands(code)) {
    const at = words.findIndex((word) => /^(?:\S*\/)?rm$/.test(unquote(word)));
    if (at === -1) continue;
    const args = words.slice(at + 1).map(unquote);
    const recursive = args.some((arg) => arg === '--recursive' || /^-[A-Za-z]*[rR][A-Za-z]*$/.test(arg));
    if (recursive && args.some((arg) => !arg.startsWith('-') && PROTECTED_TARGET.test(arg))) return true;
  }
  const pythonHome = String.raw`os\.path\.expanduser\(\s*['"]~\/?['"]\s*\)|(?:pathlib\.)?Path\.home\(\)|os\.environ\[\s*['"]HOME['"]\s*\]`;
  const literal = String.raw`['"](?:\/|~|~\/|\/(?:bin|boot|etc|home|lib|opt|root|sbin|usr|var))\/?['"]`;
  const python = new RegExp(String.raw`rmtree\(\s*(?:${literal}|${pythonHome})\s*[,)]`);
  const node = new RegExp(
    String.raw`\b(?:rmSync|rm|rmdirSync|rmdir)\(\s*(?:${literal}|os\.homedir\(\))\s*,[^)]*recursive\s*:\s*true`,
  );
  return python.test(code) || node.test(code);
}

export const DESTRUCTIVE_PATTERNS: readonly DestructivePattern[] = [
  {
    id: 'delete_root',
    description: 'Deletes everything under /, a home folder or a system folder (like rm -rf /).',
    matches: deletesProtectedTree,
  },
  {
    id: 'format_disk',
    description: 'Formats a disk or wipes its signatures (mkfs, mke2fs, wipefs).',
    matches: (code) => /(?:^|[\s;&|(`'"])(?:mkfs(?:\.\w+)?|mke2fs|wipefs|newfs(?:_\w+)?)\b/m.test(code),
  },
  {
    id: 'raw_disk_write',
    description:
      'Writes straight to a raw disk device (/dev/sda, /dev/nvme0n1, …), destroying what is on it.',
    matches: (code) =>
      new RegExp(
        String.raw`\bof=${DISK}|>\s*${DISK}|\b(?:tee|shred|blkdiscard)\b[^\n;|&]*${DISK}|open\(\s*['"]${DISK}['"]\s*,\s*['"](?:w|a|r\+|wb|ab|rb\+|r\+b)['"]|(?:writeFileSync|createWriteStream|openSync)\(\s*['"]${DISK}['"]`,
      ).test(code),
  },
  {
    id: 'fork_bomb',
    description: 'A fork bomb: starts processes until the machine stops responding.',
    matches: (code) =>
      /([A-Za-z_:][\w:]*)\s*\(\)\s*\{\s*\1\s*\|\s*\1\s*&\s*\}\s*;?\s*\1(?![\w:])/.test(code) ||
      /\bwhile\s+(?:True|1)\s*:[\s\S]{0,200}?\bos\.fork\(\)/.test(code) ||
      /\bfork\s+while\s+fork\b/.test(code) ||
      /\bwhile\s*\(\s*(?:true|1)\s*\)[\s\S]{0,200}?\b(?:fork|spawn|exec)\s*\(\s*process\.argv/.test(code),
  },
];

/** The descriptions of every destructive pattern `code` matches, in list order (empty: none). */
export function findDestructivePatterns(code: string): string[] {
  return DESTRUCTIVE_PATTERNS.filter((pattern) => pattern.matches(code)).map(
    (pattern) => pattern.description,
  );
}
