const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'ae', Ö: 'oe', Ü: 'ue' };

/** Lower-case, German umlauts transliterated, other accents dropped: "Chóśebuz" → "chosebuz", "Gießen" → "giessen". */
export function foldText(text: string): string {
  return text
    .replace(/[äöüßÄÖÜ]/g, (ch) => GERMAN[ch])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function slugify(text: string, maxLength = 150): string {
  return foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
}

/** Escapes LIKE wildcards so user text is matched literally (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
