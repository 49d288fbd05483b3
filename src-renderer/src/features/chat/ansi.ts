/** How a run of terminal text looks. Colours are CSS colours. */
export interface AnsiStyle {
  color?: string;
  background?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

/** A run of text in one style. */
export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

/** The 16 basic colours (xterm's defaults, readable on the console's dark background). */
const BASIC = [
  '#2e3436',
  '#ef2929',
  '#8ae234',
  '#fce94f',
  '#729fcf',
  '#ad7fa8',
  '#34e2e2',
  '#d3d7cf',
  '#555753',
  '#ff6b6b',
  '#9ef01a',
  '#fff176',
  '#8ab4f8',
  '#d7a6f7',
  '#6ff2f2',
  '#ffffff',
];

/** A colour of the 256-colour palette. */
function palette(index: number): string | undefined {
  if (index < 0 || index > 255) return undefined;
  if (index < 16) return BASIC[index];
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return `rgb(${level},${level},${level})`;
  }
  const cube = index - 16;
  const level = (value: number) => (value === 0 ? 0 : 55 + value * 40);
  return `rgb(${level(Math.floor(cube / 36))},${level(Math.floor(cube / 6) % 6)},${level(cube % 6)})`;
}

/** Applies one SGR sequence (`ESC [ params m`) to `style`. */
function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => Number.parseInt(p, 10) || 0);
  let next: AnsiStyle = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) {
      delete next.bold;
      delete next.dim;
    } else if (code === 23) delete next.italic;
    else if (code === 24) delete next.underline;
    else if (code >= 30 && code <= 37) next.color = BASIC[code - 30] as string;
    else if (code >= 90 && code <= 97) next.color = BASIC[code - 90 + 8] as string;
    else if (code === 39) delete next.color;
    else if (code >= 40 && code <= 47) next.background = BASIC[code - 40] as string;
    else if (code >= 100 && code <= 107) next.background = BASIC[code - 100 + 8] as string;
    else if (code === 49) delete next.background;
    else if (code === 38 || code === 48) {
      const key = code === 38 ? 'color' : 'background';
      let value: string | undefined;
      if (codes[i + 1] === 5) {
        value = palette(codes[i + 2] ?? -1);
        i += 2;
      } else if (codes[i + 1] === 2) {
        value = `rgb(${codes[i + 2] ?? 0},${codes[i + 3] ?? 0},${codes[i + 4] ?? 0})`;
        i += 4;
      }
      if (value) next[key] = value;
    }
  }
  return next;
}

// An escape sequence (CSI, OSC, two-char), a line end, or a carriage return.
const TOKEN =
  // eslint-disable-next-line no-control-regex
  /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_=>()#*+][0-9A-Za-z]?|\r\n|\r|\n/g;

/**
 * Terminal output as styled segments for a static view: SGR colours and weights kept (16, 256
 * and true colours), other escape sequences dropped, `\r\n` made `\n`, and a bare `\r`
 * starting its line over (progress bars show their last state).
 */
export function ansiSegments(raw: string): AnsiSegment[] {
  const lines: AnsiSegment[][] = [[]];
  let style: AnsiStyle = {};
  let at = 0;
  const pushText = (text: string) => {
    if (text === '') return;
    // eslint-disable-next-line no-control-regex
    const printable = text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
    if (printable !== '') (lines[lines.length - 1] as AnsiSegment[]).push({ text: printable, style });
  };
  for (const match of raw.matchAll(TOKEN)) {
    pushText(raw.slice(at, match.index));
    at = match.index + match[0].length;
    const token = match[0];
    if (token === '\n' || token === '\r\n') lines.push([]);
    else if (token === '\r') lines[lines.length - 1] = [];
    else if (match[2] === 'm') style = applySgr(style, match[1] ?? '');
  }
  pushText(raw.slice(at));
  const segments: AnsiSegment[] = [];
  lines.forEach((line, index) => {
    segments.push(...line);
    if (index < lines.length - 1) segments.push({ text: '\n', style: {} });
  });
  return merge(segments);
}

/** Terminal output as plain text (see ansiSegments). */
export function terminalText(raw: string): string {
  return ansiSegments(raw)
    .map((segment) => segment.text)
    .join('');
}

function merge(segments: AnsiSegment[]): AnsiSegment[] {
  const out: AnsiSegment[] = [];
  for (const segment of segments) {
    const last = out[out.length - 1];
    if (last && sameStyle(last.style, segment.style)) last.text += segment.text;
    else out.push({ ...segment });
  }
  return out;
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof AnsiStyle>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}
