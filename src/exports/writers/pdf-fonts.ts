import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Fonts for the PDF. DejaVu (Debian/Ubuntu: fonts-dejavu-core) covers every
 * name in the portfolio, "Cottbus/Chóśebuz" included, and is embedded as a
 * subset. Without it the PDF falls back to the built-in Helvetica, which only
 * knows Windows-1252: other letters are written without their accent there
 * (ś → s) rather than as garbage.
 */
export interface PdfFonts {
  regular: string;
  bold: string;
  condensed: string;
  condensedBold: string;
  /** Registrations for doc.registerFont, empty for the built-in fonts. */
  files: [name: string, path: string][];
  clean(text: string): string;
}

const DEJAVU_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF', '/usr/local/share/fonts'];
const DEJAVU = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  condensed: 'DejaVuSansCondensed.ttf',
  condensedBold: 'DejaVuSansCondensed-Bold.ttf',
} as const;

/** Characters Windows-1252 has above Latin-1's printable range. */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(char)) out += char;
    else {
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length === 1 && base.charCodeAt(0) <= 0xff ? base : '?';
    }
  }
  return out;
}

let found: PdfFonts | undefined;

export function pdfFonts(): PdfFonts {
  if (found) return found;
  const dir = DEJAVU_DIRS.find((d) => Object.values(DEJAVU).every((file) => existsSync(join(d, file))));
  found = dir
    ? {
        regular: 'Sans',
        bold: 'Sans-Bold',
        condensed: 'Sans-Condensed',
        condensedBold: 'Sans-Condensed-Bold',
        files: [
          ['Sans', join(dir, DEJAVU.regular)],
          ['Sans-Bold', join(dir, DEJAVU.bold)],
          ['Sans-Condensed', join(dir, DEJAVU.condensed)],
          ['Sans-Condensed-Bold', join(dir, DEJAVU.condensedBold)],
        ],
        clean: (text) => text,
      }
    : {
        regular: 'Helvetica',
        bold: 'Helvetica-Bold',
        condensed: 'Helvetica',
        condensedBold: 'Helvetica-Bold',
        files: [],
        clean: toWinAnsi,
      };
  return found;
}
